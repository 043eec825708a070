package uk.boroughbroker.bench.load;

/** What each client thread does, one request per call. */
@FunctionalInterface
public interface Workload {

    /**
     * Sends one request and says how it went.
     *
     * @param thread the calling client thread's index (0..threads-1), for per-thread state such as a
     *               refresh-token chain
     * @throws Exhausted when there is nothing left to send (no fresh users): the thread stops early
     */
    Attempt attempt(int thread) throws Exhausted;

    /** Thrown when a workload has run out of what it sends (fresh users), which ends a thread early. */
    final class Exhausted extends Exception {

        private static final long serialVersionUID = 1L;

        public Exhausted(String message) {
            super(message, null, false, false);
        }
    }
}
