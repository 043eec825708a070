package uk.boroughbroker.keycloak.provisioning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.connections.jpa.support.EntityManagers;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;
import uk.boroughbroker.keycloak.directory.DirectoryUserRead;

/**
 * Turns directory reads into queued changes. On each {@link DirectoryUserRead} (sign-in, re-read,
 * sync, leaver) it waits for the end of the request's transaction, when the council roles are
 * applied whatever order the listeners ran in, then for each borough system of the realm works out
 * what the system should hold and queues a change only when that differs from what was last queued.
 * The comparison reads a fingerprint kept on the user (cached by Keycloak with the user), so an
 * unchanged sign-in costs no database read; the queued row and the new fingerprint commit with the
 * read that caused them, or not at all.
 */
final class ChangeCapture {

    /** User attribute, one per system: the fingerprint of the last change queued for it. */
    static final String FINGERPRINT = "borough.scim.";
    /** Session attribute: the people read in this transaction, by user id. */
    private static final String CAPTURING = "borough.scim.capturing";
    private static final Logger LOG = Logger.getLogger(ChangeCapture.class);
    static final ObjectMapper JSON = new ObjectMapper();

    private final Runnable wake;

    /** @param wake tells this node's workers that something was queued (after commit) */
    ChangeCapture(Runnable wake) {
        this.wake = wake;
    }

    /** A person read in this transaction, awaiting capture at its end. */
    private record Read(RealmModel realm, UserModel user, String council) {
    }

    void onEvent(ProviderEvent event) {
        if (event instanceof DirectoryUserRead read && read.session() != null && hasSystems(read.realm())) {
            KeycloakSession session = read.session();
            @SuppressWarnings("unchecked")
            Map<String, Read> pending = session.getAttribute(CAPTURING, Map.class);
            if (pending == null) {
                pending = new LinkedHashMap<>();
                session.setAttribute(CAPTURING, pending);
                enlist(session, pending);
            }
            // Everything that enlists in the transaction is enlisted now: Keycloak refuses enlistments
            // once the commit has begun, and the event listeners enlist when made.
            ProvisioningEvents.prepare(session, read.realm());
            // The last read of the transaction wins (a request may read a person twice).
            pending.put(read.user().getId(), new Read(read.realm(), read.user(), read.council()));
        }
    }

    /**
     * One capture at the end of the transaction for everyone read in it. Keycloak's JPA store flushes
     * before every query, and each flush checks every entity the transaction holds, so reading the
     * roles of each of a sync batch's people in turn would cost the square of the batch: one flush
     * first (the council roles granted in this transaction must be seen), then the reads in Keycloak's
     * batch mode, which does not flush before them (decision 0030).
     */
    private void enlist(KeycloakSession session, Map<String, Read> pending) {
        Outbox.of(session);
        AtomicBoolean queued = new AtomicBoolean();
        session.getTransactionManager().enlistPrepare(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                EntityManagers.runInBatch(session, () -> pending.values().forEach(read -> {
                    if (capture(session, read.realm(), read.user(), read.council()) > 0) {
                        queued.set(true);
                    }
                }), false);
            }

            @Override
            protected void rollbackImpl() {
            }
        });
        AfterCommit.run(session, () -> {
            if (queued.get()) {
                wake.run();
            }
        });
    }

    /** Whether the realm has borough systems at all: a realm without costs its sign-ins nothing more. */
    private static boolean hasSystems(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), ScimSystemProvider.class.getName()).findAny().isPresent();
    }

    /** Queues what changed for this person at each of the realm's systems; returns how many were queued. */
    static int capture(KeycloakSession session, RealmModel realm, UserModel user, String council) {
        List<ComponentModel> systems = realm.getComponentsStream(realm.getId(), ScimSystemProvider.class.getName())
                .toList();
        if (systems.isEmpty()) {
            return 0;
        }
        Set<String> roles = ScimPerson.realmRoles(user);
        int queued = 0;
        for (ComponentModel model : systems) {
            ScimSystemConfig system;
            try {
                system = ScimSystemConfig.of(model);
            } catch (InvalidScimSystemException e) {
                LOG.warnf("Realm %s: %s; nothing is queued for it", realm.getName(), e.getMessage());
                continue;
            }
            if (queue(session, realm, user, council, roles, system)) {
                queued++;
            }
        }
        return queued;
    }

    private static boolean queue(KeycloakSession session, RealmModel realm, UserModel user, String council,
            Set<String> roles, ScimSystemConfig system) {
        String attribute = FINGERPRINT + system.id();
        String last = user.getFirstAttribute(attribute);
        // Only the council's own directory speaks for its people (issue 11): the council is the one
        // whose directory was read, never a claim in the entry.
        boolean qualifies = user.isEnabled() && system.qualifies(council, roles);
        if (!qualifies && last == null) {
            return false;
        }
        ChangeKind kind = qualifies || system.leaverAction() == ScimSystemConfig.LeaverAction.DEACTIVATE
                ? ChangeKind.PROVISION : ChangeKind.DELETE;
        ScimPerson person = ScimPerson.of(user, qualifies, roles, system);
        String fingerprint = person.fingerprint(kind);
        if (fingerprint.equals(last)) {
            return false;
        }
        requeue(session, realm, system, user, kind, person);
        return true;
    }

    /** Queues a change whatever was queued before (a reconcile found the system differs). */
    static void requeue(KeycloakSession session, RealmModel realm, ScimSystemConfig system, UserModel user,
            ChangeKind kind, ScimPerson person) {
        String payload;
        try {
            payload = JSON.writeValueAsString(person);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A SCIM projection always serialises", e);
        }
        Outbox.of(session).enqueue(realm.getId(), system.id(), user.getId(), kind, payload, System.currentTimeMillis());
        user.setSingleAttribute(FINGERPRINT + system.id(), person.fingerprint(kind));
        ProvisioningEvents.queued(session, realm, system, user.getId(), kind, person.active());
    }
}
