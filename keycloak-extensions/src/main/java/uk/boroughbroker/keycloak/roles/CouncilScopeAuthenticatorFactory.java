package uk.boroughbroker.keycloak.roles;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** {@value #PROVIDER_ID}: see {@link CouncilScopeAuthenticator}. Stateless, so one instance serves all. */
public final class CouncilScopeAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "borough-council-scope";
    private static final CouncilScopeAuthenticator SINGLETON = new CouncilScopeAuthenticator();

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Borough council scope check";
    }

    @Override
    public String getHelpText() {
        return "Refuses a sign-in in which the client asks for a council's scope (council:<id>) at which the person "
                + "holds no role. Put it after the step that identifies the person, in the browser and direct grant flows.";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[] {AuthenticationExecutionModel.Requirement.REQUIRED,
            AuthenticationExecutionModel.Requirement.DISABLED};
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
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
