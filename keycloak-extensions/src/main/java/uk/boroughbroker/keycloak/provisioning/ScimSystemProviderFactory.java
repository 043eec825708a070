package uk.boroughbroker.keycloak.provisioning;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.component.ComponentFactory;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * {@value #PROVIDER_ID}: a borough system (housing, revenues, social care) that gets accounts for
 * qualifying council staff over SCIM 2.0. Its settings are {@link ScimSystemConfig}'s keys.
 */
public final class ScimSystemProviderFactory implements ComponentFactory<ScimSystemProvider, ScimSystemProvider> {

    public static final String PROVIDER_ID = "borough-scim-system";
    private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
            .property().name(ScimSystemConfig.BASE_URL).label("SCIM base URL").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("The system's SCIM 2.0 endpoint, such as https://housing.example.gov.uk/scim/v2").required(true).add()
            .property().name(ScimSystemConfig.ALLOW_PLAIN_HTTP).label("Allow plain HTTP")
            .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
            .helpText("Send personal details without TLS. Only for a system on the same host.").add()
            .property().name(ScimSystemConfig.AUTH).label("Authentication").type(ProviderConfigProperty.LIST_TYPE)
            .options(ScimSystemConfig.AUTH_CLIENT_CREDENTIALS, ScimSystemConfig.AUTH_BEARER_FILE)
            .defaultValue(ScimSystemConfig.AUTH_CLIENT_CREDENTIALS).add()
            .property().name(ScimSystemConfig.BEARER_TOKEN_FILE).label("Bearer token file")
            .type(ProviderConfigProperty.STRING_TYPE).helpText("Path of a file holding the bearer token").add()
            .property().name(ScimSystemConfig.TOKEN_URL).label("Token URL").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("OAuth 2.0 token endpoint for the client credentials grant").add()
            .property().name(ScimSystemConfig.CLIENT_ID).label("Client id").type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(ScimSystemConfig.CLIENT_SECRET_FILE).label("Client secret file")
            .type(ProviderConfigProperty.STRING_TYPE).helpText("Path of a file holding the client secret").add()
            .property().name(ScimSystemConfig.CLIENT_SECRET_ENV).label("Client secret variable")
            .type(ProviderConfigProperty.STRING_TYPE).helpText("Name of an environment variable holding the secret").add()
            .property().name(ScimSystemConfig.COUNCILS).label("Councils")
            .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
            .helpText("Council ids whose staff may get an account here; nobody else's").required(true).add()
            .property().name(ScimSystemConfig.ROLES).label("Council roles")
            .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
            .helpText("Realm roles <council>/<role>, one of which qualifies a person; none listed: any").add()
            .property().name(ScimSystemConfig.LEAVER_ACTION).label("Leaver action").type(ProviderConfigProperty.LIST_TYPE)
            .options("deactivate", "delete").defaultValue("deactivate")
            .helpText("deactivate: PATCH active=false (a returner gets the same account); delete: DELETE").add()
            .property().name(ScimSystemConfig.CONNECT_TIMEOUT_MS).label("Connect timeout (ms)")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(ScimSystemConfig.DEFAULT_CONNECT_TIMEOUT_MS)).add()
            .property().name(ScimSystemConfig.READ_TIMEOUT_MS).label("Read timeout (ms)")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(ScimSystemConfig.DEFAULT_READ_TIMEOUT_MS)).add()
            .property().name(ScimSystemConfig.THREADS).label("Delivery threads").type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue(String.valueOf(ScimSystemConfig.DEFAULT_THREADS))
            .helpText("Calls to this system at once (1-" + ScimSystemConfig.MAX_THREADS + ")").add()
            .property().name(ScimSystemConfig.MAX_BACKOFF_SECONDS).label("Longest retry wait (s)")
            .type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue(String.valueOf(ScimSystemConfig.DEFAULT_MAX_BACKOFF_SECONDS)).add()
            .build();

    @Override
    public ScimSystemProvider create(KeycloakSession session, ComponentModel model) {
        ScimSystemConfig config = ScimSystemConfig.of(model);
        return () -> config;
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        // Throws InvalidScimSystemException (a ComponentValidationException) naming every problem.
        ScimSystemConfig.of(model);
    }

    @Override
    public String getHelpText() {
        return "A borough system that gets accounts for qualifying council staff over SCIM 2.0";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
