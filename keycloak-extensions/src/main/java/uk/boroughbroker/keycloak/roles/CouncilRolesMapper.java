package uk.boroughbroker.keycloak.roles;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapperUtils;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;

/**
 * {@value #PROVIDER_ID}: council-scoped tokens. Adds {@code councils} (council to the catalogue roles
 * the person holds there) and, when the token is for a borough system the policy assigns to a
 * council ({@code clients} in the policy), keeps only that council's roles: in {@code councils} and
 * among the council roles of the standard {@code realm_access.roles} claim. A client that asks for
 * council scopes ({@code council:<id>}, see {@link CouncilScopes}) also, or only (a client of no
 * council), sees those councils. Runs after Keycloak's role mappers, whose output it narrows.
 */
public final class CouncilRolesMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "borough-council-roles";
    static final String DEFAULT_CLAIM = "councils";

    private static final List<ProviderConfigProperty> CONFIG = configProperties();

    private static List<ProviderConfigProperty> configProperties() {
        List<ProviderConfigProperty> properties = ProviderConfigurationBuilder.create()
                .property().name(OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME).label("Claim name")
                .helpText("Claim carrying each council and the catalogue roles the person holds there.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_CLAIM).add()
                .build();
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(properties, CouncilRolesMapper.class);
        return List.copyOf(properties);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Borough council roles";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Adds the catalogue roles a person holds at each council, and narrows tokens for a borough system to "
                + "that borough's roles.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public int getPriority() {
        // After Keycloak's role mappers (40) and script mappers (50): this narrows what they put in.
        return ProtocolMapperUtils.PRIORITY_SCRIPT_MAPPER + 10;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel model, UserSessionModel userSession,
            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        RealmModel realm = userSession.getRealm();
        Optional<CouncilPolicy> policy = CouncilPolicy.of(realm);
        if (policy.isEmpty()) {
            return;
        }
        Map<String, SortedSet<String>> byCouncil = new TreeMap<>();
        userSession.getUser().getRealmRoleMappingsStream().map(RoleModel::getName).filter(policy.get()::manages)
                .forEach(name -> {
                    int slash = name.indexOf('/');
                    byCouncil.computeIfAbsent(name.substring(0, slash), c -> new TreeSet<>()).add(name.substring(slash + 1));
                });
        String borough = policy.get()
                .councilOfClient(clientSessionCtx.getClientSession().getClient().getClientId()).orElse(null);
        Set<String> visible = CouncilScopes.visible(borough,
                CouncilScopes.councilsOf(clientSessionCtx.getClientScopesStream().map(ClientScopeModel::getName)));
        if (visible != null) {
            byCouncil.keySet().retainAll(visible);
            if (token instanceof AccessToken access && access.getRealmAccess() != null
                    && access.getRealmAccess().getRoles() != null) {
                access.getRealmAccess().getRoles().removeIf(role -> policy.get().manages(role)
                        && !visible.contains(role.substring(0, role.indexOf('/'))));
            }
        }
        String claim = Optional.ofNullable(model.getConfig().get(OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME))
                .filter(s -> !s.isBlank()).orElse(DEFAULT_CLAIM);
        token.getOtherClaims().put(claim, byCouncil);
    }
}
