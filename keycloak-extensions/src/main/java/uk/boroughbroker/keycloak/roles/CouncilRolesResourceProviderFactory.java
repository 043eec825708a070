package uk.boroughbroker.keycloak.roles;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@value #PROVIDER_ID}: "why does this person hold this role here" under the realm's Admin REST API.
 * Also the roles package's one place that hooks into Keycloak at start-up: it registers the role
 * sync ({@link CouncilRoles}) as a listener to directory reads.
 */
public final class CouncilRolesResourceProviderFactory implements AdminRealmResourceProviderFactory,
        AdminRealmResourceProvider {

    public static final String PROVIDER_ID = "borough-roles";


    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        return new CouncilRolesResource(session, realm, auth);
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
        // Keycloak calls its listeners on the publishing thread, so roles are synced inside the
        // request that read the directory, before a token is issued. Never unregistered: the
        // listeners end with the session factory, and close() below is also the per-request
        // provider's close (create() returns this).
        factory.register(CouncilRoles::onEvent);
    }

    @Override
    public void close() {
    }
}
