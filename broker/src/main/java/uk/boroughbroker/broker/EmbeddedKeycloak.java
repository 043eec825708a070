package uk.boroughbroker.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

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
    private static final int START_ATTEMPTS = 2;

    private final KeycloakProcess process;
    private final BrokerSecrets secrets;
    private final BuildInfo build;
    private final int httpPort;
    private final int managementPort;
    private final Path log;
    private final boolean rebuilt;

    private EmbeddedKeycloak(KeycloakProcess process, BrokerSecrets secrets, BuildInfo build, int httpPort,
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
    public static Builder builder(Path home) {
        return new Builder(home);
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

    /** Settings of a start; {@link #start()} unpacks, installs the providers and waits until ready. */
    public static final class Builder {

        private final Path home;
        private boolean freshData;
        private String heap;
        private boolean themeCaches;
        private final List<String> features = new java.util.ArrayList<>();
        private Duration startTimeout = START_TIMEOUT;
        private Consumer<String> progress = message -> { };
        /** Fixed ports, or -1: ports the operating system chooses. */
        private int httpPort = -1;
        private int managementPort = -1;
        private Consumer<ProcessHandle> launched = process -> { };

        private Builder(Path home) {
            if (home == null) {
                throw new IllegalArgumentException("a home folder for Keycloak is required");
            }
            this.home = home.toAbsolutePath().normalize();
        }

        /** Delete Keycloak's database (and log) first, so realms and users start from nothing. */
        public Builder freshData(boolean fresh) {
            this.freshData = fresh;
            return this;
        }

        /** JVM heap options for Keycloak ({@code JAVA_OPTS_KC_HEAP}, e.g. "-Xms512m -Xmx1g"); kc.sh's default otherwise. */
        public Builder heap(String javaHeapOptions) {
            if (javaHeapOptions != null && !javaHeapOptions.matches("(-X(ms|mx)\\d+[kKmMgG]?\\s*)+")) {
                throw new IllegalArgumentException("heap options must be -Xms/-Xmx settings such as \"-Xms512m -Xmx1g\", got '"
                        + javaHeapOptions + "'");
            }
            this.heap = javaHeapOptions == null ? null : javaHeapOptions.strip();
            return this;
        }

        /**
         * Cache themes and templates as production does ({@code start}), though this is
         * {@code start-dev}: for measurements of the sign-in pages rather than of FreeMarker parsing
         * them at every page. Off by default, so that a theme edit shows at once.
         */
        public Builder themeCaches(boolean on) {
            this.themeCaches = on;
            return this;
        }

        /** Keycloak features to turn on besides the default ones, such as {@code scim-api}. */
        public Builder features(String... names) {
            features.addAll(List.of(names));
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the start timeout must be positive, got " + timeout);
            }
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Fixed ports, as {@code ./broker.sh up} takes them, instead of free ones chosen: the caller
         * checked they are free, and a start that finds one taken is not tried again elsewhere.
         */
        Builder ports(int http, int management) {
            this.httpPort = http;
            this.managementPort = management;
            return this;
        }

        /**
         * Told the process as soon as it is launched, before it is ready: a launcher that is stopped
         * meanwhile (Ctrl-C, {@code broker down}) stops it through this, so no Keycloak outlives it.
         */
        Builder whenLaunched(Consumer<ProcessHandle> process) {
            this.launched = process;
            return this;
        }

        /** Where to report what is happening (unpacking, building, starting); nowhere by default. */
        public Builder progress(Consumer<String> messages) {
            this.progress = messages == null ? message -> { } : messages;
            return this;
        }

        /**
         * @throws BrokerException when Keycloak cannot be installed or does not become ready; the
         *                         message ends with its log
         */
        public EmbeddedKeycloak start() {
            BuildInfo build = BuildInfo.load();
            BrokerSecrets secrets = BrokerSecrets.loadOrCreate(home);
            KeycloakInstallation installation = KeycloakInstallation.prepare(home, build);
            if (installation.unpacked()) {
                progress.accept("Unpacked Keycloak " + build.keycloakVersion() + " into " + installation.dir());
            }
            Path log = home.resolve("logs").resolve("keycloak.log");
            if (freshData) {
                try {
                    KeycloakInstallation.deleteTree(installation.dir().resolve("data"));
                    Files.deleteIfExists(log);
                } catch (IOException e) {
                    throw new BrokerException("Cannot delete Keycloak's data in " + installation.dir() + ": "
                            + e.getMessage(), e);
                }
            }
            boolean rebuild = installation.rebuildExpected();
            progress.accept(rebuild ? "Starting Keycloak; it builds itself with the Borough Broker extensions first "
                    + "(about 30-60 s)..." : "Starting Keycloak (extensions unchanged, no rebuild)...");
            Map<String, String> env = new LinkedHashMap<>();
            if (heap != null) {
                env.put("JAVA_OPTS_KC_HEAP", heap);
            }
            boolean choosePorts = httpPort < 0;
            for (int attempt = 1;; attempt++) {
                int http = choosePorts ? Ports.freePort(-1) : httpPort;
                int management = choosePorts ? Ports.freePort(http) : managementPort;
                List<String> startOptions = new java.util.ArrayList<>(
                        themeCaches ? KeycloakProcess.THEME_CACHES : List.of());
                if (!features.isEmpty()) {
                    startOptions.add("--features=" + String.join(",", features));
                }
                KeycloakProcess process = KeycloakProcess.start(installation, http, management, env, startOptions,
                        secrets, log);
                launched.accept(process.handle());
                try {
                    process.awaitReady(startTimeout);
                } catch (BrokerException e) {
                    process.stop(STOP_GRACE);
                    // The ports were free when chosen; another program may have taken one since.
                    boolean portTaken = process.tail(200).contains("Address already in use")
                            || process.tail(200).contains("Port already bound");
                    if (choosePorts && portTaken && attempt < START_ATTEMPTS) {
                        continue;
                    }
                    throw e;
                }
                installation.markBuilt();
                return new EmbeddedKeycloak(process, secrets, build, http, management, log, rebuild);
            }
        }
    }
}
