package uk.boroughbroker.bench.environment;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import uk.boroughbroker.bench.suite.SuiteOptions;
import uk.boroughbroker.broker.ClusteredKeycloak;
import uk.boroughbroker.broker.EmbeddedKeycloak;
import uk.boroughbroker.realms.AdminApi;

/**
 * The Keycloak a run compares on, in the topology {@code --topology} names: one node in
 * development mode on an H2 file ({@link SuiteOptions.Topology#DEV}), or the production topology
 * ({@link SuiteOptions.Topology#CLUSTER}: PostgreSQL, two nodes, HAProxy with TLS), where every
 * request of the load goes through the HTTPS front door and the admin calls go to node 1.
 */
interface BenchServer extends AutoCloseable {

    /** Where the load goes: Keycloak's own port, or the front door. */
    String baseUrl();

    AdminApi admin();

    String serviceSecret();

    Map<String, String> clientSecrets();

    String keycloakVersion();

    boolean rebuilt();

    Path log();

    /** Every node's server JVM, for CPU and memory (summed). */
    List<ProcessHandle> serverProcesses();

    /** A client for {@link #baseUrl()}: the front door's needs to trust the cluster's test CA. */
    HttpClient.Builder httpClient();

    @Override
    void close();

    static BenchServer start(SuiteOptions options, PrintStream out, boolean fresh) {
        return switch (options.topology()) {
            // Theme caches on, as the cluster (start) has them: both realms' pages are then measured,
            // not FreeMarker parsing login.ftl at every page (docs/performance.md).
            case DEV -> dev(EmbeddedKeycloak.builder(options.home()).freshData(fresh).heap(options.keycloakHeap())
                    .themeCaches(true).progress(out::println).start());
            case CLUSTER -> cluster(ClusteredKeycloak.start(options.home(), fresh, out::println));
        };
    }

    private static BenchServer dev(EmbeddedKeycloak keycloak) {
        return new BenchServer() {
            @Override public String baseUrl() { return keycloak.baseUrl(); }
            @Override public AdminApi admin() { return keycloak.admin(); }
            @Override public String serviceSecret() { return keycloak.serviceSecret(); }
            @Override public Map<String, String> clientSecrets() { return keycloak.clientSecrets(); }
            @Override public String keycloakVersion() { return keycloak.keycloakVersion(); }
            @Override public boolean rebuilt() { return keycloak.rebuilt(); }
            @Override public Path log() { return keycloak.log(); }
            @Override public List<ProcessHandle> serverProcesses() { return keycloak.serverProcess().stream().toList(); }
            @Override public HttpClient.Builder httpClient() { return HttpClient.newBuilder(); }
            @Override public void close() { keycloak.close(); }
        };
    }

    private static BenchServer cluster(ClusteredKeycloak keycloak) {
        return new BenchServer() {
            @Override public String baseUrl() { return keycloak.baseUrl(); }
            @Override public AdminApi admin() { return keycloak.admin(); }
            @Override public String serviceSecret() { return keycloak.serviceSecret(); }
            @Override public Map<String, String> clientSecrets() { return keycloak.clientSecrets(); }
            @Override public String keycloakVersion() { return keycloak.keycloakVersion(); }
            @Override public boolean rebuilt() { return keycloak.rebuilt(); }
            @Override public Path log() { return keycloak.log(); }
            @Override public List<ProcessHandle> serverProcesses() { return keycloak.serverProcesses(); }
            @Override public HttpClient.Builder httpClient() { return keycloak.frontDoorClient(); }
            @Override public void close() { keycloak.close(); }
        };
    }
}
