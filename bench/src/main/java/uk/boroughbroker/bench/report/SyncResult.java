package uk.boroughbroker.bench.report;

import uk.boroughbroker.bench.load.Resources;

/**
 * A full user sync (import of every directory user into Keycloak), timed.
 *
 * @param status         "ok", "not supported", or "failed"
 * @param usersPerSecond users imported per second; null when nothing was synced
 * @param detail         what Keycloak answered
 */
public record SyncResult(String scenario, String target, String status, int councils, long users, double seconds,
        Double usersPerSecond, String detail, Resources resources) {
}
