package uk.boroughbroker.keycloak.roles;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import uk.boroughbroker.keycloak.directory.CouncilRouting;

/**
 * The last step of the sign-in flows: a client may ask for a council's scope ({@code council:<id>})
 * only if the person holds a role at that council. Otherwise the sign-in stops: the password grant
 * answers 400 {@code invalid_scope} naming the council, the browser shows a page saying so. Runs
 * after the person is known, whichever way they signed in (password or single sign-on cookie), and
 * after the council roles were brought up to date from the directory.
 */
final class CouncilScopeAuthenticator implements Authenticator {

    /** The flow path Keycloak gives the password grant's authentication. */
    private static final String TOKEN_FLOW_PATH = "token";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        Set<String> requested = CouncilScopes.requested(
                context.getAuthenticationSession().getClientNote(OIDCLoginProtocol.SCOPE_PARAM));
        UserModel user = context.getUser();
        if (requested.isEmpty() || user == null) {
            context.success();
            return;
        }
        RealmModel realm = context.getRealm();
        Optional<CouncilPolicy> policy = CouncilPolicy.of(realm);
        Set<String> held = CouncilScopes.heldAt(user.getRealmRoleMappingsStream().map(RoleModel::getName)
                .filter(name -> policy.map(p -> p.manages(name)).orElse(false)).toList());
        Set<String> refused = new TreeSet<>(requested);
        refused.removeAll(held);
        if (refused.isEmpty()) {
            context.success();
            return;
        }
        String council = refused.iterator().next();
        String councilName = CouncilRouting.choice(realm, council).map(CouncilRouting.Choice::displayName).orElse(council);
        ClientModel client = context.getAuthenticationSession().getClient();
        context.getEvent().detail(Details.REASON, "no role at council " + council + " for scope " + CouncilScopes.PREFIX
                + council).error(Errors.INVALID_REQUEST);
        Response response;
        if (TOKEN_FLOW_PATH.equals(context.getFlowPath())) {
            response = Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "invalid_scope", "error_description", "scope " + CouncilScopes.PREFIX + council
                            + ": the user holds no role at " + councilName))
                    .build();
        } else {
            String clientName = Optional.ofNullable(client.getName()).filter(n -> !n.isBlank()).orElse(client.getClientId());
            response = context.form().setError("boroughNoRoleAtCouncil", clientName, councilName)
                    .createErrorPage(Response.Status.FORBIDDEN);
        }
        // A challenge, not a failure: Keycloak counts every failure of a flow step towards brute-force
        // protection, and an app asking for the wrong scope must not lock its users out.
        context.forceChallenge(response);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
