package uk.boroughbroker.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("LoadBalancer: HAProxy's configuration")
class LoadBalancerTest {

    static final Path PEM = Path.of("/broker home/cluster/tls/haproxy.pem");

    @Test
    @DisplayName("terminates TLS on the loopback front door with the test certificate")
    void terminatesTls() {
        assertThat(LoadBalancer.config(ClusterPorts.defaults(), PEM))
                .contains("bind 127.0.0.1:18443 ssl crt \"/broker home/cluster/tls/haproxy.pem\" alpn h2,http/1.1")
                .contains("http-request set-header X-Forwarded-Proto https");
    }

    @Test
    @DisplayName("sends requests to the nodes whose readiness check (management port) answers 200")
    void checksReadiness() {
        String cfg = LoadBalancer.config(ClusterPorts.defaults(), PEM);
        String ready = cfg.substring(cfg.indexOf("\nbackend be_keycloak\n"), cfg.indexOf("\nbackend be_keycloak_live"));

        assertThat(ready).contains("option httpchk GET /health/ready", "http-check expect status 200",
                "server node1 127.0.0.1:18081 check port 19001", "server node2 127.0.0.1:18082 check port 19002");
        assertThat(cfg).contains("default_backend be_keycloak\n");
    }

    @Test
    @DisplayName("fails open: with no node ready, to the nodes that serve a request on their own port (coordinator "
            + "kill, keycloak#47970), not those merely live (a starting node answers 503)")
    void failsOpenToServingNodes() {
        String cfg = LoadBalancer.config(ClusterPorts.defaults(), PEM);
        String live = cfg.substring(cfg.indexOf("\nbackend be_keycloak_live"));

        assertThat(cfg).contains("use_backend be_keycloak_live if { nbsrv(be_keycloak) eq 0 }");
        assertThat(live).contains("option httpchk\n", "http-check send meth GET uri "
                + "/realms/master/.well-known/openid-configuration ver HTTP/1.1 hdr Host localhost",
                "server node1 127.0.0.1:18081 check\n", "server node2 127.0.0.1:18082 check\n")
                .doesNotContain("/health/live").doesNotContain("port 1900");
    }

    @Test
    @DisplayName("docker/haproxy/haproxy.cfg is the same rendering, for the compose services")
    void composeConfigIsTheSameRendering() throws Exception {
        String expected = LoadBalancer.config(":8443", "/usr/local/etc/haproxy/certs/broker.pem", List.of(
                new LoadBalancer.Server("broker1", "broker1", 8080, 9000),
                new LoadBalancer.Server("broker2", "broker2", 8080, 9000)));

        assertThat(Path.of("..", "docker", "haproxy", "haproxy.cfg")).as("regenerate it from LoadBalancer.config")
                .hasContent(expected);
    }

    @Test
    @DisplayName("is valid for HAProxy itself (haproxy -c), when HAProxy is installed")
    void validForHaproxy(@TempDir Path dir) throws Exception {
        Path haproxy;
        try {
            haproxy = LoadBalancer.requireInstalled();
        } catch (ClusterException e) {
            assumeTrue(false, "HAProxy is not installed: " + e.getMessage());
            return;
        }
        TestCertificateAuthority ca = TestCertificateAuthority.inFolder(dir.resolve("tls"));
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, LoadBalancer.config(ClusterPorts.defaults(), ca.haproxyPem()));

        Commands.run(List.of(haproxy.toString(), "-c", "-f", cfg.toString()), dir, Map.of(), null, Duration.ofSeconds(30),
                null);
    }
}
