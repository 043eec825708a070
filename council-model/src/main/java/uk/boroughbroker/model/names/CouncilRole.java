package uk.boroughbroker.model.names;

import java.util.Optional;

/**
 * A catalogue role held at one council, and its realm role name {@code <council>/<role>} such as
 * {@code lewisham/revenues-benefits:officer}: the one place that format is written and read.
 */
public record CouncilRole(String council, String role) {

    private static final char SEPARATOR = '/';

    /** The realm role name, {@code <council>/<role>}. */
    public static String name(String council, String role) {
        return council + SEPARATOR + role;
    }

    public String name() {
        return name(council, role);
    }

    /** The council and role of a realm role name, if it has the form {@code <council id>/<role>}. */
    public static Optional<CouncilRole> parse(String realmRoleName) {
        if (realmRoleName == null) {
            return Optional.empty();
        }
        int slash = realmRoleName.indexOf(SEPARATOR);
        if (slash < 0 || slash == realmRoleName.length() - 1
                || !CouncilNames.isCouncilId(realmRoleName.substring(0, slash))) {
            return Optional.empty();
        }
        return Optional.of(new CouncilRole(realmRoleName.substring(0, slash), realmRoleName.substring(slash + 1)));
    }
}
