package uk.boroughbroker.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import com.unboundid.ldap.sdk.LDAPConnection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The six demo council directories")
class DemoDirectoriesTest {

    static final Path DEMO = Path.of("..", "realms", "demo");

    @Test
    void whenStartedThenEveryCouncilLdifHasADirectoryAndTheCouncilsFileVariables() throws Exception {
        try (DemoDirectories demo = DemoDirectories.start(DEMO, 0, null)) {
            assertThat(demo.councils().keySet())
                    .containsExactly("brent", "camden", "haringey", "islington", "lewisham", "southwark");
            assertThat(demo.variables()).containsKeys("BRENT_LDAP_URL", "BRENT_BIND_PASSWORD", "HARINGEY_LDAP_URL",
                    "SOUTHWARK_BIND_PASSWORD").hasSize(12);
            CouncilDirectory camden = demo.council("camden");
            assertThat(demo.variables().get("CAMDEN_LDAP_URL")).isEqualTo(camden.url());
            try (LDAPConnection connection = new LDAPConnection("127.0.0.1", camden.port(), camden.bindDn(),
                    demo.variables().get("CAMDEN_BIND_PASSWORD"))) {
                assertThat(connection.getEntry(camden.usersDn())).isNotNull();
            }
        }
    }

    @Test
    void whenAskedForAnUnknownCouncilThenTheErrorListsTheKnownOnes() {
        try (DemoDirectories demo = DemoDirectories.start(DEMO, 0, null)) {
            assertThatThrownBy(() -> demo.council("barnet"))
                    .hasMessageContaining("No demo directory for council 'barnet'").hasMessageContaining("brent");
        }
    }

    @Test
    void whenAFirstPortIsGivenThenTheCouncilsTakeConsecutivePorts() throws IOException {
        int first = sixFreePortsBelowTheEphemeralRange();
        try (DemoDirectories demo = DemoDirectories.start(DEMO, first, 0, null)) {
            assertThat(demo.council("brent").port()).isEqualTo(first);
            assertThat(demo.council("camden").port()).isEqualTo(first + 1);
        }
    }

    /**
     * A first port whose next five are free too, below Linux's ephemeral range (32768+): a port there
     * can be taken at any moment by some process's outgoing connection, which made this test flaky.
     */
    private static int sixFreePortsBelowTheEphemeralRange() throws IOException {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = 20_000 + random.nextInt(10_000);
            boolean free = true;
            for (int port = first; port < first + 6 && free; port++) {
                try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
                    free = probe.isBound();
                } catch (IOException busy) {
                    free = false;
                }
            }
            if (free) {
                return first;
            }
        }
        throw new IOException("no six consecutive free ports found between 20000 and 30000");
    }

    @Test
    void whenOneCouncilsPortIsBusyThenStartFailsNamingItAndNoOtherDirectoryIsLeftListening() throws IOException {
        int first = sixFreePortsBelowTheEphemeralRange();
        try (ServerSocket busy = new ServerSocket(first + 1, 1, InetAddress.getByName("127.0.0.1"))) {
            int camdenPort = busy.getLocalPort();

            assertThatThrownBy(() -> DemoDirectories.start(DEMO, camdenPort - 1, 0, null))
                    .isInstanceOf(DirectoryStartException.class)
                    .hasMessageContaining(Integer.toString(camdenPort)).hasMessageContaining("camden");

            try (ServerSocket brentPortAgain = new ServerSocket(camdenPort - 1, 1, InetAddress.getByName("127.0.0.1"))) {
                assertThat(brentPortAgain.isBound()).isTrue();
            }
        }
    }

    @Test
    void whenTheFolderHasNoLdifThenTheErrorSaysSo(@TempDir Path empty) {
        assertThatThrownBy(() -> DemoDirectories.start(empty, 0, null))
                .isInstanceOf(DirectoryStartException.class)
                .hasMessageContaining("No council LDIF files");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
