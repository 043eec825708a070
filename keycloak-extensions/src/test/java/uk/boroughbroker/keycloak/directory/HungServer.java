package uk.boroughbroker.keycloak.directory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A "domain controller" that accepts TCP connections on loopback and never says a word: the hung DC
 * of decision 0008. Counts accepted connections so a test can tell whether anything reached it.
 */
final class HungServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;

    HungServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        acceptor = new Thread(this::acceptForever, "hung-dc-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptForever() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                held.add(socket); // kept open, never read from or written to
                accepted.incrementAndGet();
            } catch (IOException closed) {
                return;
            }
        }
    }

    String url() {
        return "ldap://127.0.0.1:" + server.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : held) {
            socket.close();
        }
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A loopback port nothing listens on (bound by the OS, then released): connections are refused. */
    static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            return probe.getLocalPort();
        }
    }
}
