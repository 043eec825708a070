package uk.boroughbroker.model.names;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names an admin may give the broker's token claims ({@code home_council}, {@code councils}):
 * plain names, never one that carries identity or protocol meaning.
 */
public final class ClaimNames {

    /**
     * A plain claim name. Dots are refused on purpose: Keycloak would nest the claim under an object,
     * which partner apps reading the documented name would not find.
     */
    private static final Pattern CLAIM = Pattern.compile("[A-Za-z_][A-Za-z0-9_:-]{0,63}");

    /** Claims that carry identity or protocol meaning; council data must never overwrite them. */
    private static final Set<String> RESERVED = Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti", "azp",
            "typ", "sid", "nonce", "auth_time", "acr", "amr", "at_hash", "c_hash", "scope", "session_state",
            "client_id", "cnf", "preferred_username", "email", "email_verified", "realm_access",
            "resource_access", "allowed-origins");

    private ClaimNames() {
    }

    /**
     * @param carries what the claim carries, for the message ("the home council")
     * @param usual   the documented name partner apps expect
     * @return why {@code name} cannot be used (no apostrophes: Keycloak formats admin messages with
     *         MessageFormat), or empty when it can
     */
    public static Optional<String> problem(String name, String carries, String usual) {
        if (!CLAIM.matcher(name).matches()) {
            return Optional.of("Claim name \"" + name + "\" is not valid: use letters, digits, _ : or - "
                    + "(no dots, no spaces), starting with a letter or _, at most 64 characters.");
        }
        if (RESERVED.contains(name)) {
            return Optional.of("Claim name \"" + name + "\" is reserved for identity and protocol data and cannot "
                    + "carry " + carries + ". Use \"" + usual + "\".");
        }
        return Optional.empty();
    }
}
