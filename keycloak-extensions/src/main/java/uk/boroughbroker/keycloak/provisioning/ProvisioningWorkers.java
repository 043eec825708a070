package uk.boroughbroker.keycloak.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * This node's delivery: one dispatcher thread asks the outbox which systems have changes due (every
 * second, and at once after a change is queued here) and kicks that system's {@link SystemRunner}.
 * Runners are made on first need from the system's component and remade when its settings change.
 * Every node of a cluster runs this; the outbox's leases keep them from sending a change twice at
 * once. Delivered rows are kept {@link #KEEP_DONE} as the delivery record.
 */
final class ProvisioningWorkers implements AutoCloseable {

    static final Duration POLL = Duration.ofSeconds(1);
    static final Duration KEEP_DONE = Duration.ofDays(7);
    private static final Logger LOG = Logger.getLogger(ProvisioningWorkers.class);

    private final KeycloakSessionFactory factory;
    private final Clock clock;
    private final String node = "node-" + UUID.randomUUID();
    private final Map<String, SystemRunner> runners = new ConcurrentHashMap<>();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final ScheduledExecutorService dispatcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "borough-scim-dispatch");
        t.setDaemon(true);
        return t;
    });

    ProvisioningWorkers(KeycloakSessionFactory factory, Clock clock) {
        this.factory = factory;
        this.clock = clock;
    }

    void start() {
        dispatcher.scheduleWithFixedDelay(this::dispatch, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
        dispatcher.scheduleWithFixedDelay(this::purge, 1, 60, TimeUnit.MINUTES);
    }

    /**
     * Something was queued on this node: look now rather than at the next poll. A burst of sign-ins
     * makes one extra look, not one each: a wake-up already waiting covers the later ones.
     */
    void wake() {
        if (!dispatcher.isShutdown() && wakeQueued.compareAndSet(false, true)) {
            dispatcher.execute(() -> {
                wakeQueued.set(false);
                dispatch();
            });
        }
    }

    /** A system's settings were changed or it was removed: its runner is remade on next need. */
    void forget(String systemId) {
        Optional.ofNullable(runners.remove(systemId)).ifPresent(SystemRunner::close);
    }

    private void dispatch() {
        try {
            List<Object[]> due = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                    session -> Outbox.of(session).systemsWithWork(clock.millis()));
            for (Object[] pair : due) {
                runner((String) pair[0], (String) pair[1]).ifPresent(SystemRunner::kick);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "SCIM delivery: cannot read the outbox now; trying again in %s", POLL);
        }
    }

    private Optional<SystemRunner> runner(String realmId, String systemId) {
        Optional<ScimSystemConfig> config = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            ComponentModel model = realm == null ? null : realm.getComponent(systemId);
            if (model == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(ScimSystemConfig.of(model));
            } catch (InvalidScimSystemException e) {
                LOG.warnf("Realm %s: %s; its changes wait", realm.getName(), e.getMessage());
                return Optional.empty();
            }
        });
        if (config.isEmpty()) {
            // Removed system: its rows wait (status shows them) rather than go anywhere else.
            forget(systemId);
            return Optional.empty();
        }
        return Optional.of(runnerFor(config.get()));
    }

    /**
     * The system's runner, made (or remade, if its settings changed) when needed: its connection and
     * tokens also serve an admin's reconcile, so no client is built per request.
     */
    SystemRunner runnerFor(ScimSystemConfig config) {
        return runners.compute(config.id(), (id, existing) -> {
            if (existing != null && existing.config().equals(config)) {
                return existing;
            }
            if (existing != null) {
                existing.close();
            }
            return new SystemRunner(factory, node, config, clock);
        });
    }

    private void purge() {
        try {
            int removed = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                    session -> Outbox.of(session).purgeDone(clock.millis() - KEEP_DONE.toMillis()));
            if (removed > 0) {
                LOG.debugf("SCIM delivery: removed %d delivered changes older than %s", removed, KEEP_DONE);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "SCIM delivery: could not remove old delivered changes");
        }
    }

    @Override
    public void close() {
        dispatcher.shutdownNow();
        runners.values().forEach(SystemRunner::close);
        runners.clear();
    }
}
