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
    private static final String FULL_READ = "fullRead";
    /** Longer than any gap between passes; a council whose sync is off for a month starts again in full. */
    private static final long LIFESPAN_SECONDS = 30L * 24 * 3_600;

    /**
     * What is known of a council's directory: USN read up to per DC, when everyone was last listed and
     * how many people that was (what the next full pass's progress bar expects).
     */
    record Known(Map<UUID, Long> usns, long fullAtMillis, int fullRead) {

        Known {
            usns = Map.copyOf(usns);
        }
    }

    private SyncWatermarks() {
    }

    static Known of(KeycloakSession session, String federationId) {
        Map<String, String> notes = session.singleUseObjects().get(KEY + federationId);
        if (notes == null) {
            return new Known(Map.of(), 0, -1);
        }
        Map<UUID, Long> usns = new HashMap<>();
        long fullAt = 0;
        int fullRead = -1;
        for (Map.Entry<String, String> note : notes.entrySet()) {
            switch (note.getKey()) {
                case FULL_AT -> fullAt = Long.parseLong(note.getValue());
                case FULL_READ -> fullRead = Integer.parseInt(note.getValue());
                default -> usns.put(UUID.fromString(note.getKey()), Long.parseLong(note.getValue()));
            }
        }
        return new Known(usns, fullAt, fullRead);
    }

    /** Records how far the DC was read after a pass of changes. */
    static void store(KeycloakSession session, String federationId, DirectoryChangeWatermark reached) {
        Known known = of(session, federationId);
        store(session, federationId, reached, known.fullAtMillis(), known.fullRead());
    }

    /** Records how far the DC was read after a complete full listing: when it started and how many it read. */
    static void store(KeycloakSession session, String federationId, DirectoryChangeWatermark reached,
            long fullAtMillis, int fullRead) {
        Known known = of(session, federationId);
        Map<String, String> notes = new HashMap<>();
        known.usns().forEach((dc, usn) -> notes.put(dc.toString(), Long.toString(usn)));
        notes.put(reached.invocationId().toString(), Long.toString(reached.usn()));
        notes.put(FULL_AT, Long.toString(fullAtMillis));
        notes.put(FULL_READ, Integer.toString(fullRead));
        session.singleUseObjects().put(KEY + federationId, LIFESPAN_SECONDS, notes);
    }

    /** Forgets a council's watermarks: its next pass lists everyone. */
    static void forget(KeycloakSession session, String federationId) {
        session.singleUseObjects().remove(KEY + federationId);
    }
}
