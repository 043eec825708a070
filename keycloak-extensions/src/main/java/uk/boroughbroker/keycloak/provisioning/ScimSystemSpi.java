package uk.boroughbroker.keycloak.provisioning;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The borough systems as a Keycloak component type: each system is a component of the realm
 * ({@code providerType} = {@link ScimSystemProvider}), created and validated through the admin REST
 * API like a user federation, so realm-as-code can write them.
 */
public final class ScimSystemSpi implements Spi {

    static final String NAME = "borough-scim-system";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return ScimSystemProvider.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return ScimSystemProviderFactory.class;
    }
}
