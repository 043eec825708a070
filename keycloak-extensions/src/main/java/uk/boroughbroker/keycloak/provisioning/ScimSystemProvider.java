package uk.boroughbroker.keycloak.provisioning;

import org.keycloak.provider.Provider;

/** A borough system provisioned over SCIM 2.0: its checked settings. Delivery is the workers' job. */
public interface ScimSystemProvider extends Provider {

    /** The component's settings, already validated. */
    ScimSystemConfig config();

    @Override
    default void close() {
    }
}
