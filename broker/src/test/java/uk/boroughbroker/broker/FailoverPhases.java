package uk.boroughbroker.broker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import uk.boroughbroker.broker.cluster.Cluster;

/**
 * The events of issue 13's failover test, each under {@link SteadyLoad} and measured: the JGroups
 * coordinator's JVM killed (and restarted by the launcher's supervisor), a rolling restart of both
 * nodes, and PostgreSQL restarted under the running nodes. Each phase first starts a few sessions
 * that it checks afterwards together with every earlier one ({@link TrackedSessions}); the test
 * asserts on what a phase returns.
 */
final class FailoverPhases {

    /** How long the load runs after a kill before it is counted: well past any failure a kill may cause. */
    static final Duration OBSERVE = Duration.ofSeconds(15);
    static final Duration BOUND = Duration.ofMinutes(3);

    private final Cluster cluster;
    private final ClusterMode launcher;
    private final FrontDoorClient client;
    private final SteadyLoad load;
    private final List<DemoSignIns.Person> people;
    private final TrackedSessions sessions = new TrackedSessions();
    private final HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    FailoverPhases(ClusterMode launcher, FrontDoorClient client, SteadyLoad load, List<DemoSignIns.Person> people) {
        this.cluster = launcher.cluster();
        this.launcher = launcher;
        this.client = client;
        this.load = load;
        this.people = List.copyOf(people);
    }

    /**
     * @param afterKill      the load from just before the kill to {@link #OBSERVE} after it
     * @param checkedOn      the nodes that answered the sessions' check (made before the restart)
     * @param restarted      from the supervisor's first look to the node ready again
     * @param rejoined       from the kill to both nodes in a view of 2 and both serving the front door
     * @param whileRejoining the load from the end of {@code afterKill} to the rejoin
     */
    record Killed(int victim, int survivor, SteadyLoad.Summary afterKill, int sessions, List<String> lost,
            Set<String> checkedOn, Duration restarted, Duration rejoined, SteadyLoad.Summary whileRejoining) {
    }

    Killed killTheCoordinator() throws Exception {
        int victim = cluster.coordinator().orElseThrow(() -> new AssertionError("no coordinator in the nodes' logs"));
        int survivor = victim == 1 ? 2 : 1;
        sessions.startOn(client, people, "node" + victim, 4);
        Instant warm = Instant.now();
        require(load.awaitRequests(a -> a.ok() && a.start().isAfter(warm), 8, BOUND), "load before the kill");
        ProcessHandle jvm = ProcessHandle.of(node(victim).serverPid()).orElseThrow();
        Instant killed = Instant.now();
        jvm.destroyForcibly();
        jvm.onExit().get(30, TimeUnit.SECONDS);
        Instant observed = killed.plus(OBSERVE);
        require(load.awaitRequests(a -> a.start().isAfter(observed), 4, BOUND), "load after the kill");
        SteadyLoad.Summary afterKill = load.summary(warm, observed);
        List<String> lost = sessions.lost(client);
        Set<String> checkedOn = sessions.checkedOn();

        Instant restarting = Instant.now();
        Instant deadline = restarting.plus(BOUND);
        while (!cluster.runningNodes().contains(victim) && Instant.now().isBefore(deadline)) {
            launcher.waitForEnd(Duration.ofMillis(500));
        }
        Duration restarted = Duration.between(restarting, Instant.now());
        Duration rejoined = awaitRejoined(killed);
        return new Killed(victim, survivor, afterKill, sessions.size(), lost, checkedOn, restarted, rejoined,
                load.summary(observed, Instant.now()));
    }

    /** @param ready per node, its restart until ready; @param rejoined per node, its restart until both serve again */
    record Rolling(SteadyLoad.Summary load, int sessions, List<String> lost, Map<Integer, Duration> ready,
            Map<Integer, Duration> rejoined) {
    }

    Rolling rollingRestart() {
        sessions.startOn(client, people, null, 4);
        Instant from = Instant.now();
        Map<Integer, Duration> ready = new LinkedHashMap<>();
        Map<Integer, Duration> rejoined = new LinkedHashMap<>();
        for (Cluster.NodeInfo node : cluster.nodes()) {
            Instant t = Instant.now();
            ready.put(node.number(), cluster.restartNode(node.number()));
            rejoined.put(node.number(), awaitRejoined(t));
        }
        SteadyLoad.Summary during = load.summary(from, Instant.now());
        return new Rolling(during, sessions.size(), sessions.lost(client), ready, rejoined);
    }

    /**
     * @param away       how long PostgreSQL was stopped and starting
     * @param recovered  per kind, from the database being back to the end of the first request of that kind that
     *                   worked
     * @param sinceBack  the load from the database accepting connections again (requests started then or later)
     * @param afterwards the load once every kind had recovered
     * @param sameNodes  whether both nodes still run the JVMs they ran before (not restarted)
     */
    record DatabaseRestart(Duration away, SteadyLoad.Summary load, Map<SteadyLoad.Kind, Duration> recovered,
            SteadyLoad.Summary sinceBack, SteadyLoad.Summary afterwards, int sessions, List<String> lost,
            boolean sameNodes) {

        Duration slowest() {
            return recovered.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
        }
    }

    DatabaseRestart restartTheDatabase() {
        sessions.startOn(client, people, null, 2);
        List<Long> servers = cluster.nodes().stream().map(Cluster.NodeInfo::serverPid).toList();
        Instant from = Instant.now();
        Duration away = cluster.restartDatabase();
        Instant back = Instant.now();
        Map<SteadyLoad.Kind, Duration> recovered = new EnumMap<>(SteadyLoad.Kind.class);
        for (SteadyLoad.Kind kind : SteadyLoad.Kind.values()) {
            require(load.awaitRequests(a -> a.kind() == kind && a.ok() && a.start().isAfter(back), 1, BOUND),
                    kind + " after the database restart");
            load.between(back, Instant.now()).stream().filter(a -> a.kind() == kind && a.ok()).findFirst()
                    .ifPresent(a -> recovered.put(kind, Duration.between(back, a.end())));
        }
        Instant allBack = back.plus(recovered.values().stream().max(Duration::compareTo).orElseThrow());
        require(load.awaitRequests(a -> a.start().isAfter(allBack.plusSeconds(5)), 1, BOUND), "load after recovery");
        Instant now = Instant.now();
        return new DatabaseRestart(away, load.summary(from, now), recovered, load.summary(back, now),
                load.summary(allBack, now),
                sessions.size(), sessions.lost(client),
                servers.equals(cluster.nodes().stream().map(Cluster.NodeInfo::serverPid).toList()));
    }

    /**
     * Waits, bounded, until both nodes count a cluster of 2 ({@code vendor_cluster_size} on their
     * management ports) and the front door serves from both.
     *
     * @return the time since {@code since}
     */
    Duration awaitRejoined(Instant since) {
        Instant deadline = Instant.now().plus(BOUND);
        while (Instant.now().isBefore(deadline)) {
            if (cluster.nodes().stream().allMatch(n -> clusterSize(n) == 2.0) && servedByBoth()) {
                return Duration.between(since, Instant.now());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
        throw new AssertionError("the nodes did not form a view of 2 serving the front door within " + BOUND
                + ": cluster sizes " + cluster.nodes().stream().map(this::clusterSize).toList());
    }

    double clusterSize(Cluster.NodeInfo node) {
        try {
            HttpResponse<String> metrics = plain.send(HttpRequest.newBuilder(URI.create(node.managementUrl() + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return metrics.body().lines().filter(l -> l.startsWith("vendor_cluster_size")).findFirst()
                    .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(-1.0);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private boolean servedByBoth() {
        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < 6 && servedBy.size() < 2; i++) {
            FrontDoorClient.Reply reply = client.discovery();
            if (reply.ok()) {
                servedBy.add(reply.servedBy());
            }
        }
        return servedBy.containsAll(Set.of("node1", "node2"));
    }

    private Cluster.NodeInfo node(int number) {
        return cluster.nodes().stream().filter(n -> n.number() == number).findFirst().orElseThrow();
    }

    private static void require(boolean done, String what) {
        if (!done) {
            throw new AssertionError("waited " + BOUND + " for " + what);
        }
    }
}
