package uk.boroughbroker.keycloak.provisioning;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * How long a change waits after its n-th failed attempt: doubling from {@link #FIRST}, capped at the
 * system's {@code maxBackoffSeconds}, with "equal jitter" (half fixed, half random) so that a system
 * coming back is not hit by every waiting change in the same second, yet no wait is near zero.
 */
final class Backoff {

    static final Duration FIRST = Duration.ofSeconds(1);

    private final Duration cap;
    private final LongUnaryOperator random;

    /** @param random given a bound n &gt; 0, a number in [0, n) */
    Backoff(Duration cap, LongUnaryOperator random) {
        this.cap = cap;
        this.random = random;
    }

    /** The wait after attempt {@code attempt} (1 for the first failure). */
    Duration after(int attempt) {
        long ceiling = ceiling(attempt).toMillis();
        long half = ceiling / 2;
        return Duration.ofMillis(ceiling - half + random.applyAsLong(half + 1));
    }

    /** The longest wait after attempt {@code attempt}: FIRST doubled (attempt - 1) times, at most the cap. */
    Duration ceiling(int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 30));
        long millis = FIRST.toMillis() << doublings;
        return Duration.ofMillis(Math.min(millis, cap.toMillis()));
    }
}
