package uk.boroughbroker.keycloak.testing;

import org.junit.jupiter.api.BeforeEach;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.server.KeycloakUrls;
import uk.boroughbroker.keycloak.testing.PartnerApp.TokenResponse;

/**
 * What every integration test starts from: the shared Keycloak server (each test class still says
 * {@code @KeycloakIntegrationTest(config = BoroughServerConfig.class)}), the demo broker on it, and a
 * partner app talking to it.
 */
public abstract class AgainstTheDemoBroker {

    @InjectKeycloakUrls
    protected KeycloakUrls urls;

    protected DemoBroker broker;
    protected PartnerApp app;

    @BeforeEach
    void connectToTheDemoBroker() {
        broker = DemoBroker.ensure(urls);
        app = broker.partnerApp();
    }

    /** The password grant through the demo service client. */
    protected TokenResponse signIn(String username, String password) {
        return app.passwordGrant(DemoBroker.SERVICE_CLIENT, broker.serviceSecret(), username, password);
    }
}
