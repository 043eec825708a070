package uk.boroughbroker.keycloak.directory;

import java.time.Duration;

import org.keycloak.models.KeycloakSession;

/**
 * The time one request may spend on one council's directory, all its calls together (the search,
 * the group reads and the password check), whatever the number of domain controllers: staff hear
 * "unavailable" within it even when every DC accepts connections and never answers.
 *
 * <p>Measured with {@link System#nanoTime()}, not a wall clock: a clock step must not stretch it.
 */
final class Deadline {

    private static final String REQUEST_ATTRIBUTE = "borough.directory.deadline.";

    private final Duration budget;
    private final long endNanos;

    private Deadline(Duration budget, long startNanos) {
        this.budget = budget;
        this.endNanos = startNanos + budget.toNanos();
    }

    /** A deadline {@code budget} from now. */
    static Deadline after(Duration budget) {
        return new Deadline(budget, System.nanoTime());
    }

    /**
     * This request's deadline for the council's directory, started by its first directory call and
     * shared by every later one: Keycloak asks the provider several times in one sign-in. Kept per
     * council, so that one council's hung directory never spends another council's time (an admin's
     * user list may read people of several councils in one request).
     */
    static Deadline forRequest(KeycloakSession session, ConnectionSettings settings) {
        if (session == null) {
            return after(settings.deadline());
        }
        String key = REQUEST_ATTRIBUTE + settings.councilId();
        Deadline deadline = session.getAttribute(key, Deadline.class);
        if (deadline == null) {
            deadline = after(settings.deadline());
            session.setAttribute(key, deadline);
        }
        return deadline;
    }

    /**
     * A new deadline for the next person in a background pass: the pass's session applies many people,
     * and each gets the time one sign-in would, not what the ones before left over.
     */
    static void startAgain(KeycloakSession session, ConnectionSettings settings) {
        session.removeAttribute(REQUEST_ATTRIBUTE + settings.councilId());
    }

    Duration budget() {
        return budget;
    }

    long endNanos() {
        return endNanos;
    }

    long remainingNanos() {
        return endNanos - System.nanoTime();
    }
}
