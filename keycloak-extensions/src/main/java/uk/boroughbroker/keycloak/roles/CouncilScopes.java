package uk.boroughbroker.keycloak.roles;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import uk.boroughbroker.model.names.CouncilRole;
import uk.boroughbroker.model.names.CouncilScope;

/**
 * The per-council client scopes, {@code council:<id>}, and which councils a token shows: the rules,
 * free of Keycloak's models (see {@link CouncilScopeGrant} for where the facts come from).
 *
 * <ul>
 * <li>A token may carry {@code council:<id>} only when the app is one the policy names and the
 * person holds a role at that council; a client's own service account only for the council the
 * policy gives that client ({@code clients:}).</li>
 * <li>A borough system ({@code clients:}) sees its own council, plus the councils it was granted by
 * scope.</li>
 * <li>An app of no council the policy lists in {@code allCouncilClients} sees every council unless it
 * asks for some, and then only those it was granted.</li>
 * <li>Any other app sees no council: no {@code councils} claim, no council roles.</li>
 * </ul>
 */
public final class CouncilScopes {

    /**
     * What the policy says about the app a token is for.
     *
     * @param borough the council of a borough system ({@code clients:} in the policy), or {@code null}
     * @param everyCouncil an app of no council that the policy lets see every council
     */
    record App(String borough, boolean everyCouncil) {

        /** Whether the policy names the app at all; an app it does not name sees no council. */
        boolean named() {
            return borough != null || everyCouncil;
        }
    }

    private CouncilScopes() {
    }

    /** The councils named by {@code council:<id>} scopes in a space-separated OAuth scope value. */
    static Set<String> requested(String scopeParameter) {
        if (scopeParameter == null || scopeParameter.isBlank()) {
            return Set.of();
        }
        return councilsOf(Arrays.stream(scopeParameter.trim().split("\\s+")));
    }

    /** The councils named by {@code council:<id>} among client scope names (a missing name names none). */
    static Set<String> councilsOf(Stream<String> scopeNames) {
        return scopeNames.filter(Objects::nonNull).flatMap(s -> CouncilScope.councilOf(s).stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The councils at which the named council roles ({@code council/service:function}) are held. */
    static Set<String> heldAt(Collection<String> councilRoles) {
        return councilRoles.stream().flatMap(r -> CouncilRole.parse(r).stream()).map(CouncilRole::council)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The councils whose scope a token for this app may carry.
     *
     * @param held the councils where the person holds a role; for a service account, the council the
     *        policy gives its own client
     */
    static Set<String> permitted(App app, Set<String> held) {
        return app.named() ? Set.copyOf(held) : Set.of();
    }

    /**
     * Which councils a token shows.
     *
     * @param requested councils asked for by scope
     * @param permitted councils whose scope the token may carry ({@link #permitted})
     * @return {@code null} for "every council"
     */
    static Set<String> visible(App app, Set<String> requested, Set<String> permitted) {
        Set<String> granted = new TreeSet<>(requested);
        granted.retainAll(permitted);
        if (app.borough() != null) {
            granted.add(app.borough());
            return granted;
        }
        if (!requested.isEmpty()) {
            // Asked for some councils: only those granted, never "every council" because one was dropped.
            return granted;
        }
        return app.everyCouncil() ? null : granted;
    }

    /** A space-separated scope value without the {@code council:<id>} scopes of the given councils. */
    static String without(String scope, Set<String> councils) {
        if (scope == null || councils.isEmpty()) {
            return scope;
        }
        return Arrays.stream(scope.trim().split("\\s+"))
                .filter(s -> CouncilScope.councilOf(s).filter(councils::contains).isEmpty())
                .collect(Collectors.joining(" "));
    }
}
