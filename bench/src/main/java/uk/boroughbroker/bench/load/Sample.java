package uk.boroughbroker.bench.load;

/**
 * One request as the driver saw it.
 *
 * @param startNanos   when it was sent, on {@link System#nanoTime()}'s clock
 * @param latencyNanos how long until the answer (or the failure)
 * @param council      index of the council it was for (priority order), or -1 when none
 * @param phase        the run's phase when it was sent
 * @param failure      null when it did what was expected, else how it failed ({@code "503 temporarily_unavailable"})
 */
public record Sample(long startNanos, long latencyNanos, int council, int phase, String failure) {

    public boolean ok() {
        return failure == null;
    }

    public long endNanos() {
        return startNanos + latencyNanos;
    }
}
