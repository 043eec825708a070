package uk.boroughbroker.broker.cluster;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import uk.boroughbroker.broker.process.ChildProcess;
import uk.boroughbroker.broker.process.Readiness;

/**
 * One Keycloak node: {@code kc.sh start --optimized} (production mode) from a home of its own that
 * shares the built installation's {@code lib/}, {@code providers/}, {@code themes/} and
 * {@code conf/} (symbolic links) and has its own {@code bin/} (kc.sh takes its home from where it
 * lies) and {@code data/} (transaction logs, temporary files: never shared between nodes).
 */
final class KeycloakNode {

    static final List<String> SHARED = List.of("lib", "providers", "themes", "conf");

    private final int number;
    private final Path home;
    private final ClusterPorts.Node ports;
    private volatile ChildProcess process;

    private KeycloakNode(int number, Path home, ClusterPorts.Node ports) {
        this.number = number;
        this.home = home;
        this.ports = ports;
    }

    /** Lays out (or refreshes) the node's home beside the built installation. */
    static KeycloakNode prepare(int number, Path installation, Path home, ClusterPorts.Node ports) {
        try {
            Files.createDirectories(home.resolve("bin"));
            try (Stream<Path> scripts = Files.list(installation.resolve("bin"))) {
                for (Path script : scripts.filter(Files::isRegularFile).toList()) {
                    Files.copy(script, home.resolve("bin").resolve(script.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            for (String shared : SHARED) {
                Path link = home.resolve(shared);
                Path target = installation.resolve(shared).toAbsolutePath();
                if (!Files.isSymbolicLink(link) || !Files.readSymbolicLink(link).equals(target)) {
                    Files.deleteIfExists(link);
                    Files.createSymbolicLink(link, target);
                }
            }
        } catch (IOException e) {
            throw new ClusterException("Cannot prepare node " + number + "'s folder " + home + ": " + e.getMessage(), e);
        }
        return new KeycloakNode(number, home, ports);
    }

    int number() {
        return number;
    }

    Path home() {
        return home;
    }

    ClusterPorts.Node ports() {
        return ports;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + ports.http();
    }

    String managementUrl() {
        return "http://127.0.0.1:" + ports.management();
    }

    Path log() {
        return home.getParent().resolve("logs").resolve("node" + number + ".log");
    }

    /**
     * Everything per node on the command line (no secret there: {@code ps} shows it); the rest
     * comes from keycloak.conf.
     */
    List<String> command(String jdbcUrl, String frontDoor) {
        return List.of(home.resolve("bin").resolve("kc.sh").toString(), "start", "--optimized",
                "--db-url=" + jdbcUrl,
                "--db-username=" + PostgresServer.ROLE,
                "--hostname=" + frontDoor,
                "--http-host=127.0.0.1",
                "--http-port=" + ports.http(),
                "--http-management-port=" + ports.management(),
                // JGroups binds to a site-local address by default; here every node is on loopback.
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + ports.jgroups());
    }

    /** Secrets go in the environment: the database password, and the bootstrap admin on a first start. */
    static Map<String, String> environment(String databasePassword, Map<String, String> bootstrapAdmin) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KC_DB_PASSWORD", databasePassword);
        env.putAll(bootstrapAdmin);
        return env;
    }

    void start(String jdbcUrl, String frontDoor, Map<String, String> environment) {
        try {
            process = ChildProcess.start(command(jdbcUrl, frontDoor), home, environment, log());
        } catch (IOException e) {
            throw new ClusterException("Cannot start Keycloak node " + number + ": " + e.getMessage(), e);
        }
    }

    /** Waits until the node reports ready on its management port, or fails with the end of its log. */
    void awaitReady(Duration timeout) {
        Readiness.Outcome outcome = Readiness.await(URI.create(managementUrl() + "/health/ready"), process, timeout);
        switch (outcome) {
            case READY -> {
                return;
            }
            case INTERRUPTED -> throw new ClusterException("Interrupted while waiting for Keycloak node " + number);
            case EXITED -> throw new ClusterException("Keycloak node " + number + " stopped while starting. End of "
                    + log() + ":\n" + process.tail(30));
            default -> throw new ClusterException("Keycloak node " + number + " was not ready after "
                    + timeout.toSeconds() + " s. End of " + log() + ":\n" + process.tail(30));
        }
    }

    /** kc.sh's process (SIGTERM to it stops the node gracefully: kc.sh forwards it). */
    Optional<ProcessHandle> script() {
        ChildProcess p = process;
        return p == null ? Optional.empty() : Optional.of(p.handle());
    }

    /** The server JVM, a child of kc.sh (kc.sh does not exec it): what a crash test kills with -9. */
    Optional<ProcessHandle> server() {
        return script().flatMap(s -> s.children().filter(c -> c.info().command()
                .map(cmd -> cmd.endsWith("/java")).orElse(false)).findFirst());
    }

    boolean isAlive() {
        ChildProcess p = process;
        return p != null && p.isAlive();
    }

    void stop(Duration grace) {
        ChildProcess p = process;
        if (p != null) {
            p.stop(grace);
        }
    }
}
