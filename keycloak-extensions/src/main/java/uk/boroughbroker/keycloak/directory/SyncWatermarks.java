package uk.boroughbroker.keycloak.directory;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.keycloak.models.KeycloakSession;

/**
 * How far the broker has read each of a council's domain controllers (decision 0028: USNs are per
 * DC, keyed by its invocationId), and when it last listed everyone. Kept in Keycloak's replicated
 * single-use store, so any node can take over a council's sync where another left it; lost only when
 * every node restarts, and then the next pass is a full one, which is always safe.
 */
final class SyncWatermarks {

    private static final String KEY = "borough-sync-usn::";
    private static final String FULL_AT = "fullAt";
    /** Longer than any gap between passes; a council whose sync is off for a month starts again in full. */
    private static final long LIFESPAN_SECONDS = 30L * 24 * 3_600;

    /** What is known of a council's directory: USN read up to per DC, and when everyone was last listed. */
    record Known(Map<UUID, Long> usns, long fullAtMillis) {

        Known {
            usns = Map.copyOf(usns);
        }
    }

    private SyncWatermarks() {
    }

    static Known of(KeycloakSession session, String federationId) {
        Map<String, String> notes = session.singleUseObjects().get(KEY + federationId);
        if (notes == null) {
            return new Known(Map.of(), 0);
        }
        Map<UUID, Long> usns = new HashMap<>();
        long fullAt = 0;
        for (Map.Entry<String, String> note : notes.entrySet()) {
            if (FULL_AT.equals(note.getKey())) {
                fullAt = Long.parseLong(note.getValue());
            } else {
                usns.put(UUID.fromString(note.getKey()), Long.parseLong(note.getValue()));
            }
        }
        return new Known(usns, fullAt);
    }

    /** Records how far the DC was read; {@code fullAtMillis} 0 keeps the last full listing's time. */
    static void store(KeycloakSession session, String federationId, DirectoryChangeWatermark reached,
            long fullAtMillis) {
        Known known = of(session, federationId);
        Map<String, String> notes = new HashMap<>();
        known.usns().forEach((dc, usn) -> notes.put(dc.toString(), Long.toString(usn)));
        notes.put(reached.invocationId().toString(), Long.toString(reached.usn()));
        notes.put(FULL_AT, Long.toString(fullAtMillis > 0 ? fullAtMillis : known.fullAtMillis()));
        session.singleUseObjects().put(KEY + federationId, LIFESPAN_SECONDS, notes);
    }

    /** Forgets a council's watermarks: its next pass lists everyone. */
    static void forget(KeycloakSession session, String federationId) {
        session.singleUseObjects().remove(KEY + federationId);
    }
}
