package uk.boroughbroker.directory.samba;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Repeats an attempt until it gives a result or a deadline passes. Every wait for Samba goes through
 * here, so none of them can hang: the caller always says how long is too long and what to report then.
 */
final class Poll {

    private Poll() {
    }

    /**
     * @param attempt   returns a result when done, empty to try again; may throw to give up early
     *                  (for example when the process it waits for has died)
     * @param onTimeout the exception to throw when {@code timeout} has passed without a result
     */
    static <T> T until(Duration timeout, Duration interval, Supplier<Optional<T>> attempt,
                       Supplier<? extends RuntimeException> onTimeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> result = attempt.get();
            if (result.isPresent()) {
                return result.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw onTimeout.get();
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, interval.toNanos()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                RuntimeException interrupted = onTimeout.get();
                interrupted.addSuppressed(e);
                throw interrupted;
            }
        }
    }
}
