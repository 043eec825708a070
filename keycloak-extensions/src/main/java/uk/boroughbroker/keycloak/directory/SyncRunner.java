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

    void start(KeycloakSessionFactory sessionFactory) {
        this.factory = sessionFactory;
        schedule.start(sessionFactory, (realmId, federation) -> {
            try {
                runLocked(realmId, federation);
            } catch (DirectoryUnavailableException e) {
                LOG.debugf("Council %s: sync skipped: %s", federation.getName(), e.getMessage());
            }
        });
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
                runLocked(realmId, federation);
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
    Optional<SyncSummary> runLocked(String realmId, ComponentModel federation) throws DirectoryUnavailableException {
        KeycloakSessionFactory sessionFactory = requireStarted();
        DirectoryUnavailableException[] unavailable = new DirectoryUnavailableException[1];
        Optional<SyncSummary> summary = KeycloakModelUtils.runJobInTransactionWithResult(sessionFactory, session -> {
            ExecutionResult<SyncSummary> result = session.getProvider(ClusterProvider.class).executeIfNotExecuted(
                    "borough-sync::" + federation.getId(), LOCK_SECONDS, () -> {
                        try {
                            return run(sessionFactory, realmId, federation);
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

    private SyncSummary run(KeycloakSessionFactory sessionFactory, String realmId, ComponentModel federation)
            throws DirectoryUnavailableException {
        CouncilDirectoryConfig config = new CouncilDirectoryConfig(federation);
        CouncilConnection connection = KeycloakModelUtils.runJobInTransactionWithResult(sessionFactory,
                session -> connections.of(session, federation, config));
        CouncilSync sync = new CouncilSync(sessionFactory, realmId, federation, config, connection, clock);
        SyncTally tally = new SyncTally(config.councilId(), "full");
        try {
            SyncSummary summary = sync.full(tally, () -> sync.inTransaction(session -> SyncProgress.running(session,
                    federation.getId(), tally.summary(false), tally.expected())));
            sync.inTransaction(session -> SyncProgress.done(session, federation.getId(), summary));
            return summary;
        } catch (DirectoryUnavailableException e) {
            sync.inTransaction(session -> SyncProgress.failed(session, federation.getId(), config.councilId(),
                    e.getMessage()));
            throw e;
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
