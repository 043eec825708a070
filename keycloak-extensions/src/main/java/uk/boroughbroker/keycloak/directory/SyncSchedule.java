package uk.boroughbroker.keycloak.directory;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * When each council's directory is synced: a tick every few seconds looks for councils whose pass
 * is due and hands each to the council's own thread, so a council whose directory hangs holds up
 * only its own sync, never another's (issue 14: isolated like sign-ins). A council's passes never
 * overlap on a node; across nodes the pass takes a cluster-wide lock (see the factory).
 */
final class SyncSchedule implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SyncSchedule.class);
    static final long TICK_SECONDS = 5;

    /** Runs one scheduled pass of a council's federation. */
    @FunctionalInterface
    interface Pass {
        void run(String realmId, ComponentModel federation);
    }

    /** Told, after each tick, the id of every enabled council federation of every realm. */
    @FunctionalInterface
    interface Live {
        void federations(Set<String> ids);
    }

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            task -> daemon(task, "borough-sync-schedule"));
    private final Map<String, ExecutorService> councils = new ConcurrentHashMap<>();
    private final Map<String, Future<?>> running = new ConcurrentHashMap<>();
    private final Map<String, Long> lastStartNanos = new ConcurrentHashMap<>();

    void start(KeycloakSessionFactory factory, Pass pass, Live live) {
        ticker.scheduleWithFixedDelay(() -> tick(factory, pass, live), TICK_SECONDS, TICK_SECONDS, TimeUnit.SECONDS);
    }

    private void tick(KeycloakSessionFactory factory, Pass pass, Live live) {
        try {
            Set<String> listed = new HashSet<>();
            KeycloakModelUtils.runJobInTransaction(factory, session -> session.realms().getRealmsStream()
                    .forEach(realm -> CouncilDirectoryProviderFactory.enabledFederations(realm).forEach(federation -> {
                        listed.add(federation.getId());
                        int seconds = new CouncilDirectoryConfig(federation).syncSeconds();
                        if (seconds > 0 && due(federation.getId(), seconds)) {
                            submit(federation.getId(), () -> pass.run(realm.getId(), federation));
                        }
                    })));
            // Only after a tick that listed every realm: a failed one says nothing about what is gone.
            live.federations(listed);
        } catch (RuntimeException e) {
            // A tick that fails (the database away for a moment) must not end the schedule.
            LOG.warnf("Directory sync schedule: %s", e.toString());
        }
    }

    private boolean due(String federationId, int seconds) {
        Long last = lastStartNanos.get(federationId);
        return last == null || System.nanoTime() - last >= TimeUnit.SECONDS.toNanos(seconds);
    }

    /**
     * Runs {@code work} on the council's own thread unless a pass of it is queued or running there.
     *
     * @return whether it was started
     */
    synchronized boolean submit(String federationId, Runnable work) {
        Future<?> current = running.get(federationId);
        if (current != null && !current.isDone()) {
            return false;
        }
        lastStartNanos.put(federationId, System.nanoTime());
        try {
            ExecutorService thread = councils.computeIfAbsent(federationId,
                    id -> Executors.newSingleThreadExecutor(task -> daemon(task, "borough-sync-" + id)));
            running.put(federationId, thread.submit(work));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Forgets a federation that was removed: its thread ends after any pass under way. */
    void forget(String federationId) {
        ExecutorService thread = councils.remove(federationId);
        if (thread != null) {
            thread.shutdown();
        }
        running.remove(federationId);
        lastStartNanos.remove(federationId);
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        councils.values().forEach(ExecutorService::shutdownNow);
        councils.clear();
    }
}
