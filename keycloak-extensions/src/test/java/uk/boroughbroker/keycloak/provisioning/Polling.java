package uk.boroughbroker.keycloak.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Waits, with a bound, for something the broker does in the background (no fixed sleeps). */
final class Polling {

    private Polling() {
    }

    /** The first present answer within {@code bound}; fails with {@code what} otherwise. */
    static <T> T until(Duration bound, String what, Supplier<Optional<T>> probe) {
        Instant end = Instant.now().plus(bound);
        while (true) {
            Optional<T> answer = probe.get();
            if (answer.isPresent()) {
                return answer.get();
            }
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("Not within " + bound + ": " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }
}
