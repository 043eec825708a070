package uk.boroughbroker.broker;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import uk.boroughbroker.broker.cluster.Cluster;
import uk.boroughbroker.realms.Councils;

/**
 * {@code up --cluster}'s banner: the HTTPS front door and how to trust it, each node, the
 * database, the same demo sign-ins as {@link Banner} (through the front door), and how to kill a
 * node to see failover (the launcher then restarts it: {@link NodeSupervisor}).
 */
final class ClusterBanner {

    /** What the banner shows of a running cluster. */
    record Topology(String frontDoor, Path ca, List<Cluster.NodeInfo> nodes, int databasePort, Path databaseDir,
            Path logs) {

        static Topology of(Cluster cluster) {
            return new Topology(cluster.frontDoor(), cluster.caCertificate(), cluster.nodes(), cluster.databasePort(),
                    cluster.databaseDir(), cluster.logs());
        }
    }

    private ClusterBanner() {
    }

    /**
     * @param home the broker home as the operator gave it (paths print relative to it when it was)
     */
    static void print(PrintStream out, Path home, Topology cluster, BuildInfo build, String realm, Councils councils,
            Map<String, Banner.Directory> directories, List<DemoSignIns> signIns, BrokerSecrets secrets, boolean realAd,
            Duration took) {
        Path ca = shown(home, cluster.ca());
        String cacert = "--cacert " + ca + " ";
        List<Cluster.NodeInfo> nodes = cluster.nodes();
        out.println();
        out.printf("Borough Broker is up as a cluster: Keycloak %s, %d nodes on PostgreSQL 15 behind HAProxy (TLS), "
                + "realm '%s', %d council directories (%d s).%n", build.keycloakVersion(), nodes.size(), realm,
                directories.size(), Math.max(1, took.toSeconds()));
        out.println();
        out.printf("  Front door        %s   (a test CA signed it: curl %s...)%n", cluster.frontDoor(), cacert);
        for (Cluster.NodeInfo node : nodes) {
            out.printf("  Node %d            %s   health and metrics %s/health/ready   server pid %d%n", node.number(),
                    node.url(), node.managementUrl(), node.serverPid());
        }
        out.printf("  PostgreSQL 15     127.0.0.1:%d   %s%n", cluster.databasePort(), shown(home, cluster.databaseDir()));
        out.println();
        Banner.Access access = new Banner.Access(cluster.frontDoor(), cacert);
        Banner.consoles(out, access, realm, secrets);
        out.println();
        Banner.directoriesAndSignIns(out, access, realm, realAd, councils, directories, signIns, secrets);
        Cluster.NodeInfo victim = nodes.get(nodes.size() - 1);
        out.printf("  Failover: kill node %d's java to see failover; the launcher restarts it. Keep signing in through%n",
                victim.number());
        out.println("  the front door meanwhile (sessions live in PostgreSQL, none is lost); each answer names the node:");
        out.printf("    kill -9 %d        # node %d's server JVM%n", victim.serverPid(), victim.number());
        out.printf("    curl -s -o /dev/null -D - %s%s/realms/%s/.well-known/openid-configuration | grep -i x-served-by%n",
                cacert, cluster.frontDoor(), realm);
        out.println();
        out.printf("  Logs: %s/ (node1.log, node2.log, haproxy.log)     Stop: Ctrl-C (or ./broker.sh down)%n",
                shown(home, cluster.logs()));
        out.flush();
    }

    /** A path under the home, written from the home as given (".broker/cluster/tls/ca.pem"), else absolute. */
    static Path shown(Path home, Path path) {
        Path absoluteHome = home.toAbsolutePath().normalize();
        return path.startsWith(absoluteHome) && !home.isAbsolute() ? home.normalize().resolve(absoluteHome.relativize(path))
                : path;
    }
}
