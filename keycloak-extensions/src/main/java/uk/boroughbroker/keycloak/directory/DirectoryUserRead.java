package uk.boroughbroker.keycloak.directory;

import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;

/**
 * A council's directory entry has just been read and written onto its broker user, groups included
 * (sign-in, or a re-read when Keycloak loads the user from its store). Published through
 * {@code KeycloakSessionFactory.publish}, which calls every listener in turn on the publishing
 * thread: whatever a listener does (the council roles' sync) is done inside this request, before
 * the sign-in goes on and a token is issued. Not published when the groups could not be read (the
 * directory became unavailable half-way): the groups last read stay, and so does what follows them.
 *
 * <p>This is how other packages act on a directory read without the directory knowing them, as
 * Keycloak's own providers listen to {@code RealmPostCreateEvent}: {@code directory} names no
 * other feature package.
 *
 * @param user    the broker user, already updated
 * @param council the council whose directory was read
 * @param groups  the person's groups, nested ones included, by exact DN
 * @param created the broker user was created in this transaction by a bulk import: it holds nothing
 *                yet, so listeners need not read what it holds (a query per person)
 */
public record DirectoryUserRead(KeycloakSession session, RealmModel realm, UserModel user, String council,
        List<String> groups, boolean created) implements ProviderEvent {

    public DirectoryUserRead {
        groups = List.copyOf(groups);
    }

    /** A read of a broker user that existed before this transaction, or may have. */
    public DirectoryUserRead(KeycloakSession session, RealmModel realm, UserModel user, String council,
            List<String> groups) {
        this(session, realm, user, council, groups, false);
    }

    @Override
    public KeycloakSession getKeycloakSession() {
        return session;
    }
}
