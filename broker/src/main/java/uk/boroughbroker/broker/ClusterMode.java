package uk.boroughbroker.broker;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import uk.boroughbroker.broker.cluster.Cluster;
import uk.boroughbroker.broker.process.ChildProcess;

/**
 * The launcher's side of {@code up --cluster} (decision 0024): the cluster started as
 * {@link ClusteredKeycloak#startCluster} starts every cluster, the process ids for {@code down},
 * and watching the cluster while it serves. A node that stops is reported and the other keeps serving: that is the
 * point of the cluster.
 */
final class ClusterMode implements AutoCloseable {

    static final String DIR = "cluster";
    /** The run files of the cluster's children (see {@link Cluster#processes()}). */
    static final List<String> PROCESSES = List.of("node1", "node2", "haproxy");

    private final Cluster cluster;
    private final RunFiles run;
    private final PrintStream out;
    private final List<Integer> reported = new ArrayList<>();

    private ClusterMode(Cluster cluster, RunFiles run, PrintStream out) {
        this.cluster = cluster;
        this.run = run;
        this.out = out;
    }

    static ClusterMode start(Path home, BuildInfo build, BrokerSecrets secrets, RunFiles run, PrintStream out) {
        Cluster cluster = ClusteredKeycloak.startCluster(home, build, secrets, out::println,
                (name, process) -> run.write(name, process.pid()));
        return new ClusterMode(cluster, run, out);
    }

    Cluster cluster() {
        return cluster;
    }

    /** Node 1's own address: the launcher's admin calls stay on loopback HTTP. */
    String adminUrl() {
        return cluster.firstNodeUrl();
    }

    /**
     * Waits up to {@code wait}, reporting each node that stopped.
     *
     * @return true when the cluster can no longer serve: HAProxy stopped, or every node did
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
        List<Integer> running = cluster.runningNodes();
        for (Cluster.NodeInfo node : cluster.nodes()) {
            if (!running.contains(node.number()) && !reported.contains(node.number())) {
                reported.add(node.number());
                out.println("Keycloak node " + node.number() + " stopped" + (running.isEmpty() ? "." : "; node "
                        + running.get(0) + " keeps serving through the front door. Its log: " + node.log()));
            }
        }
        return !cluster.loadBalancerRunning() || running.isEmpty();
    }

    /** HAProxy, the nodes, PostgreSQL; then the run files. */
    @Override
    public void close() {
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
