package uk.boroughbroker.keycloak.directory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.LDAPConstants;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.models.cache.UserCache;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.storage.UserStoragePrivateUtil;
import org.keycloak.storage.UserStorageUtil;

/**
 * Writes what a council's directory says about a person onto their broker user: creates the user on
 * first sight (id from council + objectGUID), and on every read renames, re-reads names, email,
 * enabled state and groups, then publishes a {@link DirectoryUserRead} (council roles follow it).
 *
 * <p>Nothing one council's directory says may touch another council's people (issue 11): names come
 * from {@link BrokerNames}, so they route back to this council; a name or email some other broker
 * user already holds is never taken over, and is refused with a log line instead of the unique-key
 * failure that used to end the request with a 500.
 */
final class DirectoryImport {

    private static final Logger LOG = Logger.getLogger(DirectoryImport.class);
    /** Request-scoped: the entry read for a broker user in this request, by user id. */
    static final String READ_THIS_REQUEST = "borough.directory.read.";

    private final KeycloakSession session;
    private final ComponentModel model;
    private final CouncilDirectoryConfig config;
    private final CouncilConnection connection;
    private final Clock clock;

    DirectoryImport(KeycloakSession session, ComponentModel model, CouncilDirectoryConfig config,
            CouncilConnection connection, Clock clock) {
        this.session = session;
        this.model = model;
        this.config = config;
        this.connection = connection;
        this.clock = clock;
    }

    /**
     * The broker user id for a directory object in a realm: stable across renames and restarts. The
     * realm (its id, which no other realm ever has, even one re-created under the same name) is part
     * of it because Keycloak's user ids are unique across realms: one council federated into two
     * realms (staging beside live) is two users, not a refused second import (issue 14).
     */
    static String brokerUserId(String realmId, String council, UUID objectGuid) {
        return UUID.nameUUIDFromBytes(("borough:" + realmId + ":" + council + ":" + objectGuid)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** What importing an entry did: the broker user created, updated, or the entry refused and why. */
    record Imported(Optional<UserModel> user, boolean created, boolean changed, String refusal) {

        static Imported refused(String why) {
            return new Imported(Optional.empty(), false, false, why);
        }
    }

    /**
     * The broker user for a directory entry, created on first sight; empty when it is refused (logged).
     *
     * <p>A person new to the broker is created in a transaction of its own, then loaded in this one.
     * The background sync (a page of people per transaction) or another node's first sign-in of the
     * same person may be creating them at the same moment: the loser of that race would otherwise have
     * its whole request rolled back on the duplicate key and the person told their password was wrong.
     * Now the loser's own transaction alone fails, and the request loads the winner's user.
     */
    Optional<UserModel> importUser(RealmModel realm, DirectoryUser user) {
        UserProvider local = UserStoragePrivateUtil.userLocalStorage(session);
        String id = brokerUserId(realm.getId(), config.councilId(), user.objectGuid());
        if (local.getUserById(realm, id) != null) {
            return importOrUpdate(realm, user, false).user();
        }
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), alone -> {
                RealmModel same = alone.realms().getRealm(realm.getId());
                alone.getContext().setRealm(same);
                new DirectoryImport(alone, model, config, connection, clock).importOrUpdate(same, user, false);
            });
        } catch (RuntimeException e) {
            LOG.debugf("Council %s: %s was imported by someone else meanwhile (%s)", config.councilId(), user.dn(),
                    e.toString());
        }
        UserModel imported = local.getUserById(realm, id);
        if (imported == null) {
            return Optional.empty();
        }
        session.setAttribute(READ_THIS_REQUEST + id, user);
        return Optional.of(imported);
    }

    /**
     * Creates the broker user on first sight, else applies the entry to it; says which, or why it was
     * refused.
     *
     * @param leaveUnchanged a person whose entry says nothing new is left alone, Keycloak's cache of
     *                       them included (a sync pass re-reads people who mostly have not changed)
     */
    Imported importOrUpdate(RealmModel realm, DirectoryUser user, boolean leaveUnchanged) {
        Optional<String> username = BrokerNames.username(user, config);
        if (username.isEmpty()) {
            LOG.warnf("Council %s: %s has neither a UPN in the council's domains nor a usable account name; refused",
                    config.councilId(), user.dn());
            return Imported.refused("neither a UPN in the council's domains nor a usable account name");
        }
        UserProvider local = UserStoragePrivateUtil.userLocalStorage(session);
        String id = brokerUserId(realm.getId(), config.councilId(), user.objectGuid());
        UserModel existing = local.getUserById(realm, id);
        boolean created = false;
        if (existing == null) {
            if (heldByAnother(realm, local, username.get(), id)) {
                return Imported.refused("the username " + username.get() + " is held by another broker user");
            }
            try {
                existing = local.addUser(realm, id, username.get(), true, false);
                existing.setFederationLink(model.getId());
                created = true;
                LOG.debugf("Council %s: imported %s as %s", config.councilId(), user.account(), id);
                if (!username.get().equalsIgnoreCase(String.valueOf(user.principalName()))) {
                    LOG.infof("Council %s: %s is named %s in the broker: its UPN %s is not in the council's domains",
                            config.councilId(), user.dn(), username.get(), user.principalName());
                }
            } catch (ModelDuplicateException e) {
                // Two first sign-ins of one person at once: the other request imported them.
                existing = local.getUserById(realm, id);
                if (existing == null) {
                    LOG.warnf("Council %s: %s could not be imported (%s); refused", config.councilId(), user.dn(),
                            e.getMessage());
                    return Imported.refused("could not be imported: " + e.getMessage());
                }
            }
        } else if (!model.getId().equals(existing.getFederationLink())) {
            LOG.warnf("Council %s: broker user %s belongs to another federation; not touching it", config.councilId(), id);
            return Imported.refused("its broker user belongs to another federation");
        } else if (leaveUnchanged && unchanged(existing, user, username.get())) {
            return new Imported(Optional.of(existing), false, false, "");
        } else {
            // Known user under a name Keycloak did not find: renamed in AD. The update below goes
            // to Keycloak's store directly, so the cached copy (old username) must go.
            evict(realm, existing);
        }
        update(realm, existing, user);
        return new Imported(Optional.of(existing), created, true, "");
    }

    /**
     * For a bulk import of people the sync knows the broker has not got: nothing is looked up before
     * the insert, so a name or an email another person holds fails at the database, and the caller then
     * applies its batch again one person at a time through {@link #importOrUpdate}, which says why.
     */
    Imported importNew(RealmModel realm, DirectoryUser user) {
        Optional<String> username = BrokerNames.username(user, config);
        if (username.isEmpty()) {
            return importOrUpdate(realm, user, true);
        }
        String id = brokerUserId(realm.getId(), config.councilId(), user.objectGuid());
        UserModel created = UserStoragePrivateUtil.userLocalStorage(session).addUser(realm, id, username.get(), true,
                false);
        created.setFederationLink(model.getId());
        apply(realm, created, user, true);
        return new Imported(Optional.of(created), true, true, "");
    }

    /** Applies the entry to the broker user (names, email, enabled state, groups) and tells the listeners. */
    void update(RealmModel realm, UserModel target, DirectoryUser user) {
        apply(realm, target, user, false);
    }

    /**
     * @param created a person just created by a bulk import (see {@link #importNew}): their email is not
     *                looked up first, and listeners are told they hold nothing yet
     */
    private void apply(RealmModel realm, UserModel target, DirectoryUser user, boolean created) {
        session.setAttribute(READ_THIS_REQUEST + target.getId(), user);
        UserProvider local = UserStoragePrivateUtil.userLocalStorage(session);
        BrokerNames.username(user, config).filter(name -> !name.equals(target.getUsername()))
                .filter(name -> !heldByAnother(realm, local, name, target.getId()))
                // Renamed in AD: same objectGUID, same broker user, new name.
                .ifPresent(target::setUsername);
        target.setFirstName(user.firstName());
        target.setLastName(user.lastName());
        Optional<String> email = BrokerNames.email(user, config);
        if (email.isPresent() && !email.get().equals(target.getEmail())) {
            UserModel holder = created ? null : local.getUserByEmail(realm, email.get());
            if (holder != null && !holder.getId().equals(target.getId())) {
                // Never take over or merge with another account over an email address.
                LOG.warnf("Council %s: email of %s is used by broker user %s; left unset", config.councilId(),
                        user.dn(), holder.getId());
                target.setEmail(null);
            } else {
                target.setEmail(email.get());
            }
        } else if (email.isEmpty() && target.getEmail() != null) {
            target.setEmail(null);
        }
        target.setEmailVerified(false);
        if (!BruteForceProtector.DISABLED_BY_PERMANENT_LOCKOUT.equals(target.getFirstAttribute(UserModel.DISABLED_REASON))) {
            // A permanent lockout by brute-force protection is the broker's to lift, not AD's.
            boolean active = active(user);
            if (target.isEnabled() && !active) {
                // A leaver (disabled or expired in AD): access ends now, not when tokens expire.
                target.setEnabled(false);
                LeaverSessions.end(session, realm, target, config.councilId(),
                        user.state(clock.instant()).name().toLowerCase(Locale.ROOT));
            } else if (active != target.isEnabled()) {
                target.setEnabled(active);
            }
        }
        target.setSingleAttribute(LDAPConstants.LDAP_ID, user.objectGuid().toString());
        target.setSingleAttribute(LDAPConstants.LDAP_ENTRY_DN, user.dn());
        target.setSingleAttribute(DirectoryAttributes.COUNCIL, config.councilId());
        if (target.getFirstAttribute(DirectoryAttributes.LEFT_AS) != null) {
            // Back under the same objectGUID (restored in AD, moved back into the users container).
            target.removeAttribute(DirectoryAttributes.LEFT_AS);
        }
        try {
            List<String> groups = groups(user);
            if (!groups.equals(target.getAttributeStream(DirectoryAttributes.GROUPS).toList())) {
                target.setAttribute(DirectoryAttributes.GROUPS, groups);
            }
            // Council roles (and whatever else follows a person's groups) listen to this, inside
            // this request (decision 0019): the directory does not know them.
            session.getKeycloakSessionFactory()
                    .publish(new DirectoryUserRead(session, realm, target, config.councilId(), groups, created));
        } catch (DirectoryUnavailableException e) {
            // Keep the groups last read rather than drop them half-way.
            DirectoryOutcome.unavailable(session, config.councilId());
        }
    }

    /** Whether applying the entry would leave the broker user as it is (groups read from the directory). */
    private boolean unchanged(UserModel target, DirectoryUser user, String username) {
        if (!username.equals(target.getUsername()) || !Objects.equals(user.firstName(), target.getFirstName())
                || !Objects.equals(user.lastName(), target.getLastName())
                || !Objects.equals(BrokerNames.email(user, config).orElse(null), target.getEmail())
                || !user.dn().equals(target.getFirstAttribute(LDAPConstants.LDAP_ENTRY_DN))
                || target.isEnabled() != active(user)) {
            return false;
        }
        try {
            return groups(user).equals(target.getAttributeStream(DirectoryAttributes.GROUPS).toList());
        } catch (DirectoryUnavailableException e) {
            return true;
        }
    }

    private boolean active(DirectoryUser user) {
        AccountState state = user.state(clock.instant());
        return state != AccountState.DISABLED && state != AccountState.EXPIRED;
    }

    /** A person the directory no longer has: see {@link LeaverSessions#leave}. */
    void leave(RealmModel realm, UserModel target, String reason) {
        LeaverSessions.leave(session, realm, target, config.councilId(), reason);
    }

    void evict(RealmModel realm, UserModel user) {
        UserCache cache = UserStorageUtil.userCache(session);
        if (cache != null) {
            cache.evict(realm, user);
        }
    }

    /** Whether another broker user already has this username (logged: the entry is then refused). */
    private boolean heldByAnother(RealmModel realm, UserProvider local, String username, String id) {
        UserModel holder = local.getUserByUsername(realm, username);
        if (holder == null || holder.getId().equals(id)) {
            return false;
        }
        LOG.warnf("Council %s: the username %s is held by broker user %s (federation %s); the directory entry that "
                + "now claims it is refused", config.councilId(), username, holder.getId(), holder.getFederationLink());
        return true;
    }

    private List<String> groups(DirectoryUser user) throws DirectoryUnavailableException {
        return PersonGroups.of(session, config, connection, user);
    }
}
