package uk.boroughbroker.broker;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import uk.boroughbroker.broker.cluster.KeycloakConf;
import uk.boroughbroker.broker.process.ChildProcess;
import uk.boroughbroker.broker.process.Readiness;

/**
 * Keycloak as a child process ({@code bin/kc.sh start-dev}) bound to loopback, its output in a log
 * file so the terminal shows only what the operator needs.
 */
final class KeycloakProcess {

    private final ChildProcess process;
    private final Path log;
    private final int httpPort;
    private final int managementPort;

    private KeycloakProcess(ChildProcess process, Path log, int httpPort, int managementPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    /**
     * Theme and template caches on, as {@code start} has them: {@code start-dev} turns them off so
     * that a theme edit shows at once, and then parses the login page's FreeMarker templates at every
     * page (60 % of a sign-in's CPU in the bench's profile, docs/performance.md).
     */
    static final List<String> THEME_CACHES = List.of("--spi-theme--cache-themes=true", "--spi-theme--cache-templates=true");

    /**
     * @param extraEnv     added to Keycloak's environment (for example {@code JAVA_OPTS_KC_HEAP})
     * @param extraOptions added to {@code start-dev}'s options (for example {@link #THEME_CACHES})
     */
    static KeycloakProcess start(KeycloakInstallation installation, int httpPort, int managementPort,
            Map<String, String> extraEnv, List<String> extraOptions, BrokerSecrets secrets, Path log) {
        Path kc = installation.dir().toAbsolutePath().resolve("bin").resolve("kc.sh");
        List<String> command = new java.util.ArrayList<>(List.of(kc.toString(), "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--health-enabled=true",
                // Keycloak's meters and ours (per council: sign-ins, directory requests, circuits; decision 0026).
                "--metrics-enabled=true"));
        // The features the production build turns off (keycloak.conf, decision 0033), off here too:
        // one list, so the dev broker and the benchmark run what the image ships.
        String disabled = KeycloakConf.bundled().options().get(KeycloakConf.FEATURES_DISABLED);
        if (disabled != null && !disabled.isBlank()) {
            command.add("--" + KeycloakConf.FEATURES_DISABLED + "=" + disabled);
        }
        command.addAll(extraOptions);
        Map<String, String> env = new LinkedHashMap<>(extraEnv);
        // Run Keycloak on the JDK this launcher was started with (checked to be 17 or newer).
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.putAll(bootstrapAdmin(secrets));
        try {
            return new KeycloakProcess(ChildProcess.start(command, installation.dir().toAbsolutePath(), env, log), log,
                    httpPort, managementPort);
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
        return process.handle();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until Keycloak reports ready on its management port, or fails with the end of its log. */
    void awaitReady(Duration timeout) {
        Readiness.Outcome outcome = Readiness.await(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"),
                process, timeout);
        switch (outcome) {
            case READY -> {
                return;
            }
            case INTERRUPTED -> throw new BrokerException("Interrupted while waiting for Keycloak to start");
            case EXITED -> throw new BrokerException("Keycloak stopped while starting (exit code " + process.exitValue()
                    + "). " + hint() + "End of " + log + ":\n" + tail(30));
            default -> throw new BrokerException("Keycloak was not ready after " + timeout.toSeconds() + " s. End of "
                    + log + ":\n" + tail(30));
        }
    }

    /** @return true when the process exited within the wait */
    boolean waitForExit(Duration wait) {
        return process.waitForExit(wait);
    }

    int exitValue() {
        return process.exitValue();
    }

    /**
     * Asks Keycloak to stop (SIGTERM, which kc.sh forwards to the server JVM) and waits; whatever is
     * left of the process tree after the grace period is killed, so nothing outlives the launcher.
     */
    void stop(Duration grace) {
        process.stop(grace);
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
        return process.tail(lines);
    }
}
