package uk.boroughbroker.keycloak.directory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.storage.UserStoragePrivateUtil;

import uk.boroughbroker.model.directory.CouncilRetirement;
import uk.boroughbroker.model.names.CouncilRole;

/**
 * A council leaving the shared service (decision 0031): what retiring it would touch, and retiring
 * it. Retiring disables the council's federation first (Keycloak then asks it nothing, shows every
 * broker user of it as disabled, and the sign-in page neither offers the council nor routes its
 * names), then disables every enabled broker user of the council as a leaver, exactly as a person
 * gone from AD is ({@link CouncilSync#leaveAll}): sessions ended, apps told, council roles dropped,
 * names released. Nothing is deleted: that waits for the retention ({@link CouncilRetirement}).
 * Retiring again changes nothing.
 */
final class CouncilDeparture {

    private static final Logger LOG = Logger.getLogger(CouncilDeparture.class);
    static final String REASON = "the council left the shared service";
    /** People named in a preview at most; the counts always cover everyone. */
    static final int NAMES_LISTED = 20;
    /** How long retiring waits for a sync pass of the council under way on some node to finish. */
    static final Duration WAIT_FOR_SYNC = Duration.ofSeconds(20);
    private static final long POLL_MILLIS = 250;

    /** What retiring did: when the council was retired, how many people it disabled, or that it must wait. */
    record Retired(Instant retiredAt, int left, boolean syncRunning) {
    }

    private final KeycloakSessionFactory factory;
    private final String realmId;
    private final ComponentModel federation;
    private final Clock clock;

    CouncilDeparture(KeycloakSessionFactory factory, String realmId, ComponentModel federation, Clock clock) {
        this.factory = factory;
        this.realmId = realmId;
        this.federation = federation;
        this.clock = clock;
    }

    /** When the federation was retired, if it was. */
    static Optional<Instant> retiredAt(ComponentModel federation) {
        return CouncilRetirement.parse(federation.get(CouncilRetirement.RETIRED_AT));
    }

    static boolean enabled(ComponentModel federation) {
        return !"false".equals(federation.get("enabled"));
    }

    /**
     * What retiring the council touches, read from the broker's store (no directory is asked): its
     * people (how many, how many still enabled, the first few by name) and the council roles they
     * hold, with how many hold each.
     */
    Map<String, Object> preview(KeycloakSession session, RealmModel realm) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("council", federation.getName());
        out.put("enabled", enabled(federation));
        retiredAt(federation).ifPresent(at -> {
            out.put("retiredAt", at.toString());
            out.put("deletableFrom", CouncilRetirement.deletableFrom(at).toString());
        });
        int[] counts = new int[2];
        List<String> names = new ArrayList<>();
        Map<String, Integer> roles = new TreeMap<>();
        people(session, realm).forEach(user -> {
            counts[0]++;
            if (user.isEnabled()) {
                counts[1]++;
            }
            if (names.size() < NAMES_LISTED) {
                names.add(Optional.ofNullable(user.getFirstAttribute(DirectoryAttributes.LEFT_AS))
                        .orElse(user.getUsername()));
            }
            user.getRealmRoleMappingsStream().map(RoleModel::getName).filter(n -> CouncilRole.parse(n).isPresent())
                    .forEach(n -> roles.merge(n, 1, Integer::sum));
        });
        out.put("people", counts[0]);
        out.put("enabledPeople", counts[1]);
        out.put("names", names.stream().sorted().toList());
        out.put("rolesHeld", roles);
        return out;
    }

    /**
     * Retires the council: its federation disabled (committed before anything else, so no new sync
     * pass starts and nobody of it signs in), then, under the council's cluster-wide sync lock (a
     * pass under way would otherwise re-enable people from their AD entries), every enabled broker
     * user of it disabled as a leaver.
     */
    Retired retire() {
        Instant retiredAt = KeycloakModelUtils.runJobInTransactionWithResult(factory, this::disable);
        CouncilDirectoryConfig config = new CouncilDirectoryConfig(federation);
        SyncTally tally = new SyncTally(config.councilId(), "retire");
        // Leaving reads no directory: the sync needs no connection to the council for it.
        CouncilSync sync = new CouncilSync(factory, realmId, federation, config, null, clock);
        boolean done = underSyncLock(() -> {
            List<String> enabled = new ArrayList<>();
            sync.inTransaction(session -> people(session, session.getContext().getRealm())
                    .filter(UserModel::isEnabled).map(UserModel::getId).forEach(enabled::add));
            sync.leaveAll(enabled, REASON, tally);
        });
        int left = tally.summary(true).left();
        if (done) {
            LOG.infof("Council %s retired (%s): %d people disabled as leavers; kept until %s", config.councilId(),
                    retiredAt, left, CouncilRetirement.day(CouncilRetirement.deletableFrom(retiredAt)));
        }
        return new Retired(retiredAt, left, !done);
    }

    /** Disables the federation and stamps when, unless it already is; returns when it was retired. */
    private Instant disable(KeycloakSession session) {
        RealmModel realm = session.realms().getRealm(realmId);
        ComponentModel current = realm.getComponent(federation.getId());
        Optional<Instant> known = retiredAt(current);
        if (known.isPresent() && !enabled(current)) {
            return known.get();
        }
        Instant at = known.orElse(clock.instant());
        current.put("enabled", "false");
        current.put(CouncilRetirement.RETIRED_AT, at.toString());
        realm.updateComponent(current);
        return at;
    }

    /** Runs {@code work} holding the council's sync lock, waiting a bounded time for a pass under way. */
    private boolean underSyncLock(Runnable work) {
        long deadline = System.nanoTime() + WAIT_FOR_SYNC.toNanos();
        while (true) {
            boolean executed = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> session
                    .getProvider(ClusterProvider.class).executeIfNotExecuted(SyncRunner.lockKey(federation.getId()),
                            SyncRunner.LOCK_SECONDS, () -> {
                                work.run();
                                return Boolean.TRUE;
                            }).isExecuted());
            if (executed) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** The council's broker users (of this federation), enabled or not. */
    private Stream<UserModel> people(KeycloakSession session, RealmModel realm) {
        String councilId = new CouncilDirectoryConfig(federation).councilId();
        return UserStoragePrivateUtil.userLocalStorage(session)
                .searchForUserByUserAttributeStream(realm, DirectoryAttributes.COUNCIL, councilId)
                .filter(user -> federation.getId().equals(user.getFederationLink()));
    }
}
