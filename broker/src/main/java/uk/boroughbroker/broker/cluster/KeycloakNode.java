package uk.boroughbroker.broker.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

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
        process = ChildProcess.start("Keycloak node " + number, command(jdbcUrl, frontDoor), home, environment, log());
    }

    /** Waits until the node reports ready on its management port, or fails with the end of its log. */
    void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl() + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException("Interrupted while waiting for Keycloak node " + number);
            }
            if (process.waitForExit(Duration.ofMillis(500))) {
                throw new ClusterException("Keycloak node " + number + " stopped while starting. End of " + log() + ":\n"
                        + process.tail(30));
            }
        }
        throw new ClusterException("Keycloak node " + number + " was not ready after " + timeout.toSeconds() + " s. End of "
                + log() + ":\n" + process.tail(30));
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
