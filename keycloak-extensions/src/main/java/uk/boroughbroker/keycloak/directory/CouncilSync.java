package uk.boroughbroker.keycloak.directory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.storage.UserStoragePrivateUtil;

/**
 * One sync pass of one council's directory into the broker: joiners imported, everyone listed
 * re-applied (names, enabled state, groups and so council roles), and, when the listing was complete,
 * every broker user of the council it did not list disabled as a leaver.
 *
 * <p>Each page is applied in one transaction (a page of people costs one commit, not one each); a
 * page that fails is applied again one person per transaction, so one bad entry costs only itself.
 * Runs on the caller's thread: the schedule gives each council its own (see {@link SyncSchedule}).
 */
final class CouncilSync {

    private static final Logger LOG = Logger.getLogger(CouncilSync.class);
    /** A bound on one listing: 200 pages of 500 is 100,000 people, beyond any London council's staff. */
    static final int MAX_PAGES = 200;
    private static final int LEAVERS_PER_TRANSACTION = 100;

    private final KeycloakSessionFactory factory;
    private final String realmId;
    private final ComponentModel model;
    private final CouncilDirectoryConfig config;
    private final CouncilConnection connection;
    private final Clock clock;

    CouncilSync(KeycloakSessionFactory factory, String realmId, ComponentModel model, CouncilDirectoryConfig config,
            CouncilConnection connection, Clock clock) {
        this.factory = factory;
        this.realmId = realmId;
        this.model = model;
        this.config = config;
        this.connection = connection;
        this.clock = clock;
    }

    /**
     * Lists every person in the council's users container on {@code controller} and reconciles the
     * broker with the list.
     */
    SyncSummary full(LDAPConnection controller, SyncTally tally, Runnable afterEachPage)
            throws LDAPException {
        Set<String> listed = new HashSet<>();
        DirectoryListing.Listed listing = DirectoryListing.people(controller, config.usersDn(),
                DirectoryListing.PAGE_SIZE, MAX_PAGES, (people, unusable) -> {
                    tally.read(people.size() + unusable.size());
                    unusable.forEach(dn -> tally.refused("no 16-byte objectGUID"));
                    apply(people, tally);
                    people.forEach(p -> listed.add(DirectoryImport.brokerUserId(realmId, config.councilId(),
                            p.objectGuid())));
                    afterEachPage.run();
                });
        if (listing.complete()) {
            leaveAllBut(listed, tally);
        }
        return tally.summary(listing.complete());
    }

    /** Applies people read from the directory: one transaction for them all, else one each. */
    void apply(List<DirectoryUser> people, SyncTally tally) {
        if (people.isEmpty()) {
            return;
        }
        List<Runnable> counts = new ArrayList<>();
        try {
            inTransaction(session -> {
                DirectoryImport imports = imports(session);
                RealmModel realm = session.getContext().getRealm();
                for (DirectoryUser person : people) {
                    DirectoryImport.Imported result = importOne(session, imports, realm, person);
                    counts.add(() -> count(result, tally));
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf(e, "Council %s: a page of %d people failed as a whole; applying them one by one",
                    config.councilId(), people.size());
            counts.clear();
            for (DirectoryUser person : people) {
                try {
                    inTransaction(session -> {
                        DirectoryImport.Imported result = importOne(session, imports(session),
                                session.getContext().getRealm(), person);
                        counts.add(() -> count(result, tally));
                    });
                } catch (RuntimeException one) {
                    LOG.warnf("Council %s: %s could not be applied: %s", config.councilId(), person.dn(), one);
                    counts.add(() -> tally.refused("could not be stored: " + one.getClass().getSimpleName()));
                }
            }
        }
        // Counted once committed, so a page that was rolled back and applied again counts once.
        counts.forEach(Runnable::run);
    }

    private DirectoryImport.Imported importOne(KeycloakSession session, DirectoryImport imports, RealmModel realm,
            DirectoryUser person) {
        Deadline.startAgain(session, config.connection());
        return imports.importOrUpdate(realm, person, true);
    }

    private static void count(DirectoryImport.Imported result, SyncTally tally) {
        if (result.user().isPresent()) {
            if (result.changed()) {
                tally.imported(result.created());
            }
        } else {
            tally.refused(result.refusal());
        }
    }

    /** Disables, as leavers, the council's enabled broker users whose ids are not in {@code listed}. */
    private void leaveAllBut(Set<String> listed, SyncTally tally) {
        List<String> gone = new ArrayList<>();
        inTransaction(session -> local(session).searchForUserByUserAttributeStream(session.getContext().getRealm(),
                        DirectoryAttributes.COUNCIL, config.councilId())
                .filter(user -> model.getId().equals(user.getFederationLink()) && user.isEnabled())
                .map(UserModel::getId).filter(id -> !listed.contains(id)).forEach(gone::add));
        leaveAll(gone, "no longer in the directory's users container", tally);
    }

    /** Disables the given broker users (ids; unknown ones are skipped) as leavers, a batch per transaction. */
    void leaveAll(List<String> userIds, String reason, SyncTally tally) {
        for (int from = 0; from < userIds.size(); from += LEAVERS_PER_TRANSACTION) {
            List<String> batch = userIds.subList(from, Math.min(userIds.size(), from + LEAVERS_PER_TRANSACTION));
            int[] left = new int[1];
            inTransaction(session -> left[0] = leave(session, batch, reason));
            for (int i = 0; i < left[0]; i++) {
                tally.left();
            }
        }
    }

    /** Disables the given broker users as leavers, for the reason given; returns how many it disabled. */
    int leave(KeycloakSession session, List<String> userIds, String reason) {
        RealmModel realm = session.getContext().getRealm();
        DirectoryImport imports = imports(session);
        int left = 0;
        for (String id : userIds) {
            UserModel user = local(session).getUserById(realm, id);
            if (user != null && model.getId().equals(user.getFederationLink()) && user.isEnabled()) {
                imports.leave(realm, user, reason);
                left++;
            }
        }
        return left;
    }

    private DirectoryImport imports(KeycloakSession session) {
        return new DirectoryImport(session, model, config, connection, clock);
    }

    private static UserProvider local(KeycloakSession session) {
        return UserStoragePrivateUtil.userLocalStorage(session);
    }

    /** Runs {@code work} in a transaction of its own, in the council's realm. */
    void inTransaction(Consumer<KeycloakSession> work) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            if (realm == null) {
                throw new IllegalStateException("realm " + realmId + " is gone");
            }
            session.getContext().setRealm(realm);
            BackgroundRequest.enter(session);
            work.accept(session);
        });
    }
}
