package uk.boroughbroker.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * docker/Containerfile and compose.yaml cannot be built or run here (no container engine), so
 * what they must hold is checked as text: the same providers as the launcher installs, the same
 * keycloak.conf as cluster mode, the Keycloak version of the build.
 */
@DisplayName("The image (docker/Containerfile) ships what cluster mode runs")
class ContainerImageTest {

    static final Path DOCKER = Path.of("..", "docker");

    @Test
    @DisplayName("copies every providers jar the launcher installs, before kc.sh build")
    void copiesEveryProviderJar() throws Exception {
        String containerfile = Files.readString(DOCKER.resolve("Containerfile"));
        int build = containerfile.indexOf("RUN /opt/keycloak/bin/kc.sh build");

        assertThat(build).isPositive();
        for (String jar : KeycloakInstallation.PROVIDER_JARS) {
            String copy = "COPY broker/target/classes" + KeycloakInstallation.PROVIDERS_RESOURCE + jar
                    + " /opt/keycloak/providers/";
            assertThat(containerfile).contains(copy);
            assertThat(containerfile.indexOf(copy)).as(jar + " is copied before the build").isLessThan(build);
        }
        assertThat(containerfile.lines().filter(l -> l.contains("/opt/keycloak/providers/")).count())
                .as("no jar the launcher does not install").isEqualTo(KeycloakInstallation.PROVIDER_JARS.size());
    }

    @Test
    @DisplayName("builds with docker/conf/keycloak.conf, the file cluster mode builds with")
    void buildsWithTheSharedConf() throws Exception {
        String containerfile = Files.readString(DOCKER.resolve("Containerfile"));

        assertThat(containerfile).contains("COPY docker/conf/keycloak.conf /opt/keycloak/conf/keycloak.conf");
        assertThat(containerfile.indexOf("COPY docker/conf/keycloak.conf"))
                .isLessThan(containerfile.indexOf("RUN /opt/keycloak/bin/kc.sh build"));
    }

    @Test
    @DisplayName("is FROM the official Keycloak image of the version the launcher runs, in both stages")
    void fromTheSameKeycloak() throws Exception {
        List<String> froms = Files.readString(DOCKER.resolve("Containerfile")).lines()
                .filter(l -> l.startsWith("FROM ")).toList();

        assertThat(froms).hasSize(2).allSatisfy(from -> assertThat(from)
                .startsWith("FROM quay.io/keycloak/keycloak:" + BuildInfo.load().keycloakVersion()));
    }

    @Test
    @DisplayName("starts optimized, with the realm files and the secrets-from-files entrypoint, as an unprivileged user")
    void startsOptimized() throws Exception {
        String containerfile = Files.readString(DOCKER.resolve("Containerfile"));

        assertThat(containerfile).contains("CMD [\"start\", \"--optimized\"]", "COPY realms/borough/ /opt/borough/realms/borough/",
                "ENTRYPOINT [\"/opt/borough/entrypoint.sh\"]", "USER 1000");
        assertThat(DOCKER.resolve("entrypoint.sh")).isExecutable();
    }

    @Test
    @DisplayName("compose gives no secret inline: the database and admin passwords come from files")
    void composeHasNoInlineSecret() throws Exception {
        String compose = Files.readString(DOCKER.resolve("compose.yaml"));

        assertThat(compose).contains("KC_DB_PASSWORD_FILE: /run/secrets/db_password",
                "POSTGRES_PASSWORD_FILE: /run/secrets/db_password", "KC_BOOTSTRAP_ADMIN_PASSWORD_FILE: /run/secrets/admin_password",
                "file: ./secrets/db_password");
        assertThat(compose.lines().filter(l -> l.matches("\\s*[A-Z_]*(PASSWORD|SECRET):.*"))).isEmpty();
    }
}
