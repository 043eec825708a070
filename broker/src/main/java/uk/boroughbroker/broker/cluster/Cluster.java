package uk.boroughbroker.broker.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import uk.boroughbroker.broker.process.ChildProcess;

/**
 * The production topology on one machine: PostgreSQL, two Keycloak nodes built once with
 * keycloak.conf and clustered with JDBC_PING, HAProxy with TLS in front. Started in that order
 * (node 1 alone first: it creates the schema and the bootstrap admin), stopped in reverse, the
 * database last; a failed start stops whatever had started.
 *
 * <pre>{@code
 * try (Cluster cluster = Cluster.start(new Cluster.Settings(home.resolve("cluster"), keycloakDir,
 *         ClusterPorts.defaults(), bootstrapAdminEnv, System.out::println, Duration.ofMinutes(5),
 *         (name, process) -> { }))) {
 *     cluster.frontDoor(); // https://localhost:18443
 * }
 * }</pre>
 */
public final class Cluster implements AutoCloseable {

    static final Duration NODE_STOP_GRACE = Duration.ofSeconds(30);

    /**
     * @param dir            the cluster's folder under the broker home (database, certificates, node homes, logs)
     * @param keycloak       a Keycloak installation with the providers installed; it is built here with keycloak.conf
     * @param bootstrapAdmin the {@code KC_BOOTSTRAP_ADMIN_*} environment for the first start of node 1
     * @param progress       what the operator sees while it starts
     * @param launched       told of each long-running child (node1, node2, haproxy) as soon as it is
     *                       launched, so a stop that comes during the start can find it
     */
    public record Settings(Path dir, Path keycloak, ClusterPorts ports, Map<String, String> bootstrapAdmin,
            Consumer<String> progress, Duration startTimeout, BiConsumer<String, ProcessHandle> launched) {

        public Settings {
            dir = dir.toAbsolutePath().normalize();
            keycloak = keycloak.toAbsolutePath().normalize();
            bootstrapAdmin = Map.copyOf(bootstrapAdmin);
        }
    }

    private final Settings settings;
    private final PostgresServer database;
    /** Read by close(), which may run on the shutdown hook's thread while the start goes on. */
    private final List<KeycloakNode> nodes = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Held while a child is stopped or launched, so close() never misses one that a restart launches. */
    private final Object lifecycle = new Object();
    private volatile TestCertificateAuthority ca;
    private volatile ChildProcess loadBalancer;
    private volatile boolean rebuilt;

    private Cluster(Settings settings, PostgresServer database) {
        this.settings = settings;
        this.database = database;
    }

    /**
     * Why cluster mode cannot run on this machine (Debian's PostgreSQL 15 or HAProxy missing), in the
     * words {@link #start} would fail with; empty when both are installed.
     */
    public static Optional<String> unavailableReason() {
        try {
            LoadBalancer.requireInstalled();
            PostgresServer.requireInstalled(PostgresServer.BINARIES);
            return Optional.empty();
        } catch (ClusterException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Checks every prerequisite (packages, ports, keycloak.conf) before it starts anything. */
    public static Cluster start(Settings settings) {
        Path haproxy = LoadBalancer.requireInstalled();
        Path postgresBin = PostgresServer.requireInstalled(PostgresServer.BINARIES);
        KeycloakConf conf = KeycloakConf.bundled();
        settings.ports().requireFree();
        Cluster cluster = new Cluster(settings, new PostgresServer(postgresBin, settings.dir().resolve("postgres"),
                settings.ports().postgres(), Commands.runningAsRoot()));
        try {
            cluster.startAll(haproxy, conf);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll(Path haproxy, KeycloakConf conf) {
        Consumer<String> say = settings.progress();
        Instant t = Instant.now();
        database.start(password());
        say.accept(String.format("PostgreSQL 15 up on 127.0.0.1:%d (%s) in %.1f s", settings.ports().postgres(),
                database.dataDir(), seconds(t)));

        t = Instant.now();
        say.accept("Building Keycloak with keycloak.conf for the cluster (kc.sh build; about 30-60 s when needed)...");
        rebuilt = OptimizedBuild.ensure(settings.keycloak(), conf, logs().resolve("keycloak-build.log"));
        say.accept(rebuilt ? String.format("Keycloak built in %.1f s", seconds(t)) : "Keycloak already built with this "
                + "keycloak.conf and these providers");

        ca = TestCertificateAuthority.inFolder(settings.dir().resolve("tls"));
        List<ClusterPorts.Node> ports = settings.ports().nodes();
        for (int i = 0; i < ports.size(); i++) {
            t = Instant.now();
            KeycloakNode node = KeycloakNode.prepare(i + 1, settings.keycloak(), settings.dir().resolve("node" + (i + 1)),
                    ports.get(i));
            nodes.add(node);
            say.accept("Starting Keycloak node " + node.number() + " (" + node.baseUrl() + ")"
                    + (i == 0 ? "..." : "; it joins the cluster..."));
            launch(node, i == 0 ? settings.bootstrapAdmin() : Map.of());
            node.awaitReady(settings.startTimeout());
            say.accept(String.format("Keycloak node %d ready in %.1f s", node.number(), seconds(t)));
        }
        t = Instant.now();
        loadBalancer = LoadBalancer.start(haproxy, settings.dir().resolve("haproxy"), settings.ports(), ca.haproxyPem(),
                logs().resolve("haproxy.log"));
        settings.launched().accept("haproxy", loadBalancer.handle());
        FrontDoor.awaitServing(frontDoor(), ca.caCertificate(), loadBalancer, Duration.ofSeconds(60));
        say.accept(String.format("HAProxy serving %s in %.1f s", frontDoor(), seconds(t)));
    }

    private void launch(KeycloakNode node, Map<String, String> bootstrapAdmin) {
        synchronized (lifecycle) {
            if (closed.get()) {
                throw new ClusterException("The cluster is stopping: node " + node.number() + " is not started");
            }
            node.start(database.jdbcUrl(), frontDoor(), KeycloakNode.environment(password(), bootstrapAdmin));
            node.script().ifPresent(p -> settings.launched().accept("node" + node.number(), p));
        }
    }

    /**
     * Stops node {@code number} if it runs (SIGTERM: keycloak.conf's shutdown-delay has it report
     * not ready while the load balancer takes it out, then it finishes its requests and leaves the
     * view), starts it again with the same settings (without the bootstrap admin, which exists), and
     * waits until it is ready. It rejoins the cluster through the database (JDBC_PING).
     *
     * @return how long it took
     */
    public Duration restartNode(int number) {
        KeycloakNode node = nodes.stream().filter(n -> n.number() == number).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + number + " in this cluster"));
        Instant t = Instant.now();
        synchronized (lifecycle) {
            node.stop(NODE_STOP_GRACE);
            launch(node, Map.of());
        }
        node.awaitReady(settings.startTimeout());
        return Duration.between(t, Instant.now());
    }

    /**
     * PostgreSQL stopped (fast shutdown: open transactions rolled back, clients cut off) and started
     * again, the nodes left running: they reconnect on their own.
     *
     * @return how long the database was away
     */
    public Duration restartDatabase() {
        Instant t = Instant.now();
        synchronized (lifecycle) {
            if (closed.get()) {
                throw new ClusterException("The cluster is stopping: its database is not restarted");
            }
            database.stop();
            database.start(password());
        }
        return Duration.between(t, Instant.now());
    }

    /** The node that coordinates the JGroups view now, as the running nodes' logs say (empty if they do not yet). */
    public Optional<Integer> coordinator() {
        Map<Integer, ClusterView.NodeLog> running = new LinkedHashMap<>();
        nodes.stream().filter(KeycloakNode::isAlive).forEach(n -> running.put(n.number(), ClusterView.NodeLog.read(n.log())));
        return ClusterView.coordinator(running);
    }

    /** {@code https://localhost:<port>}: the only URL clients use; Keycloak's issuer. */
    public String frontDoor() {
        return "https://localhost:" + settings.ports().frontDoor();
    }

    /** Whether this start ran {@code kc.sh build} (keycloak.conf or the providers changed, or a new installation). */
    public boolean rebuilt() {
        return rebuilt;
    }

    /** The test CA's certificate: {@code curl --cacert} it. */
    public Path caCertificate() {
        return ca.caCertificate();
    }

    /** Node 1's own HTTP address, for the launcher's admin calls (loopback, not through the front door). */
    public String firstNodeUrl() {
        return nodes.get(0).baseUrl();
    }

    /** Each node as the banner shows it. */
    public List<NodeInfo> nodes() {
        return nodes.stream().map(n -> new NodeInfo(n.number(), n.baseUrl(), n.managementUrl(), n.log(),
                n.script().map(ProcessHandle::pid).orElse(-1L), n.server().map(ProcessHandle::pid).orElse(-1L))).toList();
    }

    /** One node: its addresses, log, and the kc.sh and server JVM process ids (-1 when not running). */
    public record NodeInfo(int number, String url, String managementUrl, Path log, long scriptPid, long serverPid) {
    }

    /** The long-running children by name (node1, node2, haproxy), for the launcher's pid files. */
    public Map<String, ProcessHandle> processes() {
        Map<String, ProcessHandle> all = new LinkedHashMap<>();
        nodes.forEach(n -> n.script().ifPresent(p -> all.put("node" + n.number(), p)));
        Optional.ofNullable(loadBalancer).ifPresent(lb -> all.put("haproxy", lb.handle()));
        return all;
    }

    /** The numbers of the nodes whose kc.sh is still running. */
    public List<Integer> runningNodes() {
        return nodes.stream().filter(KeycloakNode::isAlive).map(KeycloakNode::number).toList();
    }

    /** Whether HAProxy still runs: without it, nothing reaches the nodes. */
    public boolean loadBalancerRunning() {
        ChildProcess lb = loadBalancer;
        return lb != null && lb.isAlive();
    }

    /** The PostgreSQL data folder, for the banner. */
    public Path databaseDir() {
        return database.dataDir();
    }

    public int databasePort() {
        return settings.ports().postgres();
    }

    public Path logs() {
        return settings.dir().resolve("logs");
    }

    /** HAProxy, then the nodes (newest first, gracefully), then PostgreSQL. Safe to call twice. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (lifecycle) {
            ChildProcess lb = loadBalancer;
            if (lb != null) {
                lb.stop(LoadBalancer.STOP_GRACE);
            }
            for (int i = nodes.size() - 1; i >= 0; i--) {
                nodes.get(i).stop(NODE_STOP_GRACE);
            }
            stopDatabase(settings.dir());
        }
    }

    /**
     * Stops the cluster's PostgreSQL if it runs: for {@code down} after the launcher itself was
     * killed (PostgreSQL runs detached, so it outlives the launcher).
     */
    public static void stopDatabase(Path dir) {
        Path postgres = dir.toAbsolutePath().normalize().resolve("postgres");
        if (Files.exists(postgres.resolve("data").resolve("postmaster.pid"))) {
            new PostgresServer(PostgresServer.BINARIES, postgres, 0, Commands.runningAsRoot()).stop();
        }
    }


    /** Whether the cluster's PostgreSQL in {@code dir} runs (its pid file exists and pg_ctl says so). */
    public static boolean databaseRunning(Path dir) {
        Path postgres = dir.toAbsolutePath().normalize().resolve("postgres");
        return Files.exists(postgres.resolve("data").resolve("postmaster.pid"))
                && new PostgresServer(PostgresServer.BINARIES, postgres, 0, Commands.runningAsRoot()).running();
    }

    private String password() {
        return PostgresServer.keycloakPassword(settings.dir());
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }
}
