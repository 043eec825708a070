package uk.boroughbroker.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Cluster")
class ClusterTest {

    @Test
    @DisplayName("stopping the database of a folder where none ever ran does nothing")
    void stopDatabaseWithNone(@TempDir Path dir) {
        Cluster.stopDatabase(dir);

        assertThat(dir.resolve("postgres")).doesNotExist();
    }
}
