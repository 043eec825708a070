package uk.boroughbroker.keycloak.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Asks again until the answer comes or the bound passes: for what the broker does in the background
 * (a council's sync), which a test can only wait for. The bound is the behaviour's promise (a leaver
 * loses access within 60 s), so a timeout is a failure that says what did not happen.
 */
public final class Eventually {

    private static final Duration INTERVAL = Duration.ofMillis(250);

    private Eventually() {
    }

    /**
     * @param what    what was waited for, for the failure message
     * @param attempt a result when it happened, empty to ask again
     * @return the result and how long it took
     */
    public static <T> Timed<T> within(Duration bound, String what, Supplier<Optional<T>> attempt) {
        long start = System.nanoTime();
        long deadline = start + bound.toNanos();
        while (true) {
            Optional<T> result = attempt.get();
            if (result.isPresent()) {
                return new Timed<>(result.get(), Duration.ofNanos(System.nanoTime() - start));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("not within " + bound.toSeconds() + " s: " + what);
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, INTERVAL.toNanos()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + what, e);
            }
        }
    }

    /** A result and how long it took to come. */
    public record Timed<T>(T value, Duration took) {
    }
}
