package uk.boroughbroker.keycloak.directory;

import java.util.LinkedHashMap;
import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * A council's sync, as any node can report it: the pass runs on one node of the cluster, and the
 * admin's next poll may reach another through the load balancer. Kept in Keycloak's replicated
 * single-use store for an hour after the last word.
 */
final class SyncProgress {

    private static final String KEY = "borough-sync::";
    private static final long LIFESPAN_SECONDS = 3_600;

    private SyncProgress() {
    }

    static void running(KeycloakSession session, String federationId, SyncSummary sofar, int expected) {
        Map<String, String> notes = notes(sofar);
        notes.put("state", "running");
        notes.put("expected", Integer.toString(expected));
        session.singleUseObjects().put(KEY + federationId, LIFESPAN_SECONDS, notes);
    }

    static void done(KeycloakSession session, String federationId, SyncSummary summary) {
        Map<String, String> notes = notes(summary);
        notes.put("state", "done");
        session.singleUseObjects().put(KEY + federationId, LIFESPAN_SECONDS, notes);
    }

    static void failed(KeycloakSession session, String federationId, String council, String problem) {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("council", council);
        notes.put("state", "failed");
        notes.put("problem", problem);
        session.singleUseObjects().put(KEY + federationId, LIFESPAN_SECONDS, notes);
    }

    /** The last word on the council's sync, or empty when none ran in the last hour. */
    static Map<String, String> of(KeycloakSession session, String federationId) {
        SingleUseObjectProvider store = session.singleUseObjects();
        Map<String, String> notes = store.get(KEY + federationId);
        return notes == null ? Map.of() : notes;
    }

    private static Map<String, String> notes(SyncSummary summary) {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("council", summary.council());
        notes.put("mode", summary.mode());
        notes.put("read", Integer.toString(summary.read()));
        notes.put("imported", Integer.toString(summary.imported()));
        notes.put("updated", Integer.toString(summary.updated()));
        notes.put("left", Integer.toString(summary.left()));
        notes.put("refused", Integer.toString(summary.refused()));
        summary.refusals().forEach((reason, count) -> notes.put("refused: " + reason, Integer.toString(count)));
        notes.put("startedAt", Long.toString(summary.startedAt()));
        notes.put("millis", Long.toString(summary.millis()));
        notes.put("complete", Boolean.toString(summary.complete()));
        return notes;
    }
}
