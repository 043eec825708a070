package uk.boroughbroker.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("KeycloakNode: one node of the cluster")
class KeycloakNodeTest {

    @TempDir
    Path dir;
    Path installation;
    KeycloakNode node;

    @BeforeEach
    void builtInstallation() throws Exception {
        installation = dir.resolve("keycloak-26.7.3");
        for (String d : new String[] {"bin", "lib/quarkus", "providers", "themes", "conf"}) {
            Files.createDirectories(installation.resolve(d));
        }
        Files.writeString(installation.resolve("bin/kc.sh"), "#!/bin/sh\n");
        node = KeycloakNode.prepare(2, installation, dir.resolve("node2"), ClusterPorts.defaults().nodes().get(1));
    }

    @Test
    @DisplayName("has its own bin/ (kc.sh takes its home from where it lies) and data/, and shares the built rest")
    void sharesTheBuild() throws Exception {
        Path home = dir.resolve("node2");

        assertThat(home.resolve("bin/kc.sh")).isRegularFile().hasContent("#!/bin/sh\n");
        for (String shared : KeycloakNode.SHARED) {
            assertThat(Files.readSymbolicLink(home.resolve(shared))).isEqualTo(installation.resolve(shared).toAbsolutePath());
        }
        assertThat(home.resolve("data")).doesNotExist();
    }

    @Test
    @DisplayName("preparing again is harmless (a restart)")
    void preparedAgain() {
        KeycloakNode again = KeycloakNode.prepare(2, installation, dir.resolve("node2"), node.ports());

        assertThat(again.home()).isEqualTo(node.home());
    }

    @Test
    @DisplayName("starts optimized (production mode) on loopback, with its own ports, and no secret on the command line")
    void startsOptimized() {
        assertThat(node.command("jdbc:postgresql://127.0.0.1:15432/keycloak", "https://localhost:18443"))
                .containsSubsequence("start", "--optimized")
                .contains("--db-url=jdbc:postgresql://127.0.0.1:15432/keycloak", "--db-username=keycloak",
                        "--hostname=https://localhost:18443", "--http-host=127.0.0.1", "--http-port=18082",
                        "--http-management-port=19002", "--cache-embedded-network-bind-address=127.0.0.1",
                        "--cache-embedded-network-bind-port=17801")
                .noneMatch(arg -> arg.contains("password") || arg.contains("secret"));
    }

    @Test
    @DisplayName("gets the database password (and a first start's bootstrap admin) in its environment")
    void secretsInTheEnvironment() {
        assertThat(KeycloakNode.environment("pw", Map.of("KC_BOOTSTRAP_ADMIN_PASSWORD", "a")))
                .containsEntry("KC_DB_PASSWORD", "pw").containsEntry("KC_BOOTSTRAP_ADMIN_PASSWORD", "a")
                .containsKey("JAVA_HOME");
    }
}
