package uk.boroughbroker.keycloak.directory;

import jakarta.persistence.LockModeType;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.jpa.entities.RealmEntity;

/**
 * A background transaction's hold on its realm. Keycloak's realm delete locks the realm's row for
 * update before it deletes anything ({@code JpaRealmProvider.removeRealm}); a sync transaction that
 * holds the same row (a share lock on PostgreSQL, so councils' passes still run side by side; H2's
 * dialect takes it for update, which puts one realm's passes one transaction after another in dev
 * mode) makes a delete wait for it to commit, or waits for the delete and then finds no realm.
 * Without it a realm deleted during a pass failed with a 500, on a foreign key to the users the
 * pass had just inserted.
 */
final class RealmRowLock {

    private RealmRowLock() {
    }

    /** @return the realm, held until the transaction ends; {@code null} if it is gone */
    static RealmModel hold(KeycloakSession session, String realmId) {
        RealmEntity row = session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .find(RealmEntity.class, realmId, LockModeType.PESSIMISTIC_READ);
        return row == null ? null : session.realms().getRealm(realmId);
    }
}
