package uk.boroughbroker.keycloak.roles;

import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The per-council client scopes, {@code council:<id>}: a client asks for one to see the person's
 * roles at that council. A borough system sees its own council's roles without asking; a client of
 * no council sees every council unless it asks for some, and then sees only those.
 */
public final class CouncilScopes {

    /** Prefix of a council's client scope; the realm tooling creates one per council. */
    public static final String PREFIX = "council:";

    private CouncilScopes() {
    }

    /** The councils named by {@code council:<id>} scopes in a space-separated OAuth scope value. */
    static Set<String> requested(String scopeParameter) {
        if (scopeParameter == null || scopeParameter.isBlank()) {
            return Set.of();
        }
        return councilsOf(Arrays.stream(scopeParameter.trim().split("\\s+")));
    }

    /** The councils named by {@code council:<id>} among client scope names. */
    static Set<String> councilsOf(Stream<String> scopeNames) {
        return scopeNames.filter(s -> s.startsWith(PREFIX) && s.length() > PREFIX.length())
                .map(s -> s.substring(PREFIX.length())).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The councils at which the named council roles ({@code council/service:function}) are held. */
    static Set<String> heldAt(Collection<String> councilRoles) {
        return councilRoles.stream().filter(r -> r.indexOf('/') > 0).map(r -> r.substring(0, r.indexOf('/')))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Which councils a token shows.
     *
     * @param borough the client's own council, when it is a borough system ({@code null} otherwise)
     * @param requested councils asked for by scope
     * @return {@code null} for "every council"
     */
    static Set<String> visible(String borough, Set<String> requested) {
        if (borough != null) {
            Set<String> visible = new TreeSet<>(requested);
            visible.add(borough);
            return visible;
        }
        return requested.isEmpty() ? null : requested;
    }
}
