package uk.boroughbroker.keycloak.directory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import org.jboss.logging.Logger;

/**
 * Every call to one council's directory goes through here: a {@link CircuitBreaker} in front, the
 * council's own {@link DirectoryWorkers} to run it, the request's {@link Deadline} to bound the wait
 * (decisions 0014, 0018), and, while the circuit is open, background probes that tell when the
 * directory is back. Tells the three outcomes apart: an answer, a refused request (both
 * {@link Answer}s: the directory is up), and no answer (an outage, thrown).
 */
final class DirectoryGuard implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DirectoryGuard.class);

    /** Without background probes: an open circuit closes only through its trial call. */
    static final Executor NO_PROBES = task -> {
        throw new RejectedExecutionException("no background probes");
    };

    /** The work of one call, on a pool's connection. */
    @FunctionalInterface
    interface DirectoryCall<T> {
        T apply(LDAPConnectionPool pool) throws LDAPException;
    }

    /** The pool a call runs on, built on first use. */
    @FunctionalInterface
    interface PoolSource {
        LDAPConnectionPool get() throws LDAPException;
    }

    /** What a call on a worker found: the directory's answer, or that it could not be reached. */
    private sealed interface Attempt<T> {

        record Answered<T>(Answer<T> answer) implements Attempt<T> {
        }

        record Outage<T>(String cause) implements Attempt<T> {
        }
    }

    private final ConnectionSettings settings;
    private final DirectoryPools pools;
    private final CircuitBreaker breaker;
    private final DirectoryWorkers workers;
    /** Runs background probes; the factory owns it. */
    private final Executor probes;
    private final DirectoryMeters meters;

    /**
     * @param probes runs the background probes that tell when an unavailable directory is back (see
     *               {@link CircuitBreaker#probeDue()})
     */
    DirectoryGuard(ConnectionSettings settings, DirectoryPools pools, Clock clock, Executor probes,
            DirectoryMeters meters) {
        this.settings = settings;
        this.pools = pools;
        this.probes = probes;
        this.meters = meters;
        this.breaker = new CircuitBreaker(settings.councilId(), settings.failureThreshold(),
                Duration.ofSeconds(settings.unavailableSeconds()), clock);
        meters.circuit(breaker::state);
        // One thread per connection either pool may hold: more could only wait for a connection.
        this.workers = new DirectoryWorkers(settings.councilId(), 2 * settings.maxConnections(), settings.deadline());
    }

    CircuitBreaker.State state() {
        return breaker.state();
    }

    String lastCause() {
        return breaker.lastCause();
    }

    /**
     * One call to the directory through the breaker, on the council's workers, waited for no longer
     * than the request's deadline allows. Only this (the request's) thread reports to the breaker: a
     * call that answers after its request gave up changes nothing but the workers' view of silence.
     *
     * @throws DirectoryUnavailableException no answer: the request's time is up, the circuit is open,
     *                                       or the directory could not be reached in time
     */
    <T> Answer<T> call(DirectoryMeters.Kind kind, Deadline deadline, PoolSource source, DirectoryCall<T> work)
            throws DirectoryUnavailableException {
        if (deadline.remainingNanos() <= 0) {
            // The request's own time is up: nothing was asked, so nothing is said about the directory.
            meters.request(kind, DirectoryMeters.Result.SKIPPED, 0);
            throw unavailable("this request has used its " + deadline.budget().toMillis() + " ms for the directory");
        }
        if (!breaker.allow()) {
            if (breaker.probeDue()) {
                startProbe();
            }
            meters.request(kind, DirectoryMeters.Result.SKIPPED, 0);
            throw unavailable("failing fast after: " + breaker.lastCause());
        }
        long start = System.nanoTime();
        try {
            Answer<T> answer = send(deadline, source, work);
            meters.request(kind, answer instanceof Answer.Refused<T> ? DirectoryMeters.Result.REFUSED
                    : DirectoryMeters.Result.ANSWERED, System.nanoTime() - start);
            return answer;
        } catch (DirectoryUnavailableException e) {
            meters.request(kind, DirectoryMeters.Result.UNAVAILABLE, System.nanoTime() - start);
            throw e;
        }
    }

    /** The call the breaker let through, on a worker; reports its outcome to the breaker. */
    private <T> Answer<T> send(Deadline deadline, PoolSource source, DirectoryCall<T> work)
            throws DirectoryUnavailableException {
        Attempt<T> attempt;
        try {
            attempt = workers.run(deadline, () -> attempt(source, work));
        } catch (DirectoryWorkers.NoAnswer e) {
            if (e.directorysFault()) {
                breaker.failure(e.getMessage());
            } else {
                breaker.abandon();
            }
            throw unavailable(e.getMessage());
        } catch (ExecutionException e) {
            // attempt() catches everything but Errors; whatever it was, no trial stays in flight.
            String cause = DirectoryFailures.brief(e.getCause());
            breaker.failure(cause);
            LOG.warnf(e.getCause(), "Council %s directory: unexpected failure", settings.councilId());
            throw unavailable(cause);
        }
        if (attempt instanceof Attempt.Outage<T> outage) {
            breaker.failure(outage.cause());
            throw unavailable(outage.cause());
        }
        breaker.success();
        return ((Attempt.Answered<T>) attempt).answer();
    }

    private DirectoryUnavailableException unavailable(String cause) {
        return new DirectoryUnavailableException(settings.councilId(), cause);
    }

    /** Runs on a worker thread; never touches the breaker (see {@link #call}). */
    private <T> Attempt<T> attempt(PoolSource source, DirectoryCall<T> work) {
        try {
            LDAPConnectionPool pool = source.get();
            // Take and return a connection first: a refused service-account bind (wrong bind DN or
            // credential) or an unreachable server shows here, and is an outage of the council's
            // directory for the broker, never "user not found" or "wrong password".
            try {
                pool.releaseConnection(pool.getConnection());
            } catch (LDAPException e) {
                return new Attempt.Outage<>(DirectoryTls.problem(e)
                        .map(tls -> "TLS to " + String.join(", ", settings.urls()) + " refused: " + tls)
                        .orElse("cannot open a connection as the broker's service account ("
                                + DirectoryFailures.result(e) + ")"));
            }
            return new Attempt.Answered<>(new Answer.Returned<>(work.apply(pool)));
        } catch (RuntimeException e) {
            // Whatever it was, it must not leave a trial call in flight forever.
            LOG.warnf(e, "Council %s directory: unexpected failure", settings.councilId());
            return new Attempt.Outage<>(DirectoryFailures.brief(e));
        } catch (LDAPException e) {
            if (DirectoryFailures.isOutage(e.getResultCode())) {
                return new Attempt.Outage<>(DirectoryFailures.result(e));
            }
            // The directory answered (for example "no such object"): it is up, the request was bad.
            LOG.warnf("Council %s directory refused a request: %s", settings.councilId(), e.getMessage());
            return new Attempt.Answered<>(new Answer.Refused<>(DirectoryFailures.result(e)));
        }
    }

    private void startProbe() {
        try {
            probes.execute(this::probe);
        } catch (RejectedExecutionException e) {
            // Keycloak is shutting down: the breaker's own trial call remains.
            breaker.probeDone();
        }
    }

    /**
     * Opens a connection to the council's DCs in failover order, as the service account, reads the
     * root DSE and closes it; success closes the circuit. Nobody waits on it: staff keep getting the
     * quick "unavailable" until it succeeds, so a directory that comes back is used again within
     * seconds rather than after the whole open time.
     */
    private void probe() {
        try {
            try (LDAPConnection probe = pools.servers().getConnection()) {
                if (probe.getRootDSE() == null) {
                    throw new LDAPException(ResultCode.NO_SUCH_OBJECT, "the root DSE cannot be read");
                }
            }
            workers.answered();
            breaker.success();
        } catch (LDAPException e) {
            breaker.failure(DirectoryTls.problem(e).map(tls -> "TLS refused: " + tls)
                    .orElse(DirectoryFailures.result(e)));
        } catch (RuntimeException e) {
            breaker.failure(DirectoryFailures.brief(e));
        } finally {
            breaker.probeDone();
        }
    }

    /** Stops the workers: their queued calls are cancelled; closing the pools then ends running ones. */
    @Override
    public void close() {
        workers.close();
    }
}
