package uk.boroughbroker.keycloak.directory;

/**
 * What a council directory puts on a broker user: written here once, read by the roles, the token
 * mappers and the admin endpoints. (How councils and their domains are named is the council
 * model's {@code CouncilNames}.)
 */
public final class DirectoryAttributes {

    /** The council id of the directory the person came from. */
    public static final String COUNCIL = "council";
    /** Every group the person is in, directly or nested, by exact DN (roles map from these). */
    public static final String GROUPS = "directoryGroups";

    private DirectoryAttributes() {
    }
}
