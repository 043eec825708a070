package uk.boroughbroker.broker;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import uk.boroughbroker.realms.AdminApi;

/**
 * Keycloak with the Borough Broker extensions, started from code by a tool that compares or tests
 * on it (the benchmark suite): one dev-mode node ({@link EmbeddedKeycloak}) or the production
 * topology ({@link ClusteredKeycloak}), used the same way.
 */
public interface RunningKeycloak extends AutoCloseable {

    /** Where clients go: the node's own HTTP port, or the cluster's HTTPS front door. */
    String baseUrl();

    /** The Admin REST API as the bootstrap admin client (master realm). */
    AdminApi admin();

    /** The generated secret of {@code borough-demo-service}. */
    String serviceSecret();

    /** Every confidential demo client's generated secret, by the realm files' variable for it. */
    Map<String, String> clientSecrets();

    String keycloakVersion();

    /** Whether this start ran Keycloak's build step. */
    boolean rebuilt();

    /** The (first) node's log. */
    Path log();

    /** Every node's server JVM, for resource measurements; a stopped node is left out. */
    List<ProcessHandle> serverProcesses();

    /** A client builder for {@link #baseUrl()}: the front door's trusts only the cluster's test CA. */
    HttpClient.Builder httpClient();

    /** Stops everything it started. */
    @Override
    void close();
}
