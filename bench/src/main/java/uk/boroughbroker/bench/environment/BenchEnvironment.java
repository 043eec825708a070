package uk.boroughbroker.bench.environment;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import uk.boroughbroker.bench.load.ResourceSampler;
import uk.boroughbroker.bench.report.Startup;
import uk.boroughbroker.bench.suite.SuiteOptions;
import uk.boroughbroker.bench.suite.UsageException;
import uk.boroughbroker.broker.ClusteredKeycloak;
import uk.boroughbroker.broker.EmbeddedKeycloak;
import uk.boroughbroker.broker.RunningKeycloak;
import uk.boroughbroker.realms.AdminApi;
import uk.boroughbroker.realms.Council;
import uk.boroughbroker.realms.Councils;
import uk.boroughbroker.realms.RealmApplier;
import uk.boroughbroker.realms.RealmDefinition;
import uk.boroughbroker.realms.Variables;
import uk.boroughbroker.model.directory.DirectorySettings;

/**
 * Everything a benchmark run compares on: the councils' directories (the demo's or generated ones),
 * Keycloak with the Borough Broker extensions in the run's topology (one dev-mode node on OS-chosen
 * ports, or the production cluster; fresh database, its own home), the broker realm and the stock
 * realm side by side on the same directories and the same Keycloak.
 */
public final class BenchEnvironment implements AutoCloseable {

    /** Password of every generated user; public, like all demo data. */
    public static final String USER_PASSWORD = "BenchUser!2026";
    public static final String STOCK_REALM = "stock";

    private final BenchDirectories directories;
    private final RunningKeycloak keycloak;
    private final Councils councils;
    private final ObjectNode brokerRealm;
    private final RealmDefinition brokerDefinition;
    private final Startup startup;
    private final Target broker;
    private final Target stock;

    private BenchEnvironment(BenchDirectories directories, RunningKeycloak keycloak, Councils councils,
            RealmDefinition brokerDefinition, Startup startup, Target broker, Target stock) {
        this.directories = directories;
        this.keycloak = keycloak;
        this.councils = councils;
        this.brokerDefinition = brokerDefinition;
        this.brokerRealm = brokerDefinition.representation();
        this.startup = startup;
        this.broker = broker;
        this.stock = stock;
    }

    /** Starts it all, or nothing: whatever started is stopped again when a later step fails. */
    public static BenchEnvironment start(SuiteOptions options, PrintStream out) {
        BenchCouncils bench = options.councils().isPresent()
                ? BenchCouncils.generate(options.councils().getAsInt(), options.out().resolve("councils"))
                : BenchCouncils.demo(options.realms());
        if (!bench.ids().contains(options.outageCouncil())) {
            throw new UsageException("--outage-council '" + options.outageCouncil() + "' is not one of the councils "
                    + bench.ids());
        }
        Instant started = Instant.now();
        out.printf("Starting %d %scouncil directories with %,d generated users each (and a second DC for %s)...%n",
                bench.ids().size(), bench.generated() ? "generated " : "", options.usersPerCouncil(),
                options.outageCouncil());
        BenchDirectories directories = BenchDirectories.start(bench.directories(), options.usersPerCouncil(),
                USER_PASSWORD, options.outageCouncil());
        RunningKeycloak keycloak = null;
        try {
            double directoriesSeconds = seconds(started);
            out.printf("Directories up in %.1f s%n", directoriesSeconds);
            Instant kcStarted = Instant.now();
            keycloak = startKeycloak(options, out, true);
            double keycloakSeconds = seconds(kcStarted);
            boolean rebuilt = keycloak.rebuilt();
            out.printf("Keycloak %s (%s) up at %s in %.1f s (log: %s)%n", keycloak.keycloakVersion(),
                    options.topology().describe(), keycloak.baseUrl(), keycloakSeconds, keycloak.log());

            Map<String, String> values = new HashMap<>(directories.variables());
            // Each confidential client has its own secret (issue 11).
            values.putAll(keycloak.clientSecrets());
            Variables variables = Variables.only(values);
            List<String> failover = directories.controllers(options.outageCouncil()).stream()
                    .map(DomainController::url).toList();
            Councils councils = BrokerRealm.councils(bench, variables, options.outageCouncil(), failover,
                    options.connectTimeoutMillis(), options.readTimeoutMillis());
            for (String id : councils.ids()) {
                directories.controllers(id); // every council in the file has a directory
            }
            RealmDefinition definition = BrokerRealm.definition(options.realms(), bench, councils, variables);
            AdminApi admin = keycloak.admin();
            Instant realmsStarted = Instant.now();
            new RealmApplier(admin).apply(definition);
            options.circuitOpenSeconds().ifPresent(seconds -> openCircuitsFor(admin, definition.realmName(), seconds));
            double brokerSeconds = seconds(realmsStarted);
            Instant stockStarted = Instant.now();
            StockRealm.create(admin, STOCK_REALM, definition.representation(), councils, keycloak.serviceSecret(), true);
            double stockSeconds = seconds(stockStarted);
            Long rss = ResourceSampler.rssMiB(keycloak.serverProcesses());
            out.printf("Realms '%s' (broker, %.1f s) and '%s' (stock, %.1f s) applied, %d federations each; "
                    + "Keycloak RSS %s MiB%n", definition.realmName(), brokerSeconds, STOCK_REALM, stockSeconds,
                    councils.ids().size(), rss);
            Double restartSeconds = null;
            Long rssAfterRestart = null;
            if (bench.generated()) {
                // A node's restart with every council's federation in its database: what an operator waits for.
                keycloak.close();
                keycloak = null;
                Instant restarted = Instant.now();
                keycloak = startKeycloak(options, out, false);
                restartSeconds = seconds(restarted);
                rssAfterRestart = ResourceSampler.rssMiB(keycloak.serverProcesses());
                out.printf("Keycloak restarted with both realms in %.1f s; RSS %s MiB%n", restartSeconds,
                        rssAfterRestart);
            }
            Startup startup = new Startup(councils.ids().size(), bench.generated(), directoriesSeconds,
                    keycloakSeconds, rebuilt, brokerSeconds, stockSeconds, rss, restartSeconds,
                    rssAfterRestart);
            if (options.ldapDelayMillis() > 0) {
                // After the realms: the delay models sign-in traffic, not the start.
                directories.baseline(java.time.Duration.ofMillis(options.ldapDelayMillis()));
                out.printf("Every directory now answers each LDAP request %d ms later%n", options.ldapDelayMillis());
            }
            return new BenchEnvironment(directories, keycloak, councils, definition, startup,
                    new Target(Target.BROKER, definition.realmName(), keycloak.baseUrl(), keycloak.serviceSecret()),
                    new Target(Target.STOCK, STOCK_REALM, keycloak.baseUrl(), keycloak.serviceSecret()));
        } catch (RuntimeException e) {
            if (keycloak != null) {
                keycloak.close();
            }
            directories.close();
            throw e;
        }
    }

    /**
     * Keycloak in the run's topology: one dev-mode node on OS-chosen ports, or the production
     * cluster, where every request of the load goes through the HTTPS front door and the admin calls
     * go to node 1.
     */
    private static RunningKeycloak startKeycloak(SuiteOptions options, PrintStream out, boolean fresh) {
        return switch (options.topology()) {
            // Theme caches on, as the cluster (start) has them: both realms' pages are then measured,
            // not FreeMarker parsing login.ftl at every page (docs/performance.md).
            // scim-api (preview): the lifecycle group's SCIM system is a realm of the same Keycloak.
            case DEV -> EmbeddedKeycloak.builder(options.home()).freshData(fresh).heap(options.keycloakHeap())
                    .themeCaches(true).features("scim-api").progress(out::println).start();
            case CLUSTER -> ClusteredKeycloak.start(options.home(), fresh, out::println);
        };
    }

    /**
     * Sets the broker federations' circuit-open time (only the smoke run does, so one fault's open
     * circuit does not hold up the next). The credential comes back masked and is kept by Keycloak.
     */
    private static void openCircuitsFor(AdminApi admin, String realm, int seconds) {
        String realmId = admin.get("/realms/" + realm).path("id").asText();
        for (JsonNode federation : admin.get("/realms/" + realm + "/components?parent=" + realmId + "&type="
                + StockRealm.USER_STORAGE)) {
            ObjectNode changed = federation.deepCopy();
            ((ObjectNode) changed.path("config")).putArray(DirectorySettings.UNAVAILABLE_SECONDS.key()).add(Integer.toString(seconds));
            admin.put("/realms/" + realm + "/components/" + federation.path("id").asText(), changed);
        }
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }

    public BenchDirectories directories() {
        return directories;
    }

    public String keycloakVersion() {
        return keycloak.keycloakVersion();
    }

    /** Every Keycloak node's server JVM: what the resource figures measure (summed). */
    public List<ProcessHandle> serverProcesses() {
        return keycloak.serverProcesses();
    }

    /** An HTTP client builder for the targets' base URL (the cluster's front door trusts only its test CA). */
    public java.net.http.HttpClient.Builder httpClient() {
        return keycloak.httpClient();
    }

    public AdminApi admin() {
        return keycloak.admin();
    }

    /** The councils in priority order (first is asked first by the stock realm). */
    public List<Council> councils() {
        return councils.councils();
    }

    /** How long it took to come up, and Keycloak's memory then. */
    public Startup startup() {
        return startup;
    }

    public Target broker() {
        return broker;
    }

    public Target stock() {
        return stock;
    }

    public List<Target> targets() {
        return List.of(broker, stock);
    }

    /**
     * A stock realm with federations for the given councils only and no clients, for full syncs
     * that must not touch the realms under load.
     */
    /**
     * A broker realm of its own for a sync scenario (every council's federation, background sync off
     * as in the realm under load), so that the realm under load keeps its first sign-ins.
     */
    public void createBrokerSyncRealm(String name) {
        new RealmApplier(admin()).apply(brokerDefinition.withRealmName(name));
    }

    /** The broker realm's council policy (group DN to role rules), as applied. */
    public java.util.Optional<uk.boroughbroker.realms.Policy> brokerPolicy() {
        return brokerDefinition.policy();
    }

    public void createSyncRealm(String name, List<Council> federated) {
        StockRealm.create(admin(), name, brokerRealm, new Councils(councils.source(), List.of(), federated),
                keycloak.serviceSecret(), false);
    }

    @Override
    public void close() {
        try {
            keycloak.close();
        } finally {
            directories.close();
        }
    }
}
