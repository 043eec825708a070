package uk.boroughbroker.keycloak.roles;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.keycloak.models.ClientModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import uk.boroughbroker.model.policy.CouncilPolicy;

/**
 * The council scopes one token may carry, for one app and one person (or service account), read
 * from Keycloak's models and the policy; the rules are {@link CouncilScopes}'. The sign-in check
 * ({@link CouncilScopeAuthenticator}) and the token side ({@link CouncilRolesMapper}, which runs at
 * every token: sign-in, refresh, client credentials, token exchange) both decide through this, so a
 * refresh re-checks exactly what the sign-in checked.
 */
final class CouncilScopeGrant {

    private final CouncilScopes.App app;
    private final Set<String> permitted;

    private CouncilScopeGrant(CouncilScopes.App app, Set<String> permitted) {
        this.app = app;
        this.permitted = permitted;
    }

    static CouncilScopeGrant of(CouncilPolicy policy, ClientModel client, UserModel user) {
        return of(policy, client, user, () -> CouncilScopes.heldAt(user.getRealmRoleMappingsStream()
                .map(RoleModel::getName).filter(policy::manages).toList()));
    }

    /**
     * @param heldAt the councils where the person holds a council role now, for a caller that has
     *               already read the person's roles in this request; asked only for a person, never
     *               for a service account
     */
    static CouncilScopeGrant of(CouncilPolicy policy, ClientModel client, UserModel user, Supplier<Set<String>> heldAt) {
        String clientId = client.getClientId();
        CouncilScopes.App app = new CouncilScopes.App(policy.councilOfClient(clientId).orElse(null),
                policy.seesEveryCouncil(clientId));
        Set<String> held;
        String serviceAccountOf = user.getServiceAccountClientLink();
        if (serviceAccountOf != null) {
            // A service account holds no council role: its own client's council is what the policy
            // grants it, and another client's service account (token exchange) gets no council.
            held = serviceAccountOf.equals(client.getId()) && app.borough() != null ? Set.of(app.borough()) : Set.of();
        } else {
            held = heldAt.get();
        }
        return new CouncilScopeGrant(app, CouncilScopes.permitted(app, held));
    }

    CouncilScopes.App app() {
        return app;
    }

    /** The asked-for councils whose scope the token may not carry. */
    Set<String> refused(Set<String> requested) {
        Set<String> refused = new TreeSet<>(requested);
        refused.removeAll(permitted);
        return refused;
    }

    /** @return the councils the token shows, {@code null} for every council */
    Set<String> visible(Set<String> requested) {
        return CouncilScopes.visible(app, requested, permitted);
    }
}
