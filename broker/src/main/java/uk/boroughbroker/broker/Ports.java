package uk.boroughbroker.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;

/**
 * Keycloak's loopback ports: checked free early and clearly, instead of deep in Keycloak's log, or
 * chosen by the operating system for tools that run beside {@code ./broker.sh up}.
 */
final class Ports {

    /** Ports that belong to {@code ./broker.sh up} and the Keycloak test framework. */
    static final Set<Integer> RESERVED_PORTS = Set.of(8080, 9000);

    private Ports() {
    }

    static void requireFree(int port, String what, String option) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new BrokerException("Port " + port + " (" + what + ") is already in use by another program. "
                    + "Stop that program (is a broker already running? try ./broker.sh down), or choose another port: "
                    + "./broker.sh up " + option + " " + (port < 65535 ? port + 1 : port - 1));
        }
    }

    /** A loopback port the OS says is free now, never a reserved one nor {@code other}. */
    static int freePort(int other) {
        for (int i = 0; i < 20; i++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                // 127.0.0.1 as Keycloak binds it, not getLoopbackAddress() (::1 where IPv6 is preferred).
                socket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
                int port = socket.getLocalPort();
                if (!RESERVED_PORTS.contains(port) && port != other) {
                    return port;
                }
            } catch (IOException e) {
                throw new BrokerException("Cannot find a free loopback port: " + e.getMessage(), e);
            }
        }
        throw new BrokerException("The operating system kept offering reserved ports (8080, 9000)");
    }
}
