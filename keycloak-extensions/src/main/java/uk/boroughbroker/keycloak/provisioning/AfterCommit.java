package uk.boroughbroker.keycloak.provisioning;

import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/** Runs something once the session's transaction has committed (nothing on rollback). */
final class AfterCommit {

    private AfterCommit() {
    }

    /** Enlist before the commit begins: Keycloak refuses enlistments during it. */
    static void run(KeycloakSession session, Runnable action) {
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                action.run();
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }
}
