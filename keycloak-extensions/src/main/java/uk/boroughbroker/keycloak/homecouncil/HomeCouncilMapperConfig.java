package uk.boroughbroker.keycloak.homecouncil;

import java.util.List;
import java.util.Map;

import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import uk.boroughbroker.model.names.ClaimNames;

/**
 * Typed view of a {@value HomeCouncilMapper#PROVIDER_ID} mapper's configuration: each setting's key,
 * label, help and default are declared here once, for the admin console ({@link #declared()}) and for
 * the token ({@link #of}) alike.
 */
final class HomeCouncilMapperConfig {

    static final String CLAIM_NAME = OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME;
    static final String DEFAULT_CLAIM_NAME = "home_council";

    private final String claimName;

    private HomeCouncilMapperConfig(String claimName) {
        this.claimName = claimName;
    }

    /** The settings this mapper adds to Keycloak's "add to token" switches. */
    static List<ProviderConfigProperty> declared() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(CLAIM_NAME)
                .label("Claim name")
                .helpText("Name of the claim that carries the council id, such as 'brent'. "
                        + "Partner apps expect '" + DEFAULT_CLAIM_NAME + "'.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DEFAULT_CLAIM_NAME)
                .add()
                .build();
    }

    static HomeCouncilMapperConfig of(Map<String, String> config) {
        String name = config == null ? null : config.get(CLAIM_NAME);
        return new HomeCouncilMapperConfig(name == null || name.isBlank() ? DEFAULT_CLAIM_NAME : name.strip());
    }

    String claimName() {
        return claimName;
    }

    /** @return why the configuration cannot be used, or null when it is fine */
    String problem() {
        return ClaimNames.problem(claimName, "the home council", DEFAULT_CLAIM_NAME).orElse(null);
    }
}
