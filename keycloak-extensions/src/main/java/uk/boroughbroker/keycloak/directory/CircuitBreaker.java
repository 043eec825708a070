package uk.boroughbroker.keycloak.directory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jboss.logging.Logger;

/**
 * One council directory's circuit breaker. After {@code threshold} consecutive failures to reach the
 * directory (not wrong passwords: the directory answered), calls fail fast for {@code openFor}, so a
 * dead or hung council costs its own staff a quick "unavailable" and costs nobody else anything;
 * then one trial call is let through, and its outcome closes or re-opens the circuit. While open,
 * a background probe (see {@link #probeDue()}) checks the directory every {@link #PROBE_EVERY} and
 * closes the circuit as soon as it answers, so staff are back within seconds of the directory, not
 * after the whole open time; the trial call remains for when no probe can run.
 *
 * <p>Each state change is logged once, with the council and the cause; calls refused while open
 * are not logged.
 */
final class CircuitBreaker {

    private static final Logger LOG = Logger.getLogger(CircuitBreaker.class);

    enum State { CLOSED, OPEN, HALF_OPEN }

    private final String council;
    private final int threshold;
    private final Duration openFor;
    private final Clock clock;

    private State state = State.CLOSED;
    private int failures;
    private Instant openedAt = Instant.MIN;
    private boolean trialInFlight;
    private String lastCause = "";
    /** How often a background probe may check a directory whose circuit is open. */
    static final Duration PROBE_EVERY = Duration.ofSeconds(2);
    private boolean probeInFlight;
    private Instant lastProbe = Instant.MIN;

    CircuitBreaker(String council, int threshold, Duration openFor, Clock clock) {
        this.council = council;
        this.threshold = threshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    /** Whether a call may go to the directory now. */
    synchronized boolean allow() {
        if (state == State.CLOSED) {
            return true;
        }
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) {
            state = State.HALF_OPEN;
            trialInFlight = false;
            LOG.infof("Council %s directory: trying again after %d s unavailable", council, openFor.toSeconds());
        }
        if (state == State.HALF_OPEN && !trialInFlight) {
            trialInFlight = true;
            return true;
        }
        return false;
    }

    synchronized void success() {
        if (state != State.CLOSED) {
            LOG.infof("Council %s directory is available again", council);
        }
        state = State.CLOSED;
        failures = 0;
        trialInFlight = false;
    }

    /**
     * A call {@link #allow()} let through was not made after all, for a reason that says nothing
     * about the directory (the broker is closing the connection): the trial goes to the next call.
     */
    synchronized void abandon() {
        trialInFlight = false;
    }

    synchronized void failure(String cause) {
        lastCause = cause;
        failures++;
        if (state == State.HALF_OPEN || (state == State.CLOSED && failures >= threshold)) {
            if (state == State.CLOSED) {
                LOG.warnf("Council %s directory is unavailable (%s); its staff get 'directory unavailable' for %d s",
                        council, cause, openFor.toSeconds());
            } else {
                LOG.debugf("Council %s directory still unavailable (%s)", council, cause);
            }
            state = State.OPEN;
            openedAt = clock.instant();
            trialInFlight = false;
        }
    }

    /**
     * Whether the caller should start a background probe now: the circuit is open, no probe is
     * running, and the last one started at least {@link #PROBE_EVERY} ago. A true answer reserves
     * the probe; the caller reports its outcome ({@link #success()} or {@link #failure(String)}) and
     * then {@link #probeDone()}.
     */
    synchronized boolean probeDue() {
        Instant now = clock.instant();
        if (state != State.OPEN || probeInFlight || now.isBefore(lastProbe.plus(PROBE_EVERY))) {
            return false;
        }
        probeInFlight = true;
        lastProbe = now;
        return true;
    }

    synchronized void probeDone() {
        probeInFlight = false;
    }

    synchronized State state() {
        return state;
    }

    synchronized String lastCause() {
        return lastCause;
    }
}
