package uk.boroughbroker.broker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keycloak as a child process ({@code bin/kc.sh start-dev}) bound to loopback, its output in a log
 * file so the terminal shows only what the operator needs.
 */
final class KeycloakProcess {

    private final Process process;
    private final Path log;
    private final int httpPort;
    private final int managementPort;

    private KeycloakProcess(Process process, Path log, int httpPort, int managementPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    static KeycloakProcess start(KeycloakInstallation installation, UpOptions options, BrokerSecrets secrets, Path log) {
        return start(installation, options.httpPort(), options.managementPort(), Map.of(), secrets, log);
    }

    /** @param extraEnv added to Keycloak's environment (for example {@code JAVA_OPTS_KC_HEAP}) */
    static KeycloakProcess start(KeycloakInstallation installation, int httpPort, int managementPort,
            Map<String, String> extraEnv, BrokerSecrets secrets, Path log) {
        Path kc = installation.dir().toAbsolutePath().resolve("bin").resolve("kc.sh");
        ProcessBuilder builder = new ProcessBuilder(List.of(kc.toString(), "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--health-enabled=true"));
        builder.directory(installation.dir().toAbsolutePath().toFile());
        Map<String, String> env = builder.environment();
        env.putAll(extraEnv);
        // Run Keycloak on the JDK this launcher was started with (checked to be 17 or newer).
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.putAll(bootstrapAdmin(secrets));
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        try {
            Files.createDirectories(log.getParent());
            return new KeycloakProcess(builder.start(), log, httpPort, managementPort);
        } catch (IOException e) {
            throw new BrokerException("Cannot start Keycloak (" + kc + "): " + e.getMessage(), e);
        }
    }

    /**
     * The admin console's user and the launcher's admin client, created by Keycloak on its first
     * start on an empty database (ignored afterwards); secrets in the environment, never in argv.
     */
    static Map<String, String> bootstrapAdmin(BrokerSecrets secrets) {
        return Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", BrokerSecrets.ADMIN_USER,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", secrets.adminPassword(),
                "KC_BOOTSTRAP_ADMIN_CLIENT_ID", BrokerSecrets.ADMIN_CLIENT,
                "KC_BOOTSTRAP_ADMIN_CLIENT_SECRET", secrets.adminClientSecret());
    }

    long pid() {
        return process.pid();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until Keycloak reports ready on its management port, or fails with the end of its log. */
    void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/health/ready")).timeout(Duration.ofSeconds(5)).GET().build();
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
                throw new BrokerException("Interrupted while waiting for Keycloak to start");
            }
            if (waitForExit(Duration.ofMillis(500))) {
                throw new BrokerException("Keycloak stopped while starting (exit code " + process.exitValue() + "). "
                        + hint() + "End of " + log + ":\n" + tail(30));
            }
        }
        throw new BrokerException("Keycloak was not ready after " + timeout.toSeconds() + " s. End of " + log + ":\n"
                + tail(30));
    }

    /** @return true when the process exited within the wait */
    boolean waitForExit(Duration wait) {
        try {
            process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }

    int exitValue() {
        return process.exitValue();
    }

    /**
     * Asks Keycloak to stop (SIGTERM, which kc.sh forwards to the server JVM) and waits; whatever is
     * left of the process tree after the grace period is killed, so nothing outlives the launcher.
     */
    void stop(Duration grace) {
        Processes.stopTree(process.toHandle(), grace);
    }

    private String hint() {
        String tail = tail(200);
        if (tail.contains("Address already in use") || tail.contains("Port already bound")) {
            return "A port it needs is in use (HTTP " + httpPort + ", management " + managementPort + "). ";
        }
        if (tail.contains("UnsupportedClassVersionError") || tail.contains("requires Java")) {
            return "Keycloak needs Java 17 or newer. ";
        }
        return "";
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
