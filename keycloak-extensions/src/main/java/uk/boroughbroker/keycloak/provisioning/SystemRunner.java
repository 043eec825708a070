package uk.boroughbroker.keycloak.provisioning;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.unboundid.scim2.common.exceptions.ScimException;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Delivers one borough system's queued changes on the system's own threads ({@code threads} of
 * them), so a slow or dead system only ever holds its own. Each thread claims one due change (a short
 * transaction), calls the system with no transaction open, and records the outcome (another short
 * one): delivered; due again after a backoff (5xx, 408, 429, no answer, token service down); or
 * failed with the reason (any other 4xx), which holds the person's later changes until an admin
 * retries.
 */
final class SystemRunner implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SystemRunner.class);

    private final KeycloakSessionFactory factory;
    private final String node;
    private final ScimSystemConfig config;
    private final ScimConnection connection;
    /** The system's groups as deliveries have come to know them (ids by name). */
    private final ScimGroups groups = new ScimGroups();
    private final AccessTokens tokens;
    private final Backoff backoff;
    private final Clock clock;
    private final ExecutorService threads;
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean closed;

    SystemRunner(KeycloakSessionFactory factory, String node, ScimSystemConfig config, Clock clock) {
        this.factory = factory;
        this.node = node;
        this.config = config;
        this.clock = clock;
        this.connection = new ScimConnection(config.baseUrl().toString(), config.connectTimeout(), config.readTimeout());
        this.tokens = new AccessTokens(config.auth(), config.connectTimeout(), config.readTimeout(), clock);
        this.backoff = new Backoff(config.maxBackoff(), bound -> ThreadLocalRandom.current().nextLong(bound));
        AtomicInteger n = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(config.threads(), config.threads(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "borough-scim-" + config.name() + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        // A quiet (or removed) system holds no threads.
        ((ThreadPoolExecutor) threads).allowCoreThreadTimeOut(true);
    }

    ScimSystemConfig config() {
        return config;
    }

    /** The system's SCIM client, and the header value to call it with now. */
    com.unboundid.scim2.client.ScimService scim() {
        return connection.scim();
    }

    String bearer() throws AccessTokens.CredentialException {
        return "Bearer " + tokens.get();
    }

    /** Starts draining on every idle thread of this system; returns at once. */
    void kick() {
        int now;
        while (!closed && (now = running.get()) < config.threads()) {
            if (running.compareAndSet(now, now + 1)) {
                threads.execute(this::drain);
            }
        }
    }

    private void drain() {
        try {
            Optional<Claimed> next;
            while (!closed && (next = claim()).isPresent()) {
                deliver(next.get());
            }
        } catch (RuntimeException e) {
            // The database, not the system: the dispatcher kicks again on its next round.
            LOG.warnf(e, "SCIM system %s: delivery stopped for now", config.name());
        } finally {
            running.decrementAndGet();
        }
    }

    private Optional<Claimed> claim() {
        long now = clock.millis();
        // Long enough for a token, a search and a write, each within its timeouts, plus a margin.
        long lease = now + config.connectTimeout().toMillis() * 3 + config.readTimeout().toMillis() * 4 + 30_000;
        return KeycloakModelUtils.runJobInTransactionWithResult(factory,
                session -> Outbox.of(session).claim(config.id(), node, now, lease).map(Claimed::of));
    }

    private void deliver(Claimed change) {
        int attempt = change.attempts() + 1;
        try {
            ScimPerson person = ChangeCapture.JSON.readValue(change.payload(), ScimPerson.class);
            ScimDelivery.Outcome outcome = new ScimDelivery(connection.scim(), tokens.get(),
                    config.groups() ? groups : null)
                    .deliver(ChangeKind.valueOf(change.kind()), person);
            record(change, attempt, outcome.name(), null, session -> Outbox.of(session).done(change.id(), node,
                    clock.millis()));
        } catch (ScimException e) {
            int status = e.getScimError() == null || e.getScimError().getStatus() == null ? 0
                    : e.getScimError().getStatus();
            if (status == 401) {
                tokens.forget();
            }
            // 401 once: the token may just have expired; fetch a new one and try again soon.
            boolean again = status >= 500 || status == 408 || status == 429 || status == 0
                    || (status == 401 && attempt == 1);
            String reason = "the system answered " + (status == 0 ? "nothing" : status) + ": " + e.getMessage();
            retryOrFail(change, attempt, again, reason);
        } catch (AccessTokens.CredentialException e) {
            retryOrFail(change, attempt, e.isTransient(), "no token: " + e.getMessage());
        } catch (IOException e) {
            retryOrFail(change, attempt, false, "the queued change cannot be read (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            // An answer the client could not make sense of (not SCIM, not JSON): counted and retried
            // with backoff like a 5xx, rather than left to its lease.
            retryOrFail(change, attempt, true, "unexpected answer: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
    }

    private void retryOrFail(Claimed change, int attempt, boolean again, String reason) {
        if (again) {
            long next = clock.millis() + backoff.after(attempt).toMillis();
            LOG.debugf("SCIM system %s: %s; attempt %d, next in %d ms", config.name(), reason, attempt,
                    next - clock.millis());
            record(change, attempt, "RETRY", reason,
                    session -> Outbox.of(session).retryLater(change.id(), node, attempt, next, reason));
        } else {
            LOG.warnf("SCIM system %s: change %s for user %s failed: %s", config.name(), change.id(), change.userId(),
                    reason);
            record(change, attempt, "FAILED", reason,
                    session -> Outbox.of(session).failed(change.id(), node, attempt, reason));
        }
    }

    private void record(Claimed change, int attempt, String outcome, String error,
            java.util.function.Function<org.keycloak.models.KeycloakSession, Boolean> update) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            if (!update.apply(session)) {
                // The lease ran out and another worker took the change over: its outcome counts.
                LOG.infof("SCIM system %s: change %s was taken over by another worker", config.name(), change.id());
                return;
            }
            RealmModel realm = session.realms().getRealm(change.realmId());
            if (realm != null) {
                ProvisioningEvents.called(session, realm, config.name(), config.id(), change.userId(), outcome,
                        attempt, error);
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        threads.shutdownNow();
        connection.close();
    }

    /** A claimed change, copied out of its transaction. */
    record Claimed(String id, String realmId, String userId, String kind, String payload, int attempts) {
        static Claimed of(ScimChangeEntity row) {
            return new Claimed(row.getId(), row.getRealmId(), row.getUserId(), row.getKind(), row.getPayload(),
                    row.getAttempts());
        }
    }
}
