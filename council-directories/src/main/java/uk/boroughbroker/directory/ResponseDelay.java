package uk.boroughbroker.directory;

import java.time.Duration;

/**
 * Holds every client request for a settable time before the server answers it: a slow domain
 * controller (overloaded, or far away over a WAN link) for resilience tests and benchmarks.
 * {@link ClientRequests} calls {@link #hold()} for each request a client sends.
 *
 * <p>The in-memory server runs each client connection on its own thread, so holding one request
 * holds only that connection, as on a real DC. A changed delay applies to requests already waiting
 * too: clearing it releases them at once, so a test never waits out a delay it no longer wants.
 */
final class ResponseDelay {

    /** Longer than any read timeout a client would sensibly use; beyond it is a mistake, not a slow DC. */
    static final Duration MAX = Duration.ofMinutes(10);

    private final Object changed = new Object();
    private volatile long delayNanos;

    Duration get() {
        return Duration.ofNanos(delayNanos);
    }

    void set(Duration delay) {
        if (delay == null) {
            throw new IllegalArgumentException("the response delay must not be null (use Duration.ZERO for none)");
        }
        if (delay.isNegative() || delay.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("the response delay must be between 0 and " + MAX.toMinutes()
                    + " minutes, got " + delay);
        }
        synchronized (changed) {
            delayNanos = delay.toNanos();
            changed.notifyAll();
        }
    }

    void hold() {
        if (delayNanos <= 0) {
            return;
        }
        long received = System.nanoTime();
        synchronized (changed) {
            while (true) {
                long remaining = received + delayNanos - System.nanoTime();
                if (remaining <= 0) {
                    return;
                }
                try {
                    changed.wait(remaining / 1_000_000, (int) (remaining % 1_000_000));
                } catch (InterruptedException e) {
                    // The server is shutting down: answer (or drop) now.
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
