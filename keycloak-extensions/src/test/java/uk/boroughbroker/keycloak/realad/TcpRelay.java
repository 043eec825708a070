package uk.boroughbroker.keycloak.realad;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Passes TCP connections on 127.0.0.1 through to a domain controller, byte for byte: the broker then
 * talks to the real DC, with its real certificate, under a name the certificate does not carry, as
 * it would after a DNS or routing change sent it to the wrong server.
 */
final class TcpRelay implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    private TcpRelay(String targetHost, int targetPort) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        daemon(this::acceptUntilClosed, "relay-" + server.getLocalPort());
    }

    static TcpRelay to(String host, int port) throws IOException {
        return new TcpRelay(host, port);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections relayed so far: more than none shows the DC was reached. */
    int connections() {
        return connections.get();
    }

    private void acceptUntilClosed() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(target);
                connections.incrementAndGet();
                daemon(() -> pump(client, target), "relay-out");
                daemon(() -> pump(target, client), "relay-in");
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ended) {
            // one side closed: the other is closed below
        } finally {
            try {
                to.close();
                from.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
