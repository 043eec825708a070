package uk.boroughbroker.broker;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import uk.boroughbroker.broker.cluster.Cluster;
import uk.boroughbroker.broker.cluster.ClusterException;
import uk.boroughbroker.broker.process.ChildProcess;

/**
 * The launcher's side of {@code up --cluster} (decision 0024): the cluster started as
 * {@link ClusteredKeycloak#startCluster} starts every cluster, the process ids for {@code down},
 * and watching the cluster while it serves. A node that stops without the launcher stopping it is
 * reported, the other keeps serving (that is the point of the cluster), and it is started again
 * after a short pause, a bounded number of times ({@link NodeSupervisor}), as a service manager would.
 */
final class ClusterMode implements AutoCloseable {

    static final String DIR = "cluster";
    /** The run files of the cluster's children (see {@link Cluster#processes()}). */
    static final List<String> PROCESSES = List.of("node1", "node2", "haproxy");

    private final Cluster cluster;
    private final RunFiles run;
    private final PrintStream out;
    private final NodeSupervisor supervisor;
    private final AtomicBoolean closing = new AtomicBoolean();

    private ClusterMode(Cluster cluster, RunFiles run, PrintStream out, NodeSupervisor supervisor) {
        this.cluster = cluster;
        this.run = run;
        this.out = out;
        this.supervisor = supervisor;
    }

    static ClusterMode start(Path home, BuildInfo build, BrokerSecrets secrets, RunFiles run, PrintStream out) {
        Cluster cluster = ClusteredKeycloak.startCluster(home, build, secrets, out::println,
                (name, process) -> run.write(name, process.pid()));
        return new ClusterMode(cluster, run, out, new NodeSupervisor(NodeSupervisor.Policy.DEFAULT));
    }

    Cluster cluster() {
        return cluster;
    }

    /** Node 1's own address: the launcher's admin calls stay on loopback HTTP. */
    String adminUrl() {
        return cluster.firstNodeUrl();
    }

    /**
     * Waits up to {@code wait}, then looks after the nodes: reports each that stopped, restarts it
     * after the supervisor's pause, or gives up on it.
     *
     * @return true when the cluster can no longer serve: HAProxy stopped, or every node did and is given up on
     */
    boolean waitForEnd(Duration wait) {
        ProcessHandle haproxy = cluster.processes().get("haproxy");
        try {
            haproxy.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Still running: check the nodes.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
        if (closing.get() || !cluster.loadBalancerRunning()) {
            return true;
        }
        List<Integer> running = cluster.runningNodes();
        for (Cluster.NodeInfo node : cluster.nodes()) {
            NodeSupervisor.Decision decision = supervisor.observe(node.number(), running.contains(node.number()),
                    Instant.now());
            switch (decision.action()) {
                case REPORT -> out.println("Keycloak node " + node.number() + " stopped" + (running.isEmpty()
                        ? "; no node is serving." : "; node " + running.get(0) + " keeps serving through the front door.")
                        + " Restarting it in " + supervisor.policy().pause().toSeconds() + " s (attempt "
                        + decision.attempt() + " of " + supervisor.policy().attempts() + "). Its log: " + node.log());
                case RESTART -> restart(node.number(), decision.attempt());
                case GIVE_UP -> out.println("Keycloak node " + node.number() + " stopped again: not restarting it ("
                        + supervisor.policy().attempts() + " restarts in the last "
                        + supervisor.policy().window().toMinutes() + " minutes). Find the cause in " + node.log()
                        + ", then run ./broker.sh up --cluster again.");
                case NOTHING -> {
                    // Running, waiting for the pause, or given up on.
                }
            }
        }
        return cluster.nodes().stream().allMatch(node -> supervisor.givenUp(node.number()));
    }

    private void restart(int node, int attempt) {
        out.println("Restarting Keycloak node " + node + " (attempt " + attempt + " of "
                + supervisor.policy().attempts() + ")...");
        try {
            Duration took = cluster.restartNode(node);
            out.printf("Keycloak node %d is back: ready in %.1f s; it rejoins the cluster and HAProxy sends it "
                    + "requests again.%n", node, took.toMillis() / 1000.0);
        } catch (ClusterException e) {
            if (!closing.get()) {
                out.println("Keycloak node " + node + " did not start again: " + e.getMessage());
            }
        }
    }

    /** HAProxy, the nodes, PostgreSQL; then the run files. */
    @Override
    public void close() {
        closing.set(true);
        cluster.close();
        PROCESSES.forEach(run::delete);
    }

    /**
     * For {@code down} when the launcher itself was killed hard (its children outlive it, and
     * PostgreSQL runs detached anyway), and for a stop that comes while the cluster is starting.
     */
    static void stopLeftovers(Path home, RunFiles run) {
        for (String name : PROCESSES) {
            run.alive(name).ifPresent(p -> ChildProcess.stopTree(p, EmbeddedKeycloak.STOP_GRACE));
            run.delete(name);
        }
        Cluster.stopDatabase(home.resolve(DIR));
    }

    /** Whether anything of a cluster from this home still runs: a child, or its PostgreSQL. */
    static boolean anyRunning(Path home, RunFiles run) {
        return PROCESSES.stream().anyMatch(name -> run.alive(name).isPresent()) || Cluster.databaseRunning(home.resolve(DIR));
    }

    /** What {@code reset} may delete besides the single node's files. */
    static Set<String> homeEntries() {
        return Set.of(DIR);
    }
}
