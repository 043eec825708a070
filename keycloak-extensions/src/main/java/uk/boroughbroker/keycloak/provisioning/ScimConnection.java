package uk.boroughbroker.keycloak.provisioning;

import java.time.Duration;

import com.unboundid.scim2.client.ScimService;
import jakarta.ws.rs.client.Client;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.client.JerseyClientBuilder;
import org.glassfish.jersey.jnh.connector.JavaNetHttpConnectorProvider;

/**
 * One borough system's SCIM endpoint: a JAX-RS client (Jersey, JDK HttpClient connector) under the
 * UnboundID {@link ScimService}. Built once per system and reused; closed when the system's
 * configuration changes or Keycloak stops.
 *
 * <p>Why these pieces (decision 0029): Keycloak ships JAX-RS 3.1 but no JAX-RS client; Jersey's
 * default connector (HttpURLConnection) refuses PATCH; the JDK HttpClient connector sends PATCH and
 * needs no further jars. The builder is constructed directly, not through {@code ClientBuilder}'s
 * service lookup, which inside Keycloak could find another implementation first. The bearer token
 * is set per request by the caller, which knows whether it could get one.
 */
final class ScimConnection implements AutoCloseable {

    private final Client client;
    private final ScimService scim;

    ScimConnection(String baseUrl, Duration connectTimeout, Duration readTimeout) {
        ClientConfig config = new ClientConfig().connectorProvider(new JavaNetHttpConnectorProvider())
                .property(ClientProperties.CONNECT_TIMEOUT, (int) connectTimeout.toMillis())
                .property(ClientProperties.READ_TIMEOUT, (int) readTimeout.toMillis());
        this.client = new JerseyClientBuilder().withConfig(config).build();
        this.scim = new ScimService(client.target(baseUrl));
    }

    ScimService scim() {
        return scim;
    }

    @Override
    public void close() {
        client.close();
    }
}
