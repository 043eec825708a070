package uk.boroughbroker.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Settings of an {@link EmbeddedKeycloak} start ({@link EmbeddedKeycloak#builder}); {@link #start()}
 * unpacks, installs the providers and waits until ready.
 */
public final class EmbeddedKeycloakBuilder {

    private static final int START_ATTEMPTS = 2;

    private final Path home;
    private boolean freshData;
    private String heap;
    private boolean themeCaches;
    private final List<String> features = new java.util.ArrayList<>();
    private Duration startTimeout = EmbeddedKeycloak.START_TIMEOUT;
    private Consumer<String> progress = message -> { };
    /** Fixed ports, or -1: ports the operating system chooses. */
    private int httpPort = -1;
    private int managementPort = -1;
    private Consumer<ProcessHandle> launched = process -> { };

    EmbeddedKeycloakBuilder(Path home) {
        if (home == null) {
            throw new IllegalArgumentException("a home folder for Keycloak is required");
        }
        this.home = home.toAbsolutePath().normalize();
    }

    /** Delete Keycloak's database (and log) first, so realms and users start from nothing. */
    public EmbeddedKeycloakBuilder freshData(boolean fresh) {
        this.freshData = fresh;
        return this;
    }

    /** JVM heap options for Keycloak ({@code JAVA_OPTS_KC_HEAP}, e.g. "-Xms512m -Xmx1g"); kc.sh's default otherwise. */
    public EmbeddedKeycloakBuilder heap(String javaHeapOptions) {
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
    public EmbeddedKeycloakBuilder themeCaches(boolean on) {
        this.themeCaches = on;
        return this;
    }

    /** Keycloak features to turn on besides the default ones, such as {@code scim-api}. */
    public EmbeddedKeycloakBuilder features(String... names) {
        features.addAll(List.of(names));
        return this;
    }

    public EmbeddedKeycloakBuilder startTimeout(Duration timeout) {
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
    EmbeddedKeycloakBuilder ports(int http, int management) {
        this.httpPort = http;
        this.managementPort = management;
        return this;
    }

    /**
     * Told the process as soon as it is launched, before it is ready: a launcher that is stopped
     * meanwhile (Ctrl-C, {@code broker down}) stops it through this, so no Keycloak outlives it.
     */
    EmbeddedKeycloakBuilder whenLaunched(Consumer<ProcessHandle> process) {
        this.launched = process;
        return this;
    }

    /** Where to report what is happening (unpacking, building, starting); nowhere by default. */
    public EmbeddedKeycloakBuilder progress(Consumer<String> messages) {
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
                process.stop(EmbeddedKeycloak.STOP_GRACE);
                // The ports were free when chosen; another program may have taken one since.
                String tail = process.tail(200);
                boolean portTaken = tail.contains("Address already in use") || tail.contains("Port already bound");
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
