package uk.boroughbroker.keycloak.directory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.connections.jpa.support.EntityManagers;
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
 * <p>People are applied a few to a transaction ({@link #PER_TRANSACTION}); a transaction that fails
 * is applied again one person per transaction, so one bad entry costs only itself.
 * Runs on the caller's thread: the schedule gives each council its own (see {@link SyncSchedule}).
 */
final class CouncilSync implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CouncilSync.class);
    /** A bound on one listing: 200 pages of 500 is 100,000 people, beyond any London council's staff. */
    static final int MAX_PAGES = 200;
    private static final int LEAVERS_PER_TRANSACTION = 100;
    /**
     * People applied per transaction. Small on purpose: Keycloak's JPA store flushes before each
     * query (a person costs several: by id, by name, by email), and each flush checks every entity the
     * transaction holds, so a transaction of a whole page (500) costs the square of its size: 50
     * people a second, against 440 with 25 per transaction and 456 with 5 (bench, 10,000 people, H2).
     */
    static final int PER_TRANSACTION = 5;
    /**
     * People new to the broker applied per transaction. They are written in Keycloak's JPA batch mode
     * ({@link EntityManagers#runInBatch}): nothing is looked up before an insert and no query flushes,
     * so a transaction costs one flush at commit, in JDBC batches, whatever its size.
     */
    static final int NEW_PER_TRANSACTION = 200;
    /** Transactions applied at once in a pass: the database, not the directory, sets the pace. */
    static final int IMPORT_THREADS = 2;

    private final KeycloakSessionFactory factory;
    private final String realmId;
    private final ComponentModel model;
    private final CouncilDirectoryConfig config;
    private final CouncilConnection connection;
    private final Clock clock;
    private ExecutorService importers;

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
        Set<String> listed = ConcurrentHashMap.newKeySet();
        // Who the broker has of this council before the pass: people not among them are imported without
        // a lookup each (importNew), and those among them not listed have left.
        Map<String, Boolean> known = new HashMap<>();
        inTransaction(session -> local(session).searchForUserByUserAttributeStream(session.getContext().getRealm(),
                        DirectoryAttributes.COUNCIL, config.councilId())
                .filter(user -> model.getId().equals(user.getFederationLink()))
                .forEach(user -> known.put(user.getId(), user.isEnabled())));
        DirectoryListing.Listed listing = DirectoryListing.people(controller, config.usersDn(),
                DirectoryListing.PAGE_SIZE, MAX_PAGES, (people, unusable) -> {
                    tally.read(people.size() + unusable.size());
                    unusable.forEach(dn -> tally.refused("no 16-byte objectGUID"));
                    people.forEach(p -> listed.add(DirectoryImport.brokerUserId(realmId, config.councilId(),
                            p.objectGuid())));
                    apply(people, tally, id -> !known.containsKey(id));
                    afterEachPage.run();
                });
        if (listing.complete()) {
            leaveAllBut(known, listed, tally);
        }
        return tally.summary(listing.complete());
    }

    /**
     * Applies people read from the directory, {@link #PER_TRANSACTION} to a transaction, up to
     * {@link #IMPORT_THREADS} transactions at once (Keycloak's own LDAP sync imports on one thread),
     * and returns when all are applied.
     */
    void apply(List<DirectoryUser> people, SyncTally tally) {
        apply(people, tally, id -> false);
    }

    /** @param isNew whether a broker user id is known to be absent (see {@link DirectoryImport#importNew}) */
    private void apply(List<DirectoryUser> people, SyncTally tally, Predicate<String> isNew) {
        List<DirectoryUser> fresh = new ArrayList<>();
        List<DirectoryUser> known = new ArrayList<>();
        for (DirectoryUser person : people) {
            (isNew.test(DirectoryImport.brokerUserId(realmId, config.councilId(), person.objectGuid())) ? fresh : known)
                    .add(person);
        }
        List<Runnable> batches = new ArrayList<>();
        for (int from = 0; from < fresh.size(); from += NEW_PER_TRANSACTION) {
            List<DirectoryUser> batch = fresh.subList(from, Math.min(fresh.size(), from + NEW_PER_TRANSACTION));
            batches.add(() -> applyTogether(batch, tally, true));
        }
        for (int from = 0; from < known.size(); from += PER_TRANSACTION) {
            List<DirectoryUser> batch = known.subList(from, Math.min(known.size(), from + PER_TRANSACTION));
            batches.add(() -> applyTogether(batch, tally, false));
        }
        if (batches.size() <= 1) {
            batches.forEach(Runnable::run);
            return;
        }
        List<Future<?>> running = new ArrayList<>();
        for (Runnable batch : batches) {
            running.add(importers().submit(batch));
        }
        for (Future<?> batch : running) {
            try {
                batch.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while applying council " + config.councilId(), e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("applying council " + config.councilId() + " failed", e.getCause());
            }
        }
    }

    /** This pass's import threads, started when it first has more than one batch. */
    private synchronized ExecutorService importers() {
        if (importers == null) {
            importers = Executors.newFixedThreadPool(IMPORT_THREADS, task -> {
                Thread thread = new Thread(task, "borough-sync-import-" + config.councilId());
                thread.setDaemon(true);
                return thread;
            });
        }
        return importers;
    }

    /** Ends this pass's import threads. */
    @Override
    public synchronized void close() {
        if (importers != null) {
            importers.shutdownNow();
            importers = null;
        }
    }

    /**
     * Applies people in one transaction, else (one of them failed) in one each.
     *
     * @param fresh all of them are known to be new to the broker: imported in batch mode, without lookups
     */
    private void applyTogether(List<DirectoryUser> people, SyncTally tally, boolean fresh) {
        List<Runnable> counts = new ArrayList<>();
        try {
            inTransaction(session -> {
                DirectoryImport imports = imports(session);
                RealmModel realm = session.getContext().getRealm();
                Runnable all = () -> {
                    for (DirectoryUser person : people) {
                        DirectoryImport.Imported result = fresh ? newOne(session, imports, realm, person)
                                : importOne(session, imports, realm, person);
                        counts.add(() -> count(result, tally));
                    }
                };
                if (fresh) {
                    // A duplicate name or email fails at the commit's flush; the batch is then applied
                    // again one person at a time below, through the lookups that say why.
                    EntityManagers.runInBatch(session, all, false);
                } else {
                    all.run();
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

    private DirectoryImport.Imported newOne(KeycloakSession session, DirectoryImport imports, RealmModel realm,
            DirectoryUser person) {
        Deadline.startAgain(session, config.connection());
        return imports.importNew(realm, person);
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
    private void leaveAllBut(Map<String, Boolean> known, Set<String> listed, SyncTally tally) {
        List<String> gone = known.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .filter(id -> !listed.contains(id)).toList();
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

    /** Runs {@code work} in a transaction of its own, in the council's realm, which it holds ({@link RealmRowLock}). */
    void inTransaction(Consumer<KeycloakSession> work) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            RealmModel realm = RealmRowLock.hold(session, realmId);
            if (realm == null) {
                throw new IllegalStateException("realm " + realmId + " is gone");
            }
            session.getContext().setRealm(realm);
            BackgroundRequest.enter(session);
            work.accept(session);
        });
    }
}
