package uk.boroughbroker.broker;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import uk.boroughbroker.realms.AdminApi;
import uk.boroughbroker.realms.AdminApiException;

/**
 * {@code broker councils sync <council>}: a full import and reconcile of one council now (joiners
 * imported, everyone re-read, leavers disabled), as a new council runs after {@code councils apply}.
 * Shows the broker's progress as it goes and ends with what it did; a sync already running is
 * followed to its end first, then this one runs.
 */
final class CouncilSyncCommand {

    /** The longest a sync is followed: far beyond a 100,000-person council's full pass. */
    static final Duration BOUND = Duration.ofMinutes(30);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int BAR = 30;

    private final AdminApi admin;
    private final String path;
    private final PrintStream out;

    CouncilSyncCommand(AdminApi admin, String realm, String council, PrintStream out) {
        this.admin = admin;
        this.path = "/realms/" + realm + "/borough-councils/" + council + "/sync";
        this.out = out;
    }

    int run() {
        long deadline = System.nanoTime() + BOUND.toNanos();
        JsonNode started = null;
        while (started == null) {
            try {
                started = admin.postForJson(path);
            } catch (AdminApiException e) {
                if (e.status() != 409) {
                    throw e;
                }
                out.println("A sync of this council is already running; following it first.");
                follow(0, deadline);
            }
        }
        JsonNode done = follow(started.path("requestedAt").asLong(), deadline);
        out.println();
        if (!"done".equals(done.path("state").asText())) {
            out.printf("%s: sync FAILED: %s%n", done.path("council").asText(), done.path("problem").asText("unknown"));
            return 1;
        }
        out.printf("%s: %d read, %d imported, %d updated, %d left, %d refused in %.1f s%s%n",
                done.path("council").asText(), done.path("read").asInt(), done.path("imported").asInt(),
                done.path("updated").asInt(), done.path("left").asInt(), done.path("refused").asInt(),
                done.path("millis").asLong() / 1000.0,
                done.path("complete").asBoolean(true) ? "" : " (stopped at its bound: run it again to go on)");
        for (Iterator<Map.Entry<String, JsonNode>> it = done.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().startsWith("refused: ")) {
                out.printf("  refused %s: %s%n", field.getValue().asText(), field.getKey().substring(9));
            }
        }
        return done.path("refused").asInt() == 0 ? 0 : 2;
    }

    /** Follows the council's sync that started at or after {@code since} until it ends; returns its last word. */
    private JsonNode follow(long since, long deadline) {
        while (true) {
            JsonNode progress = admin.get(path);
            String state = progress.path("state").asText();
            boolean ours = progress.path("startedAt").asLong() >= since;
            if (ours && ("done".equals(state) || "failed".equals(state))) {
                return progress;
            }
            if (ours && "running".equals(state)) {
                out.print("\r" + line(progress));
            }
            if (System.nanoTime() > deadline) {
                throw new BrokerException("the sync did not finish within " + BOUND.toMinutes()
                        + " minutes; see the broker's log");
            }
            try {
                TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BrokerException("interrupted while following the sync");
            }
        }
    }

    /** A progress line: a bar when the broker knows how many to expect, else a running count. */
    static String line(JsonNode progress) {
        int read = progress.path("read").asInt();
        int expected = progress.path("expected").asInt(-1);
        String counts = String.format("%,d read, %,d imported, %,d updated, %,d left, %,d refused", read,
                progress.path("imported").asInt(), progress.path("updated").asInt(), progress.path("left").asInt(),
                progress.path("refused").asInt());
        if (expected <= 0) {
            return counts;
        }
        int filled = (int) Math.min(BAR, (long) BAR * read / expected);
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + counts;
    }
}
