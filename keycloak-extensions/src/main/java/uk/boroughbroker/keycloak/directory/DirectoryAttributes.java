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
    /**
     * The username a person had when they left (deleted from the directory or moved out of the users
     * container): their broker user is renamed {@code left.<id>} so that a new account under the same
     * name is a new person who can sign in, and this keeps who they were for the audit trail.
     */
    public static final String LEFT_AS = "directoryLeftAs";

    private DirectoryAttributes() {
    }
}
