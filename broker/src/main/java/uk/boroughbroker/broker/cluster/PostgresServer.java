package uk.boroughbroker.broker.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A throw-away PostgreSQL 15 database cluster for Keycloak, from Debian's {@code postgresql-15}
 * package: its own data folder under the broker home, on a loopback port, run by an unprivileged
 * user (as root: the package's {@code postgres} user, through {@code runuser}; PostgreSQL refuses
 * to run as root). The packaged {@code main} cluster is left alone.
 *
 * <p>Local connections (the socket, in the owner-only folder) use peer authentication, TCP ones
 * SCRAM: the Keycloak role's password is set again at every start from the file the broker keeps.
 */
final class PostgresServer {

    static final String PACKAGE = "postgresql-15";
    static final Path BINARIES = Path.of("/usr/lib/postgresql/15/bin");
    static final String OS_USER = "postgres";
    static final String DATABASE = "keycloak";
    static final String ROLE = "keycloak";
    static final String PASSWORD_FILE = "database.password";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asRoot;

    /** @param dir the cluster's folder: {@code data/}, the socket and {@code postgres.log} go there */
    PostgresServer(Path bin, Path dir, int port, boolean asRoot) {
        this.bin = bin;
        this.dir = dir.toAbsolutePath().normalize();
        this.port = port;
        this.asRoot = asRoot;
        if (this.dir.toString().contains("'")) {
            throw new ClusterException("The broker home's path must not contain a quote (') for PostgreSQL: " + this.dir);
        }
    }

    /**
     * The Keycloak role's password: generated on first start, kept owner-only in the cluster's folder
     * {@code dir} beside the database, and given to each node in its environment.
     */
    static String keycloakPassword(Path dir) {
        Path file = dir.resolve(PASSWORD_FILE);
        try {
            if (Files.exists(file)) {
                String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!kept.isEmpty()) {
                    return kept;
                }
            }
            Files.createDirectories(dir);
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, password, StandardCharsets.UTF_8);
            return password;
        } catch (IOException e) {
            throw new ClusterException("Cannot read or write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Debian's PostgreSQL 15, or an error that names the package to install. */
    static Path requireInstalled(Path bin) {
        for (String tool : List.of("initdb", "pg_ctl", "psql", "postgres")) {
            if (Commands.executable(List.of(bin.resolve(tool))).isEmpty()) {
                throw new ClusterException("Cluster mode needs PostgreSQL 15 (" + bin.resolve(tool) + " is missing). "
                        + "Install Debian's package: apt-get install " + PACKAGE);
            }
        }
        return bin;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    Path dataDir() {
        return dir.resolve("data");
    }

    Path log() {
        return dir.resolve("postgres.log");
    }

    /** Creates the database cluster on first use, starts it, and makes sure Keycloak's role and database exist. */
    void start(String keycloakPassword) {
        prepareFolder();
        if (!Files.exists(dataDir().resolve("PG_VERSION"))) {
            Commands.run(initdb(), dir, Map.of(), null, TIMEOUT, null);
        }
        Commands.run(pgCtlStart(), dir, Map.of(), null, TIMEOUT, null);
        Commands.run(psql(), dir, Map.of(), setupSql(keycloakPassword), TIMEOUT, null);
    }

    /** Fast shutdown (rolls back open transactions, no wait for clients); nothing when it is not running. */
    void stop() {
        if (running()) {
            Commands.run(asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir().toString(), "-m", "fast",
                    "-w", "-t", "60", "stop")), dir, Map.of(), null, TIMEOUT, null);
        }
    }

    boolean running() {
        if (!Files.exists(dataDir().resolve("postmaster.pid"))) {
            return false;
        }
        try {
            Commands.run(asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir().toString(), "status")), dir,
                    Map.of(), null, TIMEOUT, null);
            return true;
        } catch (ClusterException e) {
            return false;
        }
    }

    List<String> initdb() {
        return asOwner(List.of(bin.resolve("initdb").toString(), "-D", dataDir().toString(),
                "--auth-host=scram-sha-256", "--auth-local=peer", "-E", "UTF8", "--locale=C.UTF-8"));
    }

    List<String> pgCtlStart() {
        // Only on loopback, the socket in the owner-only folder; a few more connections than the
        // default 100, as each node's pool may open up to 100 (Keycloak's db-pool-max-size).
        String settings = "-c listen_addresses=127.0.0.1 -c port=" + port + " -c unix_socket_directories='" + dir
                + "' -c max_connections=250";
        return asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir().toString(), "-l", log().toString(),
                "-w", "-t", "60", "-o", settings, "start"));
    }

    List<String> psql() {
        return asOwner(List.of(bin.resolve("psql").toString(), "-h", dir.toString(), "-p", String.valueOf(port),
                "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-f", "-"));
    }

    /** Idempotent: the role and database are created once, the password set each time (read from stdin, never argv). */
    static String setupSql(String keycloakPassword) {
        if (!keycloakPassword.matches("[A-Za-z0-9_-]{16,}")) {
            throw new IllegalArgumentException("the database password must be 16 or more of A-Z a-z 0-9 _ -");
        }
        return String.join("\n",
                "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + ROLE + "') THEN CREATE ROLE "
                        + ROLE + " LOGIN; END IF; END$$;",
                "ALTER ROLE " + ROLE + " PASSWORD '" + keycloakPassword + "';",
                "SELECT 'CREATE DATABASE " + DATABASE + " OWNER " + ROLE + "' WHERE NOT EXISTS (SELECT FROM pg_database "
                        + "WHERE datname = '" + DATABASE + "')\\gexec",
                "");
    }

    /** As root, run as the {@code postgres} user; otherwise as the current user. */
    List<String> asOwner(List<String> command) {
        if (!asRoot) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", OS_USER, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** The folder belongs to the user PostgreSQL runs as, owner-only, and that user can reach it. */
    private void prepareFolder() {
        try {
            Files.createDirectories(dir);
            if (asRoot) {
                UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
                try {
                    Files.setOwner(dir, users.lookupPrincipalByName(OS_USER));
                    Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView.class)
                            .setGroup(users.lookupPrincipalByGroupName(OS_USER));
                } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
                    throw new ClusterException("There is no '" + OS_USER + "' user to run PostgreSQL as. "
                            + "Install Debian's package: apt-get install " + PACKAGE);
                }
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new ClusterException("Cannot prepare PostgreSQL's folder " + dir + ": " + e.getMessage(), e);
        }
        if (asRoot) {
            try {
                Commands.run(asOwner(List.of("test", "-w", dir.toString())), null, Map.of(), null, TIMEOUT, null);
            } catch (ClusterException e) {
                throw new ClusterException("PostgreSQL runs as the unprivileged user '" + OS_USER + "', which cannot reach "
                        + dir + " (a folder above it is closed to other users). Use a broker home others may enter, "
                        + "for example ./broker.sh up --cluster --home /srv/borough-broker");
            }
        }
    }
}
