package uk.boroughbroker.realms;

/**
 * How a change line begins: what an apply did ("created client 'x'"), or, in a dry run, what it
 * would do ("would create client 'x'"). One word list, so that a dry run never reads as done.
 */
enum Verb {
    CREATE("created", "create"),
    UPDATE("updated", "update"),
    REMOVE("removed", "remove"),
    ADD("added", "add"),
    MAKE("made", "make"),
    REBUILD("rebuilt", "rebuild"),
    ENABLE("enabled", "enable"),
    DISABLE("disabled", "disable"),
    DELETE("deleted", "delete"),
    REVOKE_AND_DELETE("revoked and deleted", "revoke and delete");

    private final String done;
    private final String planned;

    Verb(String done, String plain) {
        this.done = done;
        this.planned = "would " + plain;
    }

    /** @param what the rest of the line, such as {@code client 'x'} */
    String line(boolean dryRun, String what) {
        return (dryRun ? planned : done) + " " + what;
    }
}
