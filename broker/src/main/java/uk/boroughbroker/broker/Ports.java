package uk.boroughbroker.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Fails early and clearly when a port Keycloak needs is taken, instead of deep in Keycloak's log. */
final class Ports {

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
}
