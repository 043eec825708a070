package uk.boroughbroker.keycloak.council;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Typed view of a {@value HomeCouncilMapper#PROVIDER_ID} mapper's configuration: each setting's key,
 * label, help and default are declared here once, for the admin console ({@link #declared()}) and for
 * the token ({@link #of}) alike.
 */
final class HomeCouncilMapperConfig {

    static final String CLAIM_NAME = OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME;
    static final String DEFAULT_CLAIM_NAME = "home_council";

    /**
     * A plain claim name. Dots are refused on purpose: Keycloak would nest the claim under an object,
     * which partner apps reading {@code home_council} would not find.
     */
    private static final Pattern CLAIM = Pattern.compile("[A-Za-z_][A-Za-z0-9_:-]{0,63}");

    /** Claims that carry identity or protocol meaning; a council name must never overwrite them. */
    private static final Set<String> RESERVED = Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti", "azp",
            "typ", "sid", "nonce", "auth_time", "acr", "amr", "at_hash", "c_hash", "scope", "session_state",
            "client_id", "cnf", "preferred_username", "email", "email_verified", "realm_access",
            "resource_access", "allowed-origins");

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
        if (!CLAIM.matcher(claimName).matches()) {
            return "Claim name \"" + claimName + "\" is not valid: use letters, digits, _ : or - "
                    + "(no dots, no spaces), starting with a letter or _, at most 64 characters.";
        }
        if (RESERVED.contains(claimName)) {
            return "Claim name \"" + claimName + "\" is reserved for identity and protocol data and cannot carry "
                    + "the home council. Use \"" + DEFAULT_CLAIM_NAME + "\".";
        }
        return null;
    }
}
