package uk.boroughbroker.keycloak.provisioning;

import java.time.Clock;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@value #PROVIDER_ID}: the borough systems' delivery status and actions under the realm's Admin
 * REST API. Also the provisioning package's one hook into Keycloak at start-up: it registers the
 * change capture as a listener to directory reads and owns this node's delivery workers, which it
 * starts once Keycloak is up and stops with Keycloak.
 */
public final class ProvisioningResourceProviderFactory implements AdminRealmResourceProviderFactory {

    public static final String PROVIDER_ID = "borough-provisioning";

    private ProvisioningWorkers workers;

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession s, RealmModel realm, AdminPermissionEvaluator auth,
                    AdminEventBuilder adminEvent) {
                return new ProvisioningResource(s, realm, auth, workers);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        workers = new ProvisioningWorkers(factory, Clock.systemUTC());
        ChangeCapture capture = new ChangeCapture(this::wake);
        factory.register(capture::onEvent);
        // Start delivering only once the server is up: the outbox table exists by then.
        factory.register((ProviderEvent event) -> {
            if (event instanceof org.keycloak.models.utils.PostMigrationEvent) {
                workers.start();
            }
        });
    }

    private void wake() {
        if (workers != null) {
            workers.wake();
        }
    }

    @Override
    public void close() {
        // Keycloak stops: in-flight calls end; their leases run out and the changes are delivered
        // again after the restart (idempotently).
        if (workers != null) {
            workers.close();
        }
    }
}
