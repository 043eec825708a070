package uk.boroughbroker.keycloak.roles;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import uk.boroughbroker.keycloak.directory.CouncilRouting;
import uk.boroughbroker.model.names.CouncilScope;

/**
 * The last step of the sign-in flows: a client may ask for a council's scope ({@code council:<id>})
 * only if the policy names the app and the person holds a role at that council (the rule is
 * {@link CouncilScopeGrant}'s, which the token side applies again at every refresh). Otherwise the
 * sign-in stops: the password grant answers 400 {@code invalid_scope} naming the council, the
 * browser shows a page saying so. Runs
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
        ClientModel client = context.getAuthenticationSession().getClient();
        Optional<CouncilScopeGrant> grant = RealmPolicy.of(realm).map(p -> CouncilScopeGrant.of(p, client, user));
        Set<String> refused = grant.map(g -> g.refused(requested)).orElse(requested);
        if (refused.isEmpty()) {
            context.success();
            return;
        }
        String council = refused.iterator().next();
        String councilName = CouncilRouting.choice(realm, council).map(CouncilRouting.Choice::displayName).orElse(council);
        boolean appNamed = grant.map(g -> g.app().named()).orElse(false);
        context.getEvent().detail(Details.REASON, (appNamed ? "no role at council " + council
                : "client not named in the council policy") + " for scope " + CouncilScope.name(council))
                .error(Errors.INVALID_REQUEST);
        Response response;
        String clientName = Optional.ofNullable(client.getName()).filter(n -> !n.isBlank()).orElse(client.getClientId());
        if (TOKEN_FLOW_PATH.equals(context.getFlowPath())) {
            String why = appNamed ? "the user holds no role at " + councilName
                    : "client " + client.getClientId() + " is not named in the council policy, so it sees no council";
            response = Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "invalid_scope", "error_description",
                            "scope " + CouncilScope.name(council) + ": " + why))
                    .build();
        } else {
            response = context.form()
                    .setError(appNamed ? "boroughNoRoleAtCouncil" : "boroughAppSeesNoCouncil", clientName, councilName)
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
