package uk.boroughbroker.keycloak.provisioning;

/** What a queued change asks of a borough system for one person. */
enum ChangeKind {
    /** Make the system's account match the projection: create it, or PATCH it (active=false for leavers). */
    PROVISION,
    /** Remove the account (a leaver, at a system whose leaver action is delete). */
    DELETE
}
