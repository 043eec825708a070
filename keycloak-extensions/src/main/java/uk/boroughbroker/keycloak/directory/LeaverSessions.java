package uk.boroughbroker.keycloak.directory;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.cache.UserCache;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.storage.UserStorageUtil;

/**
 * What happens to a person who has left their council. {@link #leave}: someone the directory no
 * longer has. {@link #end}: every session of a leaver ended: online and offline, each through
 * Keycloak's own logout, which tells every client with a back-channel logout URL (OIDC) or admin URL,
 * and marks the user's tokens issued until now as not valid ({@code notBefore}), so that no refresh
 * or offline token of theirs works again, whichever node or cache is asked.
 */
final class LeaverSessions {

    private static final Logger LOG = Logger.getLogger(LeaverSessions.class);

    private LeaverSessions() {
    }

    /**
     * A person the directory no longer has (deleted, or moved out of the users container): disabled,
     * their name and email released (kept as {@link DirectoryAttributes#LEFT_AS}), never deleted (their
     * audit trail, grants and provisioned accounts stay traceable, and a person restored in AD under the
     * same objectGUID is the same broker user), their sessions ended and their council roles dropped (no
     * groups: told to the listeners of {@link DirectoryUserRead}).
     */
    static void leave(KeycloakSession session, RealmModel realm, UserModel target, String council, String reason) {
        boolean wasEnabled = target.isEnabled();
        target.setEnabled(false);
        if (target.getFirstAttribute(DirectoryAttributes.LEFT_AS) == null) {
            // Frees the name and the email: AD may give them to a new account (someone who comes back
            // under a new objectGUID is a new person), which must be able to sign in.
            target.setSingleAttribute(DirectoryAttributes.LEFT_AS, target.getUsername());
            target.setUsername("left." + target.getId());
            target.setEmail(null);
        }
        if (target.getFirstAttribute(DirectoryAttributes.GROUPS) != null) {
            target.removeAttribute(DirectoryAttributes.GROUPS);
        }
        if (wasEnabled) {
            end(session, realm, target, council, reason);
        }
        UserCache cache = UserStorageUtil.userCache(session);
        if (cache != null) {
            cache.evict(realm, target);
        }
        session.getKeycloakSessionFactory().publish(new DirectoryUserRead(session, realm, target, council, List.of()));
    }

    /** @return how many sessions were ended */
    static int end(KeycloakSession session, RealmModel realm, UserModel user, String council, String reason) {
        session.users().setNotBeforeForUser(realm, user, Time.currentTime());
        // Collected first: logging out removes the sessions the streams walk.
        List<UserSessionModel> online = session.sessions().getUserSessionsStream(realm, user).toList();
        List<UserSessionModel> offline = session.sessions().getOfflineUserSessionsStream(realm, user).toList();
        for (UserSessionModel userSession : online) {
            logout(session, realm, userSession, false);
        }
        for (UserSessionModel userSession : offline) {
            logout(session, realm, userSession, true);
        }
        int ended = online.size() + offline.size();
        LOG.infof("Council %s: %s left (%s): %d online and %d offline sessions ended", council, user.getUsername(),
                reason, online.size(), offline.size());
        return ended;
    }

    private static void logout(KeycloakSession session, RealmModel realm, UserSessionModel userSession,
            boolean offline) {
        // The URI and headers serve the identity cookie of a browser request, which a background sync has
        // not got; Keycloak's logout copes with their absence (it then has no cookie to expire).
        AuthenticationManager.backchannelLogout(session, realm, userSession, null, null, null, true, offline);
    }
}
