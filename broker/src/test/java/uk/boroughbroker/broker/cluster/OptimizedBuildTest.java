package uk.boroughbroker.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("OptimizedBuild: kc.sh build, once for all nodes")
class OptimizedBuildTest {

    @TempDir
    Path keycloak;
    KeycloakConf conf = KeycloakConf.parse("k.conf", KeycloakConfTest.GOOD);

    /** A kc.sh that records each call and what keycloak.conf said at the time. */
    @BeforeEach
    void fakeKcSh() throws Exception {
        Files.createDirectories(keycloak.resolve("bin"));
        Files.createDirectories(keycloak.resolve("providers"));
        Files.writeString(keycloak.resolve("providers/borough-keycloak-extensions.jar"), "v1");
        Path kc = keycloak.resolve("bin/kc.sh");
        Files.writeString(kc, "#!/bin/sh\necho \"$@\" >> \"$(dirname \"$0\")/../calls\"\n"
                + "grep -q '^db=postgres' \"$(dirname \"$0\")/../conf/keycloak.conf\" || exit 3\n");
        Files.setPosixFilePermissions(kc, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    @DisplayName("builds with keycloak.conf in place, then not again while nothing changed")
    void buildsOnce() throws Exception {
        assertThat(OptimizedBuild.ensure(keycloak, conf, keycloak.resolve("build.log"))).isTrue();
        assertThat(OptimizedBuild.ensure(keycloak, conf, keycloak.resolve("build.log"))).isFalse();

        assertThat(keycloak.resolve("calls")).hasContent("build");
    }

    @Test
    @DisplayName("builds again when a provider changed")
    void rebuildsForAChangedProvider() throws Exception {
        OptimizedBuild.ensure(keycloak, conf, null);
        Files.writeString(keycloak.resolve("providers/borough-keycloak-extensions.jar"), "v2");

        assertThat(OptimizedBuild.ensure(keycloak, conf, null)).isTrue();
    }

    @Test
    @DisplayName("builds again when keycloak.conf changed")
    void rebuildsForAChangedConf() {
        OptimizedBuild.ensure(keycloak, conf, null);

        assertThat(OptimizedBuild.ensure(keycloak, KeycloakConf.parse("k.conf", KeycloakConfTest.GOOD + "log=console\n"),
                null)).isTrue();
    }

    @Test
    @DisplayName("a failed build says so with its output, and is tried again next time")
    void failedBuild() throws Exception {
        Files.writeString(keycloak.resolve("bin/kc.sh"), "#!/bin/sh\necho 'ERROR: bad option' ; exit 4\n");

        assertThatThrownBy(() -> OptimizedBuild.ensure(keycloak, conf, null)).isInstanceOf(ClusterException.class)
                .hasMessageContaining("kc.sh failed (exit code 4)").hasMessageContaining("ERROR: bad option");
        assertThat(keycloak.resolve(OptimizedBuild.STAMP)).doesNotExist();
    }
}
