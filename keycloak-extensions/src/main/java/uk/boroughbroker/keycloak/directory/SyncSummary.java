package uk.boroughbroker.keycloak.directory;

import java.util.Map;

/**
 * What one sync pass of a council did, for the admin who ran it, the log and the bench.
 *
 * @param mode      {@code full} (every person listed; those not listed have left) or {@code changes}
 * @param read      directory entries read
 * @param imported  people new to the broker (joiners)
 * @param updated   people the broker knew whose entry said something new (movers and renames among them)
 * @param left      people disabled in this pass: disabled or expired in AD, deleted, or moved out
 * @param refused   entries the broker would not take, with why (a count per reason)
 * @param startedAt when the pass started, epoch milliseconds (tells one pass from the next)
 * @param complete  false when the pass stopped at its bound; the next pass goes on
 */
public record SyncSummary(String council, String mode, int read, int imported, int updated, int left, int refused,
        Map<String, Integer> refusals, long startedAt, long millis, boolean complete) {

    public SyncSummary {
        refusals = Map.copyOf(refusals);
    }

    /** One line for the log and the command line. */
    String line() {
        return String.format("council %s, %s sync: %d read, %d imported, %d updated, %d left, %d refused%s in %d ms%s",
                council, mode, read, imported, updated, left, refused, refusals.isEmpty() ? "" : " " + refusals,
                millis, complete ? "" : " (stopped at its bound; continues next pass)");
    }
}
