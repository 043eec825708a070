package uk.boroughbroker.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("PostgresServer: a throw-away PostgreSQL 15 cluster")
class PostgresServerTest {

    static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    static final Path DIR = Path.of("/srv/broker/cluster/postgres");

    @Nested
    @DisplayName("as root")
    class AsRoot {

        final PostgresServer server = new PostgresServer(BIN, DIR, 15432, true);

        @Test
        @DisplayName("runs every PostgreSQL tool as the unprivileged postgres user")
        void runsAsPostgres() {
            assertThat(server.initdb()).startsWith("runuser", "-u", "postgres", "--", "/usr/lib/postgresql/15/bin/initdb");
            assertThat(server.pgCtlStart()).startsWith("runuser", "-u", "postgres", "--");
            assertThat(server.psql()).startsWith("runuser", "-u", "postgres", "--");
        }
    }

    @Nested
    @DisplayName("as an ordinary user")
    class AsAnOrdinaryUser {

        final PostgresServer server = new PostgresServer(BIN, DIR, 15432, false);

        @Test
        @DisplayName("runs the tools as that user")
        void runsAsTheUser() {
            assertThat(server.initdb().get(0)).isEqualTo("/usr/lib/postgresql/15/bin/initdb");
        }

        @Test
        @DisplayName("initialises with SCRAM for TCP and peer for the socket, data under its folder")
        void initialisesSafely() {
            assertThat(server.initdb()).contains("-D", "/srv/broker/cluster/postgres/data", "--auth-host=scram-sha-256",
                    "--auth-local=peer");
        }

        @Test
        @DisplayName("listens on loopback only, on its port, its socket in its own folder")
        void listensOnLoopbackOnly() {
            String settings = server.pgCtlStart().get(server.pgCtlStart().indexOf("-o") + 1);

            assertThat(settings).contains("listen_addresses=127.0.0.1", "port=15432",
                    "unix_socket_directories='/srv/broker/cluster/postgres'");
            assertThat(server.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/keycloak");
        }
    }

    @Test
    @DisplayName("creates Keycloak's role and database only when missing, and sets the password every time")
    void setupIsIdempotent() {
        String sql = PostgresServer.setupSql("abcdefghijklmnop-_0123");

        assertThat(sql).contains("IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'keycloak') THEN CREATE ROLE keycloak LOGIN")
                .contains("ALTER ROLE keycloak PASSWORD 'abcdefghijklmnop-_0123';")
                .contains("WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'keycloak')\\gexec");
    }

    @Test
    @DisplayName("refuses a password that could break out of the SQL string")
    void refusesAnUnsafePassword() {
        assertThatThrownBy(() -> PostgresServer.setupSql("abcdefghijklmnop'; DROP")).isInstanceOf(
                IllegalArgumentException.class);
    }

    @Test
    @DisplayName("when PostgreSQL 15 is missing, names the Debian package to install")
    void namesTheMissingPackage(@TempDir Path empty) {
        assertThatThrownBy(() -> PostgresServer.requireInstalled(empty)).isInstanceOf(ClusterException.class)
                .hasMessageContaining("apt-get install postgresql-15");
    }

    @Test
    @DisplayName("refuses a folder whose path would break its start options")
    void refusesAQuoteInThePath() {
        assertThatThrownBy(() -> new PostgresServer(BIN, Path.of("/srv/o'brien/postgres"), 15432, false))
                .isInstanceOf(ClusterException.class).hasMessageContaining("quote");
    }

    @Test
    @DisplayName("generates the database password once, owner-only, and keeps it (the database was set up with it)")
    void keycloakPassword(@TempDir Path dir) throws Exception {
        String first = PostgresServer.keycloakPassword(dir);

        assertThat(first).matches("[A-Za-z0-9_-]{32}");
        assertThat(PostgresServer.keycloakPassword(dir)).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(PostgresServer.PASSWORD_FILE))))
                .isEqualTo("rw-------");
    }
}
