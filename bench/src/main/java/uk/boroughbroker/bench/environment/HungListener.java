package uk.boroughbroker.bench.environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hung domain controller: listens on a DC's port, accepts every TCP connection and never sends a
 * byte, so a client's connect succeeds and only its read timeout (or nothing) ends the wait. Put in
 * place of a stopped directory on the same port, it turns "down" into "hung" without the realms
 * being reconfigured.
 */
final class HungListener implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;

    private HungListener(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::acceptUntilClosed, "hung-dc-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @throws UncheckedIOException when the port cannot be bound (still held by the directory, or taken) */
    static HungListener on(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 200);
            return new HungListener(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen as a hung DC on 127.0.0.1:" + port, e);
        }
    }

    private void acceptUntilClosed() {
        while (!server.isClosed()) {
            try {
                held.add(server.accept()); // kept open, never read from or written to
                accepted.incrementAndGet();
            } catch (IOException closed) {
                return;
            }
        }
    }

    int accepted() {
        return accepted.get();
    }

    /** Stops listening and drops every held connection, so clients see the hang end in a reset. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        for (Socket socket : held) {
            try {
                socket.close();
            } catch (IOException e) {
                // Best effort: the client's read timeout covers it.
            }
        }
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
