package uk.boroughbroker.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Cluster")
class ClusterTest {

    @Test
    @DisplayName("generates the database password once, owner-only, and keeps it (the database was set up with it)")
    void databasePassword(@TempDir Path dir) throws Exception {
        String first = Cluster.databasePassword(dir);

        assertThat(first).matches("[A-Za-z0-9_-]{32}");
        assertThat(Cluster.databasePassword(dir)).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(Cluster.DATABASE_PASSWORD_FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    @DisplayName("stopping the database of a folder where none ever ran does nothing")
    void stopDatabaseWithNone(@TempDir Path dir) {
        Cluster.stopDatabase(dir);

        assertThat(dir.resolve("postgres")).doesNotExist();
    }
}
