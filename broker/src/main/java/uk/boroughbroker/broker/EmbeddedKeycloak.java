package uk.boroughbroker.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import uk.boroughbroker.realms.AdminApi;

/**
 * Keycloak with the Borough Broker extensions, started from code: by {@code ./broker.sh up}
 * ({@link Launcher}, on its fixed ports) and by tools that need a server of their own, the benchmark
 * suite (bench/) and its smoke test, on loopback ports the operating system chooses (never 8080 or
 * 9000, which belong to {@code broker up} and the integration tests) and in a home the caller
 * names, so that they run beside either of them. One installation, providers and start command.
 *
 * <pre>{@code
 * try (EmbeddedKeycloak keycloak = EmbeddedKeycloak.builder(Path.of("bench/target/keycloak-home"))
 *         .freshData(true).start()) {
 *     new RealmApplier(keycloak.admin()).apply(realm);
 * }
 * }</pre>
 *
 * <p>Realms are the caller's business (see {@code uk.boroughbroker.realms.RealmApplier}); the
 * confidential demo clients' secrets the realm files expect are {@link #clientSecrets()} (each
 * client its own), {@code BROKER_DEMO_SERVICE_SECRET} among them as {@link #serviceSecret()}.
 */
public final class EmbeddedKeycloak implements RunningKeycloak {

    /** The longest a start may take (a first start builds Keycloak with the providers). */
    static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    /** How long Keycloak has to stop after SIGTERM before what is left of it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final KeycloakProcess process;
    private final BrokerSecrets secrets;
    private final BuildInfo build;
    private final int httpPort;
    private final int managementPort;
    private final Path log;
    private final boolean rebuilt;

    EmbeddedKeycloak(KeycloakProcess process, BrokerSecrets secrets, BuildInfo build, int httpPort,
            int managementPort, Path log, boolean rebuilt) {
        this.process = process;
        this.secrets = secrets;
        this.build = build;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.log = log;
        this.rebuilt = rebuilt;
    }

    /** @param home Keycloak's installation, database, generated secrets and log go here */
    public static EmbeddedKeycloakBuilder builder(Path home) {
        return new EmbeddedKeycloakBuilder(home);
    }

    /** {@code http://127.0.0.1:<port>} */
    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public int managementPort() {
        return managementPort;
    }

    /** The Admin REST API as the bootstrap admin client (master realm). */
    @Override
    public AdminApi admin() {
        return secrets.admin(baseUrl());
    }

    /** The generated secret of {@code borough-demo-service} (the realm files' {@code BROKER_DEMO_SERVICE_SECRET}). */
    @Override
    public String serviceSecret() {
        return secrets.demoServiceSecret();
    }

    /** Every confidential demo client's generated secret, by the realm files' variable for it. */
    @Override
    public java.util.Map<String, String> clientSecrets() {
        return secrets.clientSecrets();
    }

    @Override
    public String keycloakVersion() {
        return build.keycloakVersion();
    }

    /** Whether this start ran Keycloak's build step (new installation or changed providers). */
    @Override
    public boolean rebuilt() {
        return rebuilt;
    }

    @Override
    public Path log() {
        return log;
    }

    /** The last lines of Keycloak's log, for error messages. */
    public String tail(int lines) {
        return process.tail(lines);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return true when Keycloak exited within the wait */
    boolean waitForExit(Duration wait) {
        return process.waitForExit(wait);
    }

    int exitValue() {
        return process.exitValue();
    }

    /**
     * The JVM that serves requests, for resource measurements: {@code kc.sh} runs it as a child (and
     * replaces itself with it after a re-augmentation), so it is the deepest {@code java} process of
     * the tree.
     */
    public Optional<ProcessHandle> serverProcess() {
        ProcessHandle root = process.handle();
        Optional<ProcessHandle> child = root.descendants().filter(EmbeddedKeycloak::isJava)
                .max(Comparator.comparingLong(ProcessHandle::pid));
        if (child.isPresent()) {
            return child;
        }
        return isJava(root) && root.isAlive() ? Optional.of(root) : Optional.empty();
    }

    @Override
    public List<ProcessHandle> serverProcesses() {
        return serverProcess().stream().toList();
    }

    /** Plain HTTP on loopback. */
    @Override
    public java.net.http.HttpClient.Builder httpClient() {
        return java.net.http.HttpClient.newBuilder();
    }

    private static boolean isJava(ProcessHandle p) {
        return p.info().command().map(c -> c.endsWith("/java") || c.endsWith("\\java.exe")).orElse(false);
    }

    /** Stops Keycloak (SIGTERM, then for sure after 30 s) and whatever of its process tree is left. */
    @Override
    public void close() {
        process.stop(STOP_GRACE);
    }
}
