package uk.boroughbroker.keycloak.directory;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * Ends every session of a person who has left their council: online and offline, each through
 * Keycloak's own logout, which tells every client with a back-channel logout URL (OIDC) or admin URL,
 * and marks the user's tokens issued until now as not valid ({@code notBefore}), so that no refresh
 * or offline token of theirs works again, whichever node or cache is asked.
 */
final class LeaverSessions {

    private static final Logger LOG = Logger.getLogger(LeaverSessions.class);

    private LeaverSessions() {
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
