package uk.boroughbroker.model.names;

import java.util.Optional;

/**
 * The per-council client scope, {@code council:<id>}: an app asks for it to see a person's roles at
 * that council. The realm tooling creates one per council; the broker checks each request for one.
 */
public final class CouncilScope {

    public static final String PREFIX = "council:";

    private CouncilScope() {
    }

    /** The scope of a council: {@code council:brent}. */
    public static String name(String council) {
        return PREFIX + council;
    }

    /** The council a scope name names, if it is a council scope. */
    public static Optional<String> councilOf(String scopeName) {
        if (scopeName == null || !scopeName.startsWith(PREFIX) || scopeName.length() == PREFIX.length()) {
            return Optional.empty();
        }
        return Optional.of(scopeName.substring(PREFIX.length()));
    }
}
