package uk.boroughbroker.keycloak.provisioning;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * {@value #PROVIDER_ID}: the outbox table in Keycloak's own database (H2 in dev, PostgreSQL in the
 * cluster), so a queued change commits or rolls back with the directory read that caused it, and
 * survives restarts. Keycloak runs the Liquibase changelog at start, with its own changelog table
 * for this provider.
 */
public final class OutboxEntityProviderFactory implements JpaEntityProviderFactory, JpaEntityProvider {

    public static final String PROVIDER_ID = "borough-scim-outbox";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public List<Class<?>> getEntities() {
        return List.of(ScimChangeEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/borough-scim-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return PROVIDER_ID;
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
    }

    @Override
    public void close() {
    }
}
