package uk.boroughbroker.keycloak.directory;

import java.time.Clock;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.cluster.ExecutionResult;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Runs councils' sync passes, scheduled ({@link SyncSchedule}) or asked for (an admin, Keycloak's
 * "sync all users"), one at a time per council across the cluster: each pass holds a cluster-wide
 * lock named after the federation, and a pass asked for while another runs joins it instead.
 * Owned by the provider factory.
 */
final class SyncRunner implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SyncRunner.class);
    /**
     * How long a pass may hold its lock: also how long a council waits for its next pass after the
     * node running one died. Longer than the longest full pass measured (100,000 people) needs.
     */
    static final int LOCK_SECONDS = 600;
    /** How often a council's pass lists everyone even when changes could be read. */
    static final java.time.Duration FULL_EVERY = java.time.Duration.ofHours(1);

    /** The factory's connection to a council's directory, built when first needed. */
    @FunctionalInterface
    interface Connections {
        CouncilConnection of(KeycloakSession session, ComponentModel federation, CouncilDirectoryConfig config);
    }

    private final SyncSchedule schedule = new SyncSchedule();
    private final Connections connections;
    private final Clock clock;
    private volatile KeycloakSessionFactory factory;

    SyncRunner(Connections connections, Clock clock) {
        this.connections = connections;
        this.clock = clock;
    }

    /** @param live told after each schedule tick which council federations exist and are enabled */
    void start(KeycloakSessionFactory sessionFactory, SyncSchedule.Live live) {
        this.factory = sessionFactory;
        schedule.start(sessionFactory, (realmId, federation) -> {
            try {
                runLocked(realmId, federation, false);
            } catch (DirectoryUnavailableException e) {
                LOG.debugf("Council %s: sync skipped: %s", federation.getName(), e.getMessage());
            }
        }, live);
    }

    /**
     * Starts a pass on the council's own thread and returns at once; the pass reports through
     * {@link SyncProgress}.
     *
     * @return false when a pass of the council is already queued or running on this node
     */
    boolean startNow(String realmId, ComponentModel federation) {
        return schedule.submit(federation.getId(), () -> {
            try {
                runLocked(realmId, federation, true);
            } catch (DirectoryUnavailableException e) {
                LOG.warnf("Council %s: sync failed: %s", federation.getName(), e.getMessage());
            }
        });
    }

    /**
     * Runs a pass on this thread unless one of the council runs on some node.
     *
     * @return its summary, or empty when another pass held the council's lock
     */
    Optional<SyncSummary> runLocked(String realmId, ComponentModel federation, boolean inFull)
            throws DirectoryUnavailableException {
        KeycloakSessionFactory sessionFactory = requireStarted();
        DirectoryUnavailableException[] unavailable = new DirectoryUnavailableException[1];
        Optional<SyncSummary> summary = KeycloakModelUtils.runJobInTransactionWithResult(sessionFactory, session -> {
            ExecutionResult<SyncSummary> result = session.getProvider(ClusterProvider.class).executeIfNotExecuted(
                    lockKey(federation.getId()), LOCK_SECONDS, () -> {
                        if (retiredOrGone(sessionFactory, realmId, federation.getId())) {
                            // Read under the lock: a council retired meanwhile must not have its
                            // people re-enabled from their AD entries (decision 0031).
                            return null;
                        }
                        try {
                            return run(sessionFactory, realmId, federation, inFull);
                        } catch (DirectoryUnavailableException e) {
                            unavailable[0] = e;
                            return null;
                        }
                    });
            return result.isExecuted() ? Optional.ofNullable(result.getResult()) : Optional.<SyncSummary>empty();
        });
        if (unavailable[0] != null) {
            throw unavailable[0];
        }
        return summary;
    }

    /** The cluster-wide lock a council's pass holds; retiring the council takes it too ({@link CouncilDeparture}). */
    static String lockKey(String federationId) {
        return "borough-sync::" + federationId;
    }

    /** Whether the federation is disabled (a retired council) or removed, as committed now. */
    private static boolean retiredOrGone(KeycloakSessionFactory sessionFactory, String realmId, String federationId) {
        return KeycloakModelUtils.runJobInTransactionWithResult(sessionFactory, session -> {
            org.keycloak.models.RealmModel realm = session.realms().getRealm(realmId);
            ComponentModel current = realm == null ? null : realm.getComponent(federationId);
            return current == null || !CouncilDeparture.enabled(current);
        });
    }

    /**
     * One pass on one domain controller: the changes since its watermark, or everyone when it has none
     * (its first pass, another DC after a failover), when asked for in full, or once an
     * {@link #FULL_EVERY} (expiry dates and OUs moved whole change no USN of the people in them).
     */
    private SyncSummary run(KeycloakSessionFactory sessionFactory, String realmId, ComponentModel federation,
            boolean askedInFull) throws DirectoryUnavailableException {
        CouncilDirectoryConfig config = new CouncilDirectoryConfig(federation);
        String federationId = federation.getId();
        CouncilConnection connection = KeycloakModelUtils.runJobInTransactionWithResult(sessionFactory,
                session -> connections.of(session, federation, config));
        CouncilSync sync = new CouncilSync(sessionFactory, realmId, federation, config, connection, clock);
        SyncWatermarks.Known known = KeycloakModelUtils.runJobInTransactionWithResult(sessionFactory,
                session -> SyncWatermarks.of(session, federationId));
        // Said before the directory is asked, so that whoever watches (an admin, a test counting
        // directory requests) knows a pass is under way from its first request.
        sync.inTransaction(session -> SyncProgress.running(session, federationId,
                new SyncTally(config.councilId(), "starting").summary(false), known.fullRead()));
        try {
            SyncSummary summary = connection.onOneController(controller -> {
                DirectoryChangeWatermark watermark = watermark(controller, config);
                boolean full = askedInFull || watermark == null || !known.usns().containsKey(watermark.invocationId())
                        || clock.millis() - known.fullAtMillis() > FULL_EVERY.toMillis();
                SyncTally tally = new SyncTally(config.councilId(), full ? "full" : "changes");
                if (full) {
                    tally.expect(known.fullRead());
                    long startedAt = clock.millis();
                    SyncSummary listed = sync.full(controller, tally, () -> sync.inTransaction(session ->
                            SyncProgress.running(session, federationId, tally.summary(false), tally.expected())));
                    if (listed.complete() && watermark != null) {
                        sync.inTransaction(session -> SyncWatermarks.store(session, federationId, watermark, startedAt,
                                listed.read()));
                    }
                    return listed;
                }
                DirectoryChangeSet changes = DirectoryChanges.changesSince(controller, config.usersDn(), known.usns(),
                        DirectoryChangeLimits.DEFAULT, clock);
                SyncSummary applied = new CouncilChanges(sync, config, realmId).apply(controller, changes, tally);
                sync.inTransaction(session -> SyncWatermarks.store(session, federationId, changes.next()));
                return applied;
            });
            if (summary.mode().equals("full") || summary.read() > 0) {
                LOG.info(summary.line());
            }
            sync.inTransaction(session -> SyncProgress.done(session, federationId, summary));
            connection.meters().syncPass(summary);
            return summary;
        } catch (DirectoryUnavailableException e) {
            connection.meters().syncFailed();
            sync.inTransaction(session -> SyncProgress.failed(session, federationId, config.councilId(),
                    e.getMessage()));
            throw e;
        } finally {
            sync.close();
        }
    }

    /** The DC's watermark, or null when the directory does not track changes as AD does. */
    private static DirectoryChangeWatermark watermark(com.unboundid.ldap.sdk.LDAPConnection controller,
            CouncilDirectoryConfig config) {
        try {
            return DirectoryChanges.watermark(controller);
        } catch (com.unboundid.ldap.sdk.LDAPException e) {
            LOG.debugf("Council %s: no change tracking (%s); every pass lists everyone", config.councilId(),
                    e.getMessage());
            return null;
        }
    }

    private KeycloakSessionFactory requireStarted() {
        KeycloakSessionFactory sessionFactory = factory;
        if (sessionFactory == null) {
            throw new IllegalStateException("the directory sync has not started yet");
        }
        return sessionFactory;
    }

    void forget(String federationId) {
        schedule.forget(federationId);
    }

    @Override
    public void close() {
        schedule.close();
    }
}
