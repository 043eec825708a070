package uk.boroughbroker.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import uk.boroughbroker.broker.cluster.Cluster;
import uk.boroughbroker.realms.Councils;

@DisplayName("ClusterBanner: what up --cluster prints")
class ClusterBannerTest {

    static final Path HOME = Path.of(".broker");
    static final Path CLUSTER = HOME.toAbsolutePath().normalize().resolve("cluster");

    static String print() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BrokerSecrets secrets = new BrokerSecrets("admin-pw-123", "client-secret-456",
                Map.of(BrokerSecrets.DEMO_SERVICE_SECRET, "demo-secret-789"), "housing-secret-000");
        ClusterBanner.Topology topology = new ClusterBanner.Topology("https://localhost:18443",
                CLUSTER.resolve("tls/ca.pem"), List.of(
                        new Cluster.NodeInfo(1, "http://127.0.0.1:18081", "http://127.0.0.1:19001", CLUSTER.resolve("logs/node1.log"), 100, 101),
                        new Cluster.NodeInfo(2, "http://127.0.0.1:18082", "http://127.0.0.1:19002", CLUSTER.resolve("logs/node2.log"), 200, 201)),
                15432, CLUSTER.resolve("postgres/data"), CLUSTER.resolve("logs"));
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            ClusterBanner.print(out, HOME, topology, new BuildInfo("0.1.0-TEST", "26.7.3", Path.of("dist.zip")), "borough",
                    new Councils(Path.of("councils.yaml"), List.of(), List.of()), Map.of(),
                    List.of(DemoSignIns.read("brent", DemoSignInsTest.BRENT)), secrets, false, Duration.ofSeconds(75));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("shows the HTTPS front door and the test CA to trust, as a path under the home as given")
    void frontDoorAndCa() {
        assertThat(print()).contains("Borough Broker is up as a cluster: Keycloak 26.7.3, 2 nodes on PostgreSQL 15 "
                + "behind HAProxy (TLS), realm 'borough', 0 council directories (75 s).")
                .contains("Front door        https://localhost:18443   (a test CA signed it: curl --cacert "
                        + Path.of(".broker/cluster/tls/ca.pem") + " ...");
    }

    @Test
    @DisplayName("shows each node with its health address and server pid, and the database")
    void eachNode() {
        assertThat(print()).contains("Node 1            http://127.0.0.1:18081   health and metrics "
                + "http://127.0.0.1:19001/health/ready   server pid 101")
                .contains("Node 2            http://127.0.0.1:18082").contains("server pid 201")
                .contains("PostgreSQL 15     127.0.0.1:15432   " + Path.of(".broker/cluster/postgres/data"));
    }

    @Test
    @DisplayName("gives the copy-paste sign-in through the front door, trusting the test CA")
    void signInThroughTheFrontDoor() {
        assertThat(print()).contains("curl -s --cacert " + Path.of(".broker/cluster/tls/ca.pem")
                + " https://localhost:18443/realms/borough/protocol/openid-connect/token -d grant_type=password")
                .contains("Admin console     https://localhost:18443/admin/  (user admin, password admin-pw-123)")
                .doesNotContain("client-secret-456").doesNotContain("http://localhost:8080");
    }

    @Test
    @DisplayName("says how to kill a node (its server JVM), watch another serve, and that the launcher restarts it")
    void howToSeeFailover() {
        assertThat(print()).contains("Failover: kill node 2's java to see failover; the launcher restarts it.")
                .contains("kill -9 201        # node 2's server JVM")
                .contains("https://localhost:18443/realms/borough/.well-known/openid-configuration | grep -i x-served-by")
                .contains("Stop: Ctrl-C (or ./broker.sh down)");
    }
}
