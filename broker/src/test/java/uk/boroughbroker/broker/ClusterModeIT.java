package uk.boroughbroker.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import uk.boroughbroker.broker.cluster.Cluster;
import uk.boroughbroker.broker.cluster.FrontDoor;
import uk.boroughbroker.directory.DemoDirectories;
import uk.boroughbroker.realms.AdminApi;
import uk.boroughbroker.realms.RealmApplier;
import uk.boroughbroker.realms.RealmDefinition;
import uk.boroughbroker.realms.Variables;

/**
 * The production topology on this machine, as {@code ./broker.sh up --cluster} starts it:
 * PostgreSQL 15, two Keycloak nodes built with docker/conf/keycloak.conf, HAProxy with TLS. A demo
 * council officer signs in through the HTTPS front door, trusting only the test CA. Then, under a
 * steady mixed load ({@link SteadyLoad}), issue 13's failover events in order ({@link FailoverPhases}):
 * the JGroups coordinator killed -9 and restarted by the launcher, a rolling restart, PostgreSQL
 * restarted. One cluster for the whole class (it takes about a minute to start). Needs Debian's
 * postgresql-15 and haproxy (.ci/run installs them) and the Keycloak lock (fixed ports 18xxx).
 */
@DisplayName("Cluster mode: PostgreSQL, two nodes, HAProxy with TLS")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterModeIT {

    static final Path REALMS = Path.of("..", "realms").toAbsolutePath().normalize();
    /**
     * In the system's temporary folder, not under the clone: PostgreSQL runs as another user, who
     * must be able to enter every folder above its data (a clone under /root is closed to it). Not a
     * JUnit temporary folder either: those are owner-only.
     */
    static final Path HOME = Path.of(System.getProperty("java.io.tmpdir"), "borough-cluster-mode-it");
    static final ObjectMapper JSON = new ObjectMapper();

    DemoDirectories directories;
    ClusterMode clusterMode;
    Cluster cluster;
    BrokerSecrets secrets;
    Duration upTook;
    final List<ProcessHandle> children = new ArrayList<>();
    /** What the launcher printed (its supervisor's messages), besides the test's output. */
    final ByteArrayOutputStream launcherSaid = new ByteArrayOutputStream();
    SteadyLoad load;
    FailoverPhases phases;
    /** The realm files' variables the cluster was set up with. */
    Map<String, String> realmVariables;

    @BeforeAll
    void startTheCluster() throws IOException {
        // Like the real-AD tests: skipped where Debian's PostgreSQL 15 or HAProxy is missing (a
        // developer's machine with only a JDK), a failure where CI says the cluster is required.
        Cluster.unavailableReason().ifPresent(reason -> {
            if ("required".equalsIgnoreCase(System.getenv("BOROUGH_CLUSTER"))) {
                org.junit.jupiter.api.Assertions.fail("BOROUGH_CLUSTER=required, but " + reason);
            }
            org.junit.jupiter.api.Assumptions.abort("Cluster mode tests skipped: " + reason);
        });
        KeycloakInstallation.deleteTree(HOME);
        Instant started = Instant.now();
        directories = DemoDirectories.start(REALMS.resolve("demo"), 0, null);
        secrets = BrokerSecrets.loadOrCreate(HOME);
        clusterMode = ClusterMode.start(HOME, BuildInfo.load(), secrets, new RunFiles(HOME),
                new PrintStream(Tee.of(System.out, launcherSaid), true, StandardCharsets.UTF_8));
        cluster = clusterMode.cluster();
        children.addAll(cluster.processes().values());
        cluster.processes().values().forEach(p -> children.addAll(p.descendants().toList()));
        Map<String, String> values = new HashMap<>(directories.variables());
        values.putAll(secrets.clientSecrets());
        realmVariables = Map.copyOf(values);
        RealmDefinition realm = RealmDefinition.forCouncils(REALMS.resolve("borough"),
                REALMS.resolve("demo").resolve("councils.yaml"), Variables.of(values));
        new RealmApplier(AdminApi.withClient(clusterMode.adminUrl(), BrokerSecrets.ADMIN_CLIENT,
                secrets.adminClientSecret())).apply(realm);
        upTook = Duration.between(started, Instant.now());
        System.out.printf("[cluster] up, realm applied, in %.1f s%n", upTook.toMillis() / 1000.0);
        // Disjoint people for each kind of load and for the sessions the phases check (see SteadyLoad);
        // the councils' example people stay for the sign-in tests above.
        List<DemoSignIns.Person> people = List.of("brent", "lewisham", "camden", "islington", "haringey", "southwark")
                .stream().map(council -> DemoSignIns.read(council, REALMS.resolve("demo").resolve(council + ".ldif")))
                .flatMap(council -> council.people().stream().filter(p -> !p.disabled() && !"jsmith".equals(p.account())
                        && !p.equals(council.example()))).toList();
        FrontDoorClient client = new FrontDoorClient(cluster.frontDoor(), cluster.caCertificate(), "borough",
                secrets.demoServiceSecret());
        load = SteadyLoad.start(client, people.subList(0, 12), people.subList(12, 24), people.get(24));
        phases = new FailoverPhases(clusterMode, client, load, people.subList(25, people.size()));
    }

    @AfterAll
    void stopEverything() {
        try {
            if (load != null) {
                load.close();
            }
            if (clusterMode != null) {
                // The nodes restarted by the tests run new processes.
                cluster.processes().values().forEach(p -> {
                    children.add(p);
                    children.addAll(p.descendants().toList());
                });
                clusterMode.close();
            }
        } finally {
            if (directories != null) {
                directories.close();
            }
        }
        assertThat(children).as("processes left running").noneMatch(ProcessHandle::isAlive);
        assertThat(ClusterMode.PROCESSES).as("run files left").allSatisfy(name ->
                assertThat(HOME.resolve("run").resolve(name + ".pid")).doesNotExist());
        assertThat(HOME.resolve("cluster/postgres/data/postmaster.pid")).as("PostgreSQL stopped").doesNotExist();
    }

    @Test
    @Order(1)
    @DisplayName("a council officer signs in through the HTTPS front door (password grant), trusting only the test CA")
    void signsInThroughTheFrontDoor() throws Exception {
        DemoSignIns.Person person = DemoSignIns.read("brent", REALMS.resolve("demo").resolve("brent.ldif")).example();
        HttpClient https = FrontDoor.client(cluster.caCertificate());
        String form = form(Map.of("grant_type", "password", "client_id", "borough-demo-service",
                "client_secret", secrets.demoServiceSecret(), "scope", "openid",
                "username", person.username(), "password", person.password()));
        HttpResponse<String> token = https.send(HttpRequest.newBuilder(URI.create(cluster.frontDoor()
                + "/realms/borough/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(token.body());
        String[] parts = body.get("access_token").asText().split("\\.");
        JsonNode claims = JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.get("iss").asText()).isEqualTo(cluster.frontDoor() + "/realms/borough");
        assertThat(claims.get("home_council").asText()).isEqualTo("brent");
    }

    @Test
    @Order(2)
    @DisplayName("records each child's process id for ./broker.sh down")
    void recordsProcessIds() {
        for (String name : ClusterMode.PROCESSES) {
            assertThat(new RunFiles(HOME).alive(name)).as(name).isPresent();
        }
    }

    @Test
    @Order(3)
    @DisplayName("both nodes serve through the front door, and form one cluster (view of 2)")
    void bothNodesServeAsOneCluster() throws Exception {
        HttpClient https = FrontDoor.client(cluster.caCertificate());
        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<Void> discovery = https.send(HttpRequest.newBuilder(URI.create(cluster.frontDoor()
                    + "/realms/borough/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(discovery.statusCode()).isEqualTo(200);
            discovery.headers().firstValue("X-Served-By").ifPresent(servedBy::add);
        }
        assertThat(servedBy).containsExactlyInAnyOrder("node1", "node2");

        HttpClient plain = HttpClient.newHttpClient();
        for (Cluster.NodeInfo node : cluster.nodes()) {
            String metrics = plain.send(HttpRequest.newBuilder(URI.create(node.managementUrl() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics.lines().filter(l -> l.startsWith("vendor_cluster_size")).toList())
                    .as("node %d's cluster size", node.number()).singleElement().asString().endsWith(" 2.0");
        }
    }

    @Test
    @Order(4)
    @DisplayName("the nodes run production mode (start --optimized) on PostgreSQL, with keycloak.conf")
    void nodesRunOptimizedOnPostgres() throws IOException {
        for (Cluster.NodeInfo node : cluster.nodes()) {
            String log = Files.readString(node.log());
            assertThat(log).contains("Profile prod activated").doesNotContain("Running the server in development mode")
                    .doesNotContain("Updating the configuration and installing your custom providers");
        }
        assertThat(Files.readString(cluster.nodes().get(0).log())).contains("JGroups JDBC_PING discovery enabled");
    }

    @Test
    @Order(5)
    @DisplayName("councils apply --server reaches the broker through the HTTPS front door, trusting the CA named, with the "
            + "admin client's secret from the environment")
    void appliesThroughTheFrontDoor() {
        Map<String, String> environment = new HashMap<>(realmVariables);
        environment.put(RemoteBroker.CLIENT_ID_VARIABLE, BrokerSecrets.ADMIN_CLIENT);
        environment.put(RemoteBroker.CLIENT_SECRET_VARIABLE, secrets.adminClientSecret());
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        List<String> args = List.of("apply", "--server", cluster.frontDoor(), "--ca-file",
                cluster.caCertificate().toString(), "--realms", REALMS.toString(), "--councils",
                REALMS.resolve("demo").resolve("councils.yaml").toString());

        int code = CouncilsCommand.run(args, new PrintStream(said, true, StandardCharsets.UTF_8), environment);

        assertThat(code).isZero();
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("Keycloak already matches");
    }

    @Test
    @Order(10)
    @DisplayName("the JGroups coordinator's JVM killed -9 under load: failures for a few seconds at most, no session "
            + "lost, the launcher restarts the node and it rejoins")
    void survivesTheCoordinatorKilled() throws Exception {
        FailoverPhases.Killed killed = phases.killTheCoordinator();
        SteadyLoad.Summary load = killed.afterKill();
        System.out.printf("[cluster] coordinator (node %d) killed: %s; %d of %d sessions lost; restarted by the launcher "
                + "in %.1f s, rejoined %.1f s after the kill (%d failed meanwhile)%s%n", killed.victim(), load.counts(),
                killed.lost().size(), killed.sessions(), seconds(killed.restarted()), seconds(killed.rejoined()),
                killed.whileRejoining().failed(), load);

        // HAProxy marks the dead node down within 2.5 s (checks every 2 s, then 0.5 s, two failures) and
        // until then sends failed connections to the survivor (retry-on conn-failure, redispatch); the
        // survivor's view changes 1.6-1.9 s after the kill (cluster-facts.md). Only requests caught in
        // flight or by the view change can fail: 5 s bounds that with room for 2 busy cores.
        assertThat(load.failureWindow()).as("time over which requests failed").isLessThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(load.requests() - load.failed()).as("requests that worked").isGreaterThan(40);
        assertThat(killed.lost()).as("sessions lost, %d of them started on the killed node", 4).isEmpty();
        assertThat(killed.checkedOn()).as("the survivor answered the sessions' check").containsOnly("node" + killed.survivor());
        assertThat(launcherSaid.toString(StandardCharsets.UTF_8)).contains("Keycloak node " + killed.victim() + " stopped")
                .contains("Restarting Keycloak node " + killed.victim() + " (attempt 1 of 3)")
                .contains("Keycloak node " + killed.victim() + " is back");
        assertThat(killed.whileRejoining().failed()).as("requests that failed while it restarted and rejoined: "
                + killed.whileRejoining()).isZero();
    }

    @Test
    @Order(20)
    @DisplayName("a rolling restart of both nodes (graceful stop, start, ready, rejoined; then the other) under load "
            + "loses no session and no request")
    void rollingRestart() {
        FailoverPhases.Rolling rolling = phases.rollingRestart();
        SteadyLoad.Summary load = rolling.load();
        System.out.printf("[cluster] rolling restart: %s; %d of %d sessions lost; ready in %s, rejoined in %s%s%n",
                load.counts(), rolling.lost().size(), rolling.sessions(), perNode(rolling.ready()),
                perNode(rolling.rejoined()), load);

        assertThat(rolling.lost()).as("sessions lost").isEmpty();
        assertThat(load.failed()).as("requests that failed: " + load).isZero();
        assertThat(load.requests()).isGreaterThan(60);
    }

    @Test
    @Order(30)
    @DisplayName("PostgreSQL stopped (fast) and started again under both nodes: they recover without a restart, and "
            + "no session is lost")
    void survivesADatabaseRestart() {
        FailoverPhases.DatabaseRestart restart = phases.restartTheDatabase();
        SteadyLoad.Summary load = restart.load();
        System.out.printf("[cluster] PostgreSQL restarted (away %.1f s): %s; recovered in %.1f s %s; %d of %d sessions "
                + "lost; nodes restarted: %s%s%n", seconds(restart.away()), load.counts(), seconds(restart.slowest()),
                restart.recovered().entrySet().stream().map(e -> e.getKey() + " " + seconds(e.getValue()) + " s").toList(),
                restart.lost().size(), restart.sessions(), !restart.sameNodes(), load);

        assertThat(restart.sameNodes()).as("both nodes still run their JVMs from before").isTrue();
        assertThat(restart.slowest()).as("sign-ins and refreshes work again after the database is back")
                .isLessThanOrEqualTo(Duration.ofSeconds(30));
        // The pool checks a connection before lending it (docker/conf/quarkus.properties): a request
        // that starts once PostgreSQL accepts connections again never gets one the restart closed.
        assertThat(restart.sinceBack().failed()).as("requests started after the database was back that failed: "
                + restart.sinceBack()).isZero();
        assertThat(restart.afterwards().failed()).as("failures once recovered: " + restart.afterwards()).isZero();
        assertThat(restart.lost()).as("sessions lost").isEmpty();
    }

    @Test
    @Order(40)
    @DisplayName("a council federation disabled through one node: the other node closes its connections to that "
            + "council's directory within two sync ticks (Keycloak tells only the node that served the change)")
    void theOtherNodeLetsGoOfADisabledCouncil() throws Exception {
        Cluster.NodeInfo second = cluster.nodes().get(1);
        // The steady load signs people of several councils in through both nodes.
        String council = CouncilConnections.await(second, held -> !held.isEmpty(), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("node 2 never held a council's directory connection"))
                .iterator().next();
        AdminApi admin = AdminApi.withClient(clusterMode.adminUrl(), BrokerSecrets.ADMIN_CLIENT, secrets.adminClientSecret());
        JsonNode federation = StreamSupport.stream(admin.get("/realms/borough/components?name=" + council)
                .spliterator(), false).filter(c -> c.path("providerId").asText().equals("borough-council-directory"))
                .findFirst().orElseThrow();
        String path = "/realms/borough/components/" + federation.path("id").asText();
        ObjectNode disabled = federation.deepCopy();
        ((ObjectNode) disabled.get("config")).putArray("enabled").add("false");
        admin.put(path, disabled); // served by node 1: clusterMode.adminUrl() is node 1's own URL
        try {
            assertThat(CouncilConnections.await(second, held -> !held.contains(council), Duration.ofSeconds(45)))
                    .as("node 2 let go of %s's connections", council).isPresent();
            assertThat(Files.readString(second.log())).contains("Council federation " + federation.path("id").asText()
                    + " is gone or disabled (changed on another node)");
            // Node 1 closed them in onUpdate, inside the admin's transaction; a sign-in it was serving
            // meanwhile, still reading the enabled federation, can open them again, and then its own
            // sweep closes them, within the same two ticks.
            assertThat(CouncilConnections.await(cluster.nodes().get(0), held -> !held.contains(council),
                    Duration.ofSeconds(45))).as("node 1, which served the change, let go of %s's connections", council)
                    .isPresent();
        } finally {
            admin.put(path, federation);
        }
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static String perNode(Map<Integer, Duration> times) {
        return times.entrySet().stream().map(e -> "node" + e.getKey() + " " + seconds(e.getValue()) + " s").toList().toString();
    }

    private static String form(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> out.append(out.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }
}
