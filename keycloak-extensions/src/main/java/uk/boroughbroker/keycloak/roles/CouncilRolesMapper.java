package uk.boroughbroker.keycloak.roles;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.protocol.ProtocolMapperUtils;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;
import uk.boroughbroker.model.policy.CouncilPolicy;

/**
 * {@value #PROVIDER_ID}: council-scoped tokens. Adds {@code councils} (council to the catalogue roles
 * the person holds there) for the councils the token shows ({@link CouncilScopes}), and narrows the
 * council roles of the standard {@code realm_access.roles} claim to the same councils. Runs after
 * Keycloak's role mappers, whose output it narrows.
 *
 * <p>It is also the token-side scope check: it runs for every token (sign-in, refresh, client
 * credentials), while the sign-in flow's {@link CouncilScopeAuthenticator} runs only at sign-in. A
 * {@code council:<id>} scope the token may no longer carry (the person's roles there are gone; a
 * service account whose client the policy does not give that council) is dropped from the access
 * token's {@code scope}, silently, as OAuth servers treat an optional scope they do not grant
 * (decision 0017). Keycloak writes the token endpoint's own {@code scope} field after every mapper,
 * from the scopes asked for, so only the token itself (and introspection, and userinfo) tells.
 *
 * <p>Its configuration is read through {@link CouncilRolesMapperConfig}.
 */
public final class CouncilRolesMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "borough-council-roles";
    /** No admin message has this key: Keycloak then shows the problem itself (a 400, not a 500). */
    private static final String MESSAGE_KEY = "boroughCouncilRolesInvalidConfig";

    private static final List<ProviderConfigProperty> CONFIG = configProperties();

    private static List<ProviderConfigProperty> configProperties() {
        List<ProviderConfigProperty> properties = new ArrayList<>(CouncilRolesMapperConfig.declared());
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
    public void validateConfig(KeycloakSession session, RealmModel realm, ProtocolMapperContainerModel client,
            ProtocolMapperModel mapperModel) throws ProtocolMapperConfigException {
        String problem = CouncilRolesMapperConfig.of(mapperModel.getConfig()).problem();
        if (problem != null) {
            throw new ProtocolMapperConfigException(problem, MESSAGE_KEY);
        }
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
    public AccessToken transformAccessToken(AccessToken token, ProtocolMapperModel model, KeycloakSession session,
            UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        // Narrowing is a security rule, not a claim: it holds whatever the mapper's "add to access
        // token" settings say (lightweight tokens included); the councils claim follows the settings.
        RealmPolicy.of(userSession.getRealm()).ifPresent(policy -> narrow(token, policy,
                CouncilTokenView.of(policy, userSession, clientSessionCtx)));
        return super.transformAccessToken(token, model, session, userSession, clientSessionCtx);
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel model, UserSessionModel userSession,
            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        RealmModel realm = userSession.getRealm();
        Optional<CouncilPolicy> policy = RealmPolicy.of(realm);
        if (policy.isEmpty()) {
            return;
        }
        CouncilTokenView view = CouncilTokenView.of(policy.get(), userSession, clientSessionCtx);
        if (token instanceof AccessToken access) {
            narrow(access, policy.get(), view);
        }
        if (!view.app().named()) {
            // An app the policy does not name sees no council: no claim at all, not an empty one.
            return;
        }
        Map<String, SortedSet<String>> byCouncil = new TreeMap<>(view.held());
        if (view.visible() != null) {
            byCouncil.keySet().retainAll(view.visible());
        }
        token.getOtherClaims().put(CouncilRolesMapperConfig.of(model.getConfig()).claimName(), byCouncil);
    }

    /** Drops the council scopes the token may not carry and the council roles of councils it does not show. */
    private static void narrow(AccessToken access, CouncilPolicy policy, CouncilTokenView view) {
        access.setScope(CouncilScopes.without(access.getScope(), view.refused()));
        Set<String> visible = view.visible();
        if (visible != null && access.getRealmAccess() != null && access.getRealmAccess().getRoles() != null) {
            access.getRealmAccess().getRoles().removeIf(role -> policy.managed(role)
                    .filter(held -> !visible.contains(held.council())).isPresent());
        }
    }

    /**
     * For one token request: the app as the policy sees it, the council scopes refused, the councils
     * shown. Worked out once per request and kept on Keycloak's client session context: the mapper
     * runs up to three times per request (the access token's narrowing, its claim, the ID token's
     * claim), and each time would read the person's roles and the app's scopes again.
     */
    private record CouncilTokenView(CouncilPolicy policy, CouncilScopes.App app, Set<String> refused,
            Set<String> visible, Map<String, SortedSet<String>> held) {

        private static final String ATTRIBUTE = CouncilTokenView.class.getName();

        static CouncilTokenView of(CouncilPolicy policy, UserSessionModel userSession, ClientSessionContext ctx) {
            CouncilTokenView known = ctx.getAttribute(ATTRIBUTE, CouncilTokenView.class);
            if (known != null && known.policy() == policy) {
                return known;
            }
            CouncilTokenView view = read(policy, userSession, ctx);
            ctx.setAttribute(ATTRIBUTE, view);
            return view;
        }

        private static CouncilTokenView read(CouncilPolicy policy, UserSessionModel userSession, ClientSessionContext ctx) {
            ClientModel client = ctx.getClientSession().getClient();
            // The person's council roles, read once for the request: the scope grant, the claim and
            // the narrowing all start from them (issue 13: each read streams and parses every role).
            Map<String, SortedSet<String>> held = heldBy(policy, userSession.getUser());
            CouncilScopeGrant grant = CouncilScopeGrant.of(policy, client, userSession.getUser(), held::keySet);
            // The client itself is among the context's scopes (a client is a ClientScopeModel), and its
            // name is a display name, possibly missing: only real client scopes name councils.
            Set<String> requested = CouncilScopes.councilsOf(ctx.getClientScopesStream()
                    .filter(scope -> !(scope instanceof ClientModel)).map(ClientScopeModel::getName));
            return new CouncilTokenView(policy, grant.app(), grant.refused(requested), grant.visible(requested), held);
        }

        /** Council to the catalogue roles the person holds there, as the policy reads their realm roles. */
        private static Map<String, SortedSet<String>> heldBy(CouncilPolicy policy, UserModel user) {
            Map<String, SortedSet<String>> byCouncil = new TreeMap<>();
            user.getRealmRoleMappingsStream().map(RoleModel::getName)
                    .flatMap(name -> policy.managed(name).stream())
                    .forEach(held -> byCouncil.computeIfAbsent(held.council(), c -> new TreeSet<>()).add(held.role()));
            byCouncil.replaceAll((council, roles) -> Collections.unmodifiableSortedSet(roles));
            return Collections.unmodifiableMap(byCouncil);
        }
    }
}
