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
import uk.boroughbroker.model.provisioning.ScimSystemKeys;

/**
 * {@value #PROVIDER_ID}: a borough system (housing, revenues, social care) that gets accounts for
 * qualifying council staff over SCIM 2.0. Its settings are {@link ScimSystemConfig}'s keys.
 */
public final class ScimSystemProviderFactory implements ComponentFactory<ScimSystemProvider, ScimSystemProvider> {

    public static final String PROVIDER_ID = ScimSystemKeys.PROVIDER_ID;
    private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
            .property().name(ScimSystemKeys.BASE_URL).label("SCIM base URL").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("The system's SCIM 2.0 endpoint, such as https://housing.example.gov.uk/scim/v2").required(true).add()
            .property().name(ScimSystemKeys.ALLOW_PLAIN_HTTP).label("Allow plain HTTP")
            .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
            .helpText("Send personal details without TLS. Only for a system on the same host.").add()
            .property().name(ScimSystemKeys.GROUPS).label("Council roles as groups")
            .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
            .helpText("Put each account in one SCIM group per council role held at the system's councils "
                    + "(camden/housing:caseworker). The system must serve /Groups.").add()
            .property().name(ScimSystemKeys.AUTH).label("Authentication").type(ProviderConfigProperty.LIST_TYPE)
            .options(ScimSystemKeys.AUTH_CLIENT_CREDENTIALS, ScimSystemKeys.AUTH_BEARER_FILE)
            .defaultValue(ScimSystemKeys.AUTH_CLIENT_CREDENTIALS).add()
            .property().name(ScimSystemKeys.BEARER_TOKEN_FILE).label("Bearer token file")
            .type(ProviderConfigProperty.STRING_TYPE).helpText("Path of a file holding the bearer token").add()
            .property().name(ScimSystemKeys.TOKEN_URL).label("Token URL").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("OAuth 2.0 token endpoint for the client credentials grant").add()
            .property().name(ScimSystemKeys.CLIENT_ID).label("Client id").type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(ScimSystemKeys.CLIENT_SECRET_FILE).label("Client secret file")
            .type(ProviderConfigProperty.STRING_TYPE).helpText("Path of a file holding the client secret").add()
            .property().name(ScimSystemKeys.CLIENT_SECRET_ENV).label("Client secret variable")
            .type(ProviderConfigProperty.STRING_TYPE).helpText("Name of an environment variable holding the secret").add()
            .property().name(ScimSystemKeys.COUNCILS).label("Councils")
            .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
            .helpText("Council ids whose staff may get an account here; nobody else's").required(true).add()
            .property().name(ScimSystemKeys.ROLES).label("Council roles")
            .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
            .helpText("Realm roles <council>/<role>, one of which qualifies a person; none listed: any").add()
            .property().name(ScimSystemKeys.LEAVER_ACTION).label("Leaver action").type(ProviderConfigProperty.LIST_TYPE)
            .options(ScimSystemKeys.LEAVERS_DEACTIVATE, ScimSystemKeys.LEAVERS_DELETE)
            .defaultValue(ScimSystemKeys.LEAVERS_DEACTIVATE)
            .helpText("deactivate: PATCH active=false (a returner gets the same account); delete: DELETE").add()
            .property().name(ScimSystemKeys.CONNECT_TIMEOUT_MS).label("Connect timeout (ms)")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(ScimSystemKeys.CONNECT_TIMEOUT.fallback())).add()
            .property().name(ScimSystemKeys.READ_TIMEOUT_MS).label("Read timeout (ms)")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(ScimSystemKeys.READ_TIMEOUT.fallback())).add()
            .property().name(ScimSystemKeys.THREADS).label("Delivery threads").type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue(String.valueOf(ScimSystemKeys.THREAD_COUNT.fallback()))
            .helpText("Calls to this system at once (1-" + ScimSystemKeys.THREAD_COUNT.max() + ")").add()
            .property().name(ScimSystemKeys.MAX_BACKOFF_SECONDS).label("Longest retry wait (s)")
            .type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue(String.valueOf(ScimSystemKeys.MAX_BACKOFF.fallback())).add()
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
