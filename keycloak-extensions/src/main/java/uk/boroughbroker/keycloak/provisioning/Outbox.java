package uk.boroughbroker.keycloak.provisioning;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * The outbox's queries, on the session's entity manager (so within its transaction). Rows move
 * PENDING → DONE, or PENDING → FAILED (a permanent refusal, until an admin retries). A row is only
 * due when no earlier row of the same person at the same system is still open: that is the order
 * per person. Claiming sets a lease by a conditional UPDATE, so of two nodes (or threads) only one
 * gets a row; a node that dies mid-delivery loses its lease and another delivers again (delivery is
 * idempotent: the account is found by externalId first).
 */
final class Outbox {

    static final String PENDING = "PENDING";
    static final String DONE = "DONE";
    static final String FAILED = "FAILED";
    private static final AtomicLong LAST_SEQ = new AtomicLong();
    private static final int CANDIDATES = 8;

    private final EntityManager em;

    Outbox(EntityManager em) {
        this.em = em;
    }

    static Outbox of(KeycloakSession session) {
        return new Outbox(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    /**
     * Strictly increasing on this node and close to time across nodes (microseconds): two nodes
     * reading one person in the same microsecond are the only case left unordered, and their
     * changes then carry the same directory state.
     */
    static long nextSeq(long nowMillis) {
        return LAST_SEQ.updateAndGet(last -> Math.max(nowMillis * 1000, last + 1));
    }

    void enqueue(String realmId, String systemId, String userId, ChangeKind kind, String payload, long now) {
        ScimChangeEntity row = new ScimChangeEntity();
        row.setId(UUID.randomUUID().toString());
        row.setRealmId(realmId);
        row.setSystemId(systemId);
        row.setUserId(userId);
        row.setSeq(nextSeq(now));
        row.setKind(kind.name());
        row.setPayload(payload);
        row.setStatus(PENDING);
        row.setNextAttemptAt(now);
        row.setCreatedAt(now);
        em.persist(row);
    }

    /** The (realm, system) pairs with a change due now, for the dispatcher. */
    List<Object[]> systemsWithWork(long now) {
        return em.createQuery("select distinct c.realmId, c.systemId from ScimChangeEntity c where c.status = :pending "
                + "and c.nextAttemptAt <= :now and c.leaseUntil < :now", Object[].class)
                .setParameter("pending", PENDING).setParameter("now", now).getResultList();
    }

    /** Claims the next due change of a system for {@code owner} until {@code leaseUntil}; empty when none. */
    Optional<ScimChangeEntity> claim(String systemId, String owner, long now, long leaseUntil) {
        List<ScimChangeEntity> due = em.createQuery("select c from ScimChangeEntity c where c.systemId = :system "
                + "and c.status = :pending and c.nextAttemptAt <= :now and c.leaseUntil < :now and not exists ("
                + "select e.id from ScimChangeEntity e where e.systemId = c.systemId and e.userId = c.userId "
                + "and e.seq < c.seq and e.status <> :done) order by c.seq", ScimChangeEntity.class)
                .setParameter("system", systemId).setParameter("pending", PENDING).setParameter("now", now)
                .setParameter("done", DONE).setMaxResults(CANDIDATES).getResultList();
        for (ScimChangeEntity row : due) {
            int claimed = em.createQuery("update ScimChangeEntity c set c.leaseOwner = :owner, c.leaseUntil = :until "
                    + "where c.id = :id and c.status = :pending and c.leaseUntil < :now")
                    .setParameter("owner", owner).setParameter("until", leaseUntil).setParameter("id", row.getId())
                    .setParameter("pending", PENDING).setParameter("now", now).executeUpdate();
            if (claimed == 1) {
                em.refresh(row);
                return Optional.of(row);
            }
        }
        return Optional.empty();
    }

    /** Delivered: done, lease released. Only by the lease holder (a stale worker changes nothing). */
    boolean done(String id, String owner, long now) {
        return finish(id, owner, DONE, 0, now, null, now);
    }

    /** A transient failure: due again at {@code nextAttemptAt}. */
    boolean retryLater(String id, String owner, int attempts, long nextAttemptAt, String error) {
        return finish(id, owner, PENDING, attempts, nextAttemptAt, error, null);
    }

    /** A permanent refusal: waits for an admin's retry; later changes of the person wait behind it. */
    boolean failed(String id, String owner, int attempts, String error) {
        return finish(id, owner, FAILED, attempts, 0, error, null);
    }

    private boolean finish(String id, String owner, String status, int attempts, long nextAttemptAt, String error,
            Long doneAt) {
        return em.createQuery("update ScimChangeEntity c set c.status = :status, c.attempts = :attempts, "
                + "c.nextAttemptAt = :next, c.lastError = :error, c.doneAt = :doneAt, c.leaseOwner = null, "
                + "c.leaseUntil = 0 where c.id = :id and c.leaseOwner = :owner")
                .setParameter("status", status).setParameter("attempts", attempts).setParameter("next", nextAttemptAt)
                .setParameter("error", error == null ? null : truncate(error)).setParameter("doneAt", doneAt)
                .setParameter("id", id).setParameter("owner", owner).executeUpdate() == 1;
    }

    /** An admin's retry: failed changes (and those waiting out a backoff) are due now; those in flight are left. */
    int retry(String systemId, long now) {
        return em.createQuery("update ScimChangeEntity c set c.status = :pending, c.nextAttemptAt = :now, "
                + "c.attempts = 0 where c.systemId = :system and (c.status = :failed or c.status = :pending) "
                + "and c.leaseUntil < :now")
                .setParameter("pending", PENDING).setParameter("failed", FAILED).setParameter("now", now)
                .setParameter("system", systemId).executeUpdate();
    }

    long count(String systemId, String status) {
        return em.createQuery("select count(c) from ScimChangeEntity c where c.systemId = :system and c.status = :status",
                Long.class).setParameter("system", systemId).setParameter("status", status).getSingleResult();
    }

    /** The newest rows of a status (failed ones, with their reasons), at most {@code max}. */
    List<ScimChangeEntity> latest(String systemId, String status, int max) {
        return em.createQuery("select c from ScimChangeEntity c where c.systemId = :system and c.status = :status "
                + "order by c.seq desc", ScimChangeEntity.class).setParameter("system", systemId)
                .setParameter("status", status).setMaxResults(max).getResultList();
    }

    /** Pending changes that have failed at least once (waiting out a backoff), oldest first. */
    List<ScimChangeEntity> retrying(String systemId, int max) {
        return em.createQuery("select c from ScimChangeEntity c where c.systemId = :system and c.status = :pending "
                + "and c.attempts > 0 order by c.seq", ScimChangeEntity.class).setParameter("system", systemId)
                .setParameter("pending", PENDING).setMaxResults(max).getResultList();
    }

    Optional<Long> lastSuccess(String systemId) {
        return Optional.ofNullable(em.createQuery("select max(c.doneAt) from ScimChangeEntity c where "
                + "c.systemId = :system and c.status = :done", Long.class).setParameter("system", systemId)
                .setParameter("done", DONE).getSingleResult());
    }

    /** Delivered rows are kept a while as the delivery record, then removed. */
    int purgeDone(long before) {
        return em.createQuery("delete from ScimChangeEntity c where c.status = :done and c.doneAt < :before")
                .setParameter("done", DONE).setParameter("before", before).executeUpdate();
    }

    private static String truncate(String error) {
        return error.length() <= 1000 ? error : error.substring(0, 997) + "...";
    }
}
