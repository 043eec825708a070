package uk.boroughbroker.keycloak.homecouncil;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

/**
 * OIDC protocol mapper {@value #PROVIDER_ID}: adds the user's home council (the council whose
 * directory the user came from) as a claim, {@code home_council} by default. Users with no council
 * get no claim rather than an empty one, so a resource server can tell "no council" from "council ''".
 *
 * <p>Keycloak's protocol mappers are their own factories (one instance serves every token), so this
 * one class is both; the configuration is read through {@link HomeCouncilMapperConfig}.
 */
public final class HomeCouncilMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "borough-home-council";

    private static final String MESSAGE_KEY = "boroughHomeCouncilInvalidConfig";
    private static final List<ProviderConfigProperty> CONFIG = configProperties();

    private static List<ProviderConfigProperty> configProperties() {
        List<ProviderConfigProperty> properties = new ArrayList<>(HomeCouncilMapperConfig.declared());
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(properties, HomeCouncilMapper.class);
        return List.copyOf(properties);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Borough home council";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Adds the id of the council whose directory the user came from (for example 'brent'). "
                + "Users from no council directory get no claim.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, ProtocolMapperContainerModel client,
            ProtocolMapperModel mapperModel) throws ProtocolMapperConfigException {
        String problem = HomeCouncilMapperConfig.of(mapperModel.getConfig()).problem();
        if (problem != null) {
            // Keycloak looks the key up in its admin messages and falls back to the message itself
            // (through MessageFormat, hence no apostrophes in our messages); without a key it fails
            // with a 500 instead of a 400.
            throw new ProtocolMapperConfigException(problem, MESSAGE_KEY);
        }
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        HomeCouncil.of(userSession.getRealm(), userSession.getUser()).ifPresent(council -> token.getOtherClaims()
                .put(HomeCouncilMapperConfig.of(mappingModel.getConfig()).claimName(), council));
    }
}
