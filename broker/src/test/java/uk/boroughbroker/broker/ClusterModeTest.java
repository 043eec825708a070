package uk.boroughbroker.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("ClusterMode: the launcher's side of up --cluster, without starting one")
class ClusterModeTest {

    @Test
    @DisplayName("nothing runs from a home where no cluster ever started, and stopping leftovers there does nothing")
    void nothingRunning(@TempDir Path home) {
        RunFiles run = new RunFiles(home);

        assertThat(ClusterMode.anyRunning(home, run)).isFalse();
        ClusterMode.stopLeftovers(home, run);
        assertThat(home.resolve(ClusterMode.DIR)).doesNotExist();
    }

    @Test
    @DisplayName("a recorded child that still runs counts as a running cluster (down must stop it, reset must refuse)")
    void aLiveChildCounts(@TempDir Path home) {
        RunFiles run = new RunFiles(home);
        run.write("haproxy", ProcessHandle.current().pid());

        assertThat(ClusterMode.anyRunning(home, run)).isTrue();
    }

    @Test
    @DisplayName("a database folder whose server is gone (stale pid file) is not a running cluster")
    void staleDatabasePidFile(@TempDir Path home) throws Exception {
        Path data = home.resolve(ClusterMode.DIR).resolve("postgres").resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("postmaster.pid"), "999999\n");

        assertThat(ClusterMode.anyRunning(home, new RunFiles(home))).isFalse();
    }
}
