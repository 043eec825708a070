package uk.boroughbroker.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("KeycloakConf: docker/conf/keycloak.conf, shared by the image and cluster mode")
class KeycloakConfTest {

    static final Path FILE = Path.of("..", "docker", "conf", "keycloak.conf");
    static final Path QUARKUS = FILE.resolveSibling(KeycloakConf.QUARKUS_FILE);

    static final String GOOD = """
            # comment
            db=postgres
            health-enabled=true
            metrics-enabled=true
            cache=ispn
            cache-stack=jdbc-ping
            http-enabled=true
            proxy-headers=xforwarded
            truststore-paths=${kc.home.dir}/conf/truststores
            """;

    @Nested
    @DisplayName("the project's file")
    class TheProjectsFile {

        @Test
        @DisplayName("parses and holds every option cluster mode relies on, with the value it relies on")
        void holdsWhatClusterModeReliesOn() {
            KeycloakConf conf = KeycloakConf.read(FILE);

            assertThat(conf.options()).containsAllEntriesOf(KeycloakConf.CLUSTER_MODE_RELIES_ON)
                    .containsKey("truststore-paths").containsEntry("proxy-trusted-addresses", "127.0.0.1");
        }

        @Test
        @DisplayName("is what the launcher jar carries, byte for byte")
        void isWhatTheLauncherCarries() throws Exception {
            try (var in = KeycloakConf.class.getResourceAsStream(KeycloakConf.RESOURCE)) {
                assertThat(in).as("resource " + KeycloakConf.RESOURCE).isNotNull();
                assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo(Files.readString(FILE));
            }
            assertThat(KeycloakConf.bundled().options()).isEqualTo(KeycloakConf.read(FILE).options());
        }

        @Test
        @DisplayName("carries quarkus.properties beside it, byte for byte, with the pool's connection check on")
        void carriesQuarkusProperties(@org.junit.jupiter.api.io.TempDir Path keycloak) throws Exception {
            try (var in = KeycloakConf.class.getResourceAsStream("/keycloak-conf/" + KeycloakConf.QUARKUS_FILE)) {
                assertThat(in).isNotNull();
                assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo(Files.readString(QUARKUS));
            }
            KeycloakConf.bundled().writeInto(keycloak);

            assertThat(keycloak.resolve("conf/quarkus.properties")).hasSameTextualContentAs(QUARKUS);
            assertThat(Files.readAllLines(QUARKUS)).contains("quarkus.datasource.jdbc.validate-on-borrow=true");
        }

        @Test
        @DisplayName("names no deployment: no database URL, host name or password")
        void namesNoDeployment() {
            assertThat(KeycloakConf.read(FILE).options()).doesNotContainKeys("db-url", "db-username", "db-password",
                    "hostname", "bootstrap-admin-password");
        }
    }

    @Nested
    @DisplayName("refuses, each problem as file:line")
    class Refuses {

        @Test
        @DisplayName("a secret, saying which environment variable to use instead")
        void aSecret() {
            assertThatThrownBy(() -> KeycloakConf.parse("keycloak.conf", GOOD + "db-password=hunter2\n"))
                    .isInstanceOf(ClusterException.class)
                    .hasMessageContaining("keycloak.conf:10: db-password is a secret").hasMessageContaining("KC_DB_PASSWORD");
        }

        @Test
        @DisplayName("a changed option cluster mode relies on, and a missing truststore")
        void aChangedOption() {
            String text = GOOD.replace("cache-stack=jdbc-ping", "cache-stack=kubernetes").replace("truststore-paths", "#");

            assertThatThrownBy(() -> KeycloakConf.parse("k.conf", text)).hasMessageContaining(
                    "k.conf: cluster mode needs cache-stack=jdbc-ping, not kubernetes")
                    .hasMessageContaining("k.conf: truststore-paths must be set");
        }

        @Test
        @DisplayName("in quarkus.properties: a key that is not a Quarkus property, and a secret")
        void quarkusProblems() {
            assertThatThrownBy(() -> KeycloakConf.parse("k.conf", GOOD, "q.properties",
                    "# pool\ndb-pool-max-size=10\nquarkus.datasource.password=hunter2\n"))
                    .hasMessageContaining("q.properties:2: 'db-pool-max-size' is not a Quarkus property")
                    .hasMessageContaining("q.properties:3: quarkus.datasource.password is a secret")
                    .hasMessageContaining("(QUARKUS_DATASOURCE_PASSWORD)");
        }

        @Test
        @DisplayName("a line that is not option=value, and an option set twice")
        void malformedLines() {
            assertThatThrownBy(() -> KeycloakConf.parse("k.conf", GOOD + "just words\nhttp-enabled=true\n"))
                    .hasMessageContaining("k.conf:10: expected option=value, got 'just words'")
                    .hasMessageContaining("k.conf:11: http-enabled is set twice");
        }
    }

    @Test
    @DisplayName("is written unchanged into a Keycloak installation's conf/")
    void writtenUnchanged(@org.junit.jupiter.api.io.TempDir Path keycloak) throws Exception {
        KeycloakConf.parse("k.conf", GOOD).writeInto(keycloak);

        assertThat(keycloak.resolve("conf/keycloak.conf")).hasContent(GOOD);
    }

    @Test
    @DisplayName("changes its fingerprint when quarkus.properties changes, so cluster mode builds again")
    void fingerprintCoversQuarkusProperties() {
        String one = KeycloakConf.parse("k.conf", GOOD, "q", "quarkus.datasource.jdbc.validate-on-borrow=true\n").sha256();
        String other = KeycloakConf.parse("k.conf", GOOD, "q", "quarkus.datasource.jdbc.validate-on-borrow=false\n").sha256();

        assertThat(one).isNotEqualTo(other);
    }
}
