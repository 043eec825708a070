package uk.boroughbroker.broker.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import uk.boroughbroker.broker.process.ChildProcess;

/**
 * HAProxy from Debian in front of the nodes: TLS ends here (the test CA's certificate), requests
 * are spread round-robin over the nodes whose {@code /health/ready} answers 200.
 *
 * <p>Fail-open: when NO node is ready, requests go to the nodes that serve anyway. After the
 * JGroups coordinator is killed, Keycloak 26.7's split-brain check keeps the survivor not-ready
 * until the dead coordinator's {@code jgroups_ping} row is 60 s old (keycloak#47970/#47971); with
 * readiness checks alone that is a full outage, though the survivor serves fine (measured:
 * 0 failed requests with this fallback, 17 without). That fallback checks a real request on the
 * node's own port, not {@code /health/live}: a node that is restarting is live seconds before it
 * serves, and answered 503 to a quarter of the requests in that window (25 in ClusterModeIT).
 */
final class LoadBalancer {

    static final String PACKAGE = "haproxy";
    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private LoadBalancer() {
    }

    /** Debian's HAProxy, or an error that names the package to install. */
    static Path requireInstalled() {
        return Commands.executable(List.of(Path.of("/usr/sbin/haproxy"), Path.of("/usr/local/sbin/haproxy"),
                Path.of("/usr/bin/haproxy"))).orElseThrow(() -> new ClusterException("Cluster mode needs HAProxy as its "
                        + "load balancer, which is missing. Install Debian's package: apt-get install " + PACKAGE));
    }

    /** One node as HAProxy reaches it. */
    record Server(String name, String host, int http, int management) {
    }

    /** Cluster mode's configuration: loopback, these ports, this certificate (certificate and key in one PEM). */
    static String config(ClusterPorts ports, Path certificateAndKey) {
        List<Server> servers = new java.util.ArrayList<>();
        for (int i = 0; i < ports.nodes().size(); i++) {
            ClusterPorts.Node node = ports.nodes().get(i);
            servers.add(new Server("node" + (i + 1), "127.0.0.1", node.http(), node.management()));
        }
        return config("127.0.0.1:" + ports.frontDoor(), certificateAndKey.toString(), servers);
    }

    /**
     * The one HAProxy configuration, for cluster mode and for docker/haproxy/haproxy.cfg (a test
     * checks that file is this rendering for the compose services).
     */
    static String config(String bind, String certificateAndKey, List<Server> servers) {
        StringBuilder cfg = new StringBuilder();
        cfg.append("""
                # Borough Broker's load balancer, rendered by LoadBalancer.java: cluster mode writes its own at every
                # start, and docker/haproxy/haproxy.cfg is checked against it (LoadBalancerTest). Change the Java.
                global
                    log stdout format raw local0 info
                    ssl-default-bind-options ssl-min-ver TLSv1.2
                defaults
                    mode http
                    log global
                    option httplog
                    timeout connect 2s
                    timeout client  30s
                    timeout server  30s
                    # A request whose node died before answering is sent again to another one.
                    retries 2
                    option redispatch 1
                    retry-on conn-failure empty-response response-timeout
                frontend fe_keycloak
                """);
        cfg.append("    bind ").append(bind).append(" ssl crt \"").append(certificateAndKey)
                .append("\" alpn h2,http/1.1\n");
        cfg.append("""
                    # Keycloak believes these only from trusted addresses (proxy-trusted-addresses).
                    http-request del-header Forwarded
                    http-request set-header X-Forwarded-Proto https
                    http-request set-header X-Forwarded-Host  %[req.hdr(host)]
                    http-request set-header X-Forwarded-Port  %[dst_port]
                    http-request set-header X-Forwarded-For   %[src]
                    # Which node answered (curl -i shows it): how failover is seen from outside.
                    http-response set-header X-Served-By %s
                    use_backend be_keycloak_live if { nbsrv(be_keycloak) eq 0 }
                    default_backend be_keycloak
                """);
        backend(cfg, "be_keycloak", "option httpchk GET /health/ready", servers, true);
        cfg.append("# Same nodes, used only while no node is ready (fail-open, see LoadBalancer.java): those that serve a\n"
                + "# request on their own port, ready or not (a starting node is live before it serves).\n");
        backend(cfg, "be_keycloak_live", "option httpchk\n    http-check send meth GET uri " + SERVING_CHECK
                + " ver HTTP/1.1 hdr Host localhost", servers, false);
        return cfg.toString();
    }

    /** What a node serves as soon as it serves anything: the master realm's discovery document. */
    static final String SERVING_CHECK = "/realms/master/.well-known/openid-configuration";

    /** @param onManagementPort whether the check goes to the management port (health) or the node's own */
    private static void backend(StringBuilder cfg, String name, String check, List<Server> servers,
            boolean onManagementPort) {
        cfg.append("backend ").append(name).append('\n')
                .append("    balance roundrobin\n")
                .append("    ").append(check).append('\n')
                .append("    http-check expect status 200\n")
                .append("    default-server inter 2s fastinter 500ms downinter 2s fall 2 rise 2\n");
        for (Server server : servers) {
            cfg.append("    server ").append(server.name()).append(' ').append(server.host()).append(':')
                    .append(server.http()).append(" check")
                    .append(onManagementPort ? " port " + server.management() : "").append('\n');
        }
    }

    /** Writes the configuration, has HAProxy check it, and starts it in the foreground as a child. */
    static ChildProcess start(Path haproxy, Path dir, ClusterPorts ports, Path certificateAndKey, Path log) {
        Path cfg = dir.resolve("haproxy.cfg");
        try {
            Files.createDirectories(dir);
            Files.writeString(cfg, config(ports, certificateAndKey), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ClusterException("Cannot write " + cfg + ": " + e.getMessage(), e);
        }
        Commands.run(List.of(haproxy.toString(), "-c", "-q", "-f", cfg.toString()), dir, Map.of(), null,
                Duration.ofSeconds(30), null);
        try {
            return ChildProcess.start(List.of(haproxy.toString(), "-db", "-f", cfg.toString()), dir, Map.of(), log);
        } catch (IOException e) {
            throw new ClusterException("Cannot start HAProxy (" + haproxy + "): " + e.getMessage(), e);
        }
    }
}
