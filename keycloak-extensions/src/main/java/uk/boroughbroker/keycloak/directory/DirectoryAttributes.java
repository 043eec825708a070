package uk.boroughbroker.keycloak.directory;

import java.util.regex.Pattern;

/**
 * What a council directory puts on a broker user, and the naming rules of councils and their
 * domains: written here once, read by the roles, the token mappers and the admin endpoints.
 */
public final class DirectoryAttributes {

    /** The council id of the directory the person came from. */
    public static final String COUNCIL = "council";
    /** Every group the person is in, directly or nested, by exact DN (roles map from these). */
    public static final String GROUPS = "directoryGroups";

    /** A council id, which is also its federation's name (same rule as the councils file). */
    public static final Pattern COUNCIL_ID = Pattern.compile("[a-z][a-z0-9-]{1,39}");
    /** A lower-case DNS domain such as brent.gov.uk. */
    static final Pattern DOMAIN = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

    private DirectoryAttributes() {
    }
}
