package uk.boroughbroker.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.boroughbroker.broker.cluster.ClusterException;

@DisplayName("RemoteBroker: councils commands against a broker elsewhere (--server)")
class RemoteBrokerTest {

    static final Path REALMS = Path.of("..", "realms");
    static final Map<String, String> SECRET = Map.of(RemoteBroker.CLIENT_SECRET_VARIABLE, "s3cret");

    @Nested
    @DisplayName("accepts")
    class Accepts {

        @Test
        @DisplayName("an HTTPS URL, with the admin client's id defaulted and its secret from the environment")
        void https() {
            RemoteBroker remote = RemoteBroker.of("https://broker.example.gov.uk/", "borough", null, REALMS, null, SECRET);

            assertThat(remote.url()).isEqualTo("https://broker.example.gov.uk");
            assertThat(remote.clientId()).isEqualTo(RemoteBroker.DEFAULT_CLIENT);
            assertThat(remote.state().realm()).isEqualTo("borough");
            assertThat(remote.state().variables()).containsEntry(RemoteBroker.CLIENT_SECRET_VARIABLE, "s3cret");
            assertThat(remote.toString()).doesNotContain("s3cret");
        }

        @Test
        @DisplayName("plain HTTP to this machine only (a node's own port)")
        void httpToThisMachine() {
            assertThat(RemoteBroker.of("http://127.0.0.1:8080", "borough", null, REALMS, null, SECRET).url())
                    .isEqualTo("http://127.0.0.1:8080");
        }

        @Test
        @DisplayName("a PEM file of CA certificates to trust instead of the JVM's")
        void caFile() {
            Path ca = Path.of("src", "test", "resources", "remote-ca.pem");
            assertThat(RemoteBroker.of("https://broker.example.gov.uk", "borough", ca, REALMS, null, SECRET).tls())
                    .isNotNull();
        }
    }

    @Nested
    @DisplayName("refuses, before anything is sent")
    class Refuses {

        @Test
        @DisplayName("plain HTTP to another machine, naming the risk")
        void plainHttpElsewhere() {
            assertThatThrownBy(() -> RemoteBroker.of("http://broker.example.gov.uk", "borough", null, REALMS, null, SECRET))
                    .isInstanceOf(UsageException.class).hasMessageContaining("plain HTTP")
                    .hasMessageContaining("in clear");
        }

        @Test
        @DisplayName("something that is not a broker URL")
        void notAUrl() {
            assertThatThrownBy(() -> RemoteBroker.of("broker.example.gov.uk", "borough", null, REALMS, null, SECRET))
                    .isInstanceOf(UsageException.class).hasMessageContaining("such as https://broker.example.gov.uk");
            assertThatThrownBy(() -> RemoteBroker.of("ftp://x", "borough", null, REALMS, null, SECRET))
                    .isInstanceOf(UsageException.class);
        }

        @Test
        @DisplayName("a missing secret, naming the variables (never an option: ps would show it)")
        void noSecret() {
            assertThatThrownBy(() -> RemoteBroker.of("https://broker.example.gov.uk", "borough", null, REALMS, null, Map.of()))
                    .isInstanceOf(UsageException.class).hasMessageContaining(RemoteBroker.CLIENT_SECRET_VARIABLE)
                    .hasMessageContaining(RemoteBroker.CLIENT_ID_VARIABLE);
        }

        @Test
        @DisplayName("a CA file that is missing or holds no certificate")
        void badCaFile(@TempDir Path dir) throws Exception {
            assertThatThrownBy(() -> RemoteBroker.of("https://b.example", "borough", dir.resolve("none.pem"), REALMS, null,
                    SECRET)).isInstanceOf(UsageException.class).hasMessageContaining("--ca-file: no such file");
            Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
            assertThatThrownBy(() -> RemoteBroker.of("https://b.example", "borough", empty, REALMS, null, SECRET))
                    .isInstanceOf(ClusterException.class).hasMessageContaining("Cannot read the CA certificates in " + empty);
        }

        @Test
        @DisplayName("councils apply --server without --councils: there is no demo file to fall back on")
        void applyWithoutCouncilsFile() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThatThrownBy(() -> CouncilsCommand.run(List.of("apply", "--server", "https://broker.example.gov.uk"),
                    new PrintStream(out, true, StandardCharsets.UTF_8), SECRET))
                    .isInstanceOf(UsageException.class).hasMessageContaining("needs --councils FILE");
        }
    }
}
