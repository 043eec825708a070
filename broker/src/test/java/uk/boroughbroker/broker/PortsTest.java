package uk.boroughbroker.broker;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Ports.requireFree")
class PortsTest {

    @Test
    void whenThePortIsFreeThenItPasses() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }

        assertThatCode(() -> Ports.requireFree(port, "Keycloak HTTP", "--http-port")).doesNotThrowAnyException();
        // Checking does not keep the port: a second check (and Keycloak) can still take it.
        assertThatCode(() -> Ports.requireFree(port, "Keycloak HTTP", "--http-port")).doesNotThrowAnyException();
    }

    @Test
    void whenAProgramListensOnThePortThenTheErrorNamesPortOptionAndTheNextPort() throws IOException {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = busy.getLocalPort();

            assertThatThrownBy(() -> Ports.requireFree(port, "Keycloak management and health", "--management-port"))
                    .isInstanceOf(BrokerException.class)
                    .hasMessageStartingWith("Port " + port + " (Keycloak management and health) is already in use")
                    .hasMessageContaining("./broker.sh down")
                    .hasMessageEndingWith("./broker.sh up --management-port " + (port + 1));
        }
    }
}
