package uk.boroughbroker.keycloak.testing;

import org.keycloak.common.Profile;
import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * The one server configuration every integration test uses, so the test framework starts Keycloak
 * once per run and reuses it across test classes (a different config class forces a restart).
 */
public final class BoroughServerConfig implements KeycloakServerConfig {

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        // The providers jar, and what it needs that Keycloak's distribution lacks: the council model
        // and the LDAP SDK.
        // Health and metrics on the management port (9000), as broker up and the image run it.
        // The SCIM client (decision 0029), repackaged for Keycloak in one jar. Keycloak's own SCIM
        // API (preview) serves as a borough system on a second realm.
        return config.dependencyCurrentProject().dependency("uk.boroughbroker", "borough-council-model")
                .dependency("com.unboundid", "unboundid-ldapsdk")
                .dependency("uk.boroughbroker", "borough-scim-client")
                .features(Profile.Feature.SCIM_API)
                .option("health-enabled", "true").option("metrics-enabled", "true");
    }
}
