package uk.boroughbroker.keycloak.directory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running count of a sync pass: written by the pass, read for its progress by whoever asks
 * (the admin endpoint, on any node: see {@link SyncProgress}).
 */
final class SyncTally {

    /** Reasons kept by name; more distinct ones than this are counted under "other". */
    private static final int MAX_REASONS = 20;

    private final String council;
    private final String mode;
    private final long startNanos = System.nanoTime();
    private final long startedAt = System.currentTimeMillis();
    private int read;
    private int imported;
    private int updated;
    private int left;
    private int refused;
    private int expected = -1;
    private final Map<String, Integer> refusals = new LinkedHashMap<>();

    SyncTally(String council, String mode) {
        this.council = council;
        this.mode = mode;
    }

    synchronized void read(int entries) {
        read += entries;
    }

    synchronized void imported(boolean created) {
        if (created) {
            imported++;
        } else {
            updated++;
        }
    }

    synchronized void left() {
        left++;
    }

    synchronized void refused(String reason) {
        refused++;
        String key = refusals.size() < MAX_REASONS || refusals.containsKey(reason) ? reason : "other";
        refusals.merge(key, 1, Integer::sum);
    }

    /** How many entries the pass should read: the last full pass's count; negative when unknown. */
    synchronized void expect(int entries) {
        expected = entries;
    }

    synchronized int expected() {
        return expected;
    }

    synchronized SyncSummary summary(boolean complete) {
        return new SyncSummary(council, mode, read, imported, updated, left, refused, refusals, startedAt,
                (System.nanoTime() - startNanos) / 1_000_000, complete);
    }
}
