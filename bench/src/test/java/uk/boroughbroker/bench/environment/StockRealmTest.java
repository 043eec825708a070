package uk.boroughbroker.bench.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import uk.boroughbroker.realms.Council;

@DisplayName("A council's stock LDAP federation")
class StockRealmTest {

    private final Council camden = new Council("camden", "London Borough of Camden", Optional.empty(),
            List.of("camden.gov.uk"), List.of(), new Council.Directory(List.of("ldap://127.0.0.1:1", "ldap://127.0.0.1:2"),
                    "DC=camden,DC=gov,DC=uk", "OU=Staff,DC=camden,DC=gov,DC=uk", "CN=svc,DC=camden,DC=gov,DC=uk",
                    "secret", 2000, 5000), Optional.of("CAMDEN"));

    private static String setting(ObjectNode federation, String key) {
        JsonNode value = federation.path("config").path(key);
        return value.isArray() && value.size() == 1 ? value.get(0).asText() : null;
    }

    @Test
    void whenBuiltThenItIsKeycloaksLdapProviderSetUpForActiveDirectoryTheStockWay() {
        ObjectNode f = StockRealm.federation(camden, 3, "realm-id");

        assertThat(f.path("providerId").asText()).isEqualTo("ldap");
        assertThat(f.path("parentId").asText()).isEqualTo("realm-id");
        assertThat(setting(f, "vendor")).isEqualTo("ad");
        assertThat(setting(f, "editMode")).isEqualTo("READ_ONLY");
        assertThat(setting(f, "importEnabled")).isEqualTo("true");
        assertThat(setting(f, "usernameLDAPAttribute")).isEqualTo("userPrincipalName");
        assertThat(setting(f, "uuidLDAPAttribute")).isEqualTo("objectGUID");
        assertThat(setting(f, "userObjectClasses")).isEqualTo("person, organizationalPerson, user");
        assertThat(setting(f, "searchScope")).isEqualTo("2");
        assertThat(setting(f, "pagination")).isEqualTo("true");
        assertThat(setting(f, "priority")).isEqualTo("3");
    }

    @Test
    void whenBuiltThenItHasTheCouncilsDirectoryTimeoutsAndTheBrokersCachePolicy() {
        ObjectNode f = StockRealm.federation(camden, 0, "r");

        assertThat(setting(f, "connectionUrl")).isEqualTo("ldap://127.0.0.1:1 ldap://127.0.0.1:2");
        assertThat(setting(f, "usersDn")).isEqualTo("OU=Staff,DC=camden,DC=gov,DC=uk");
        assertThat(setting(f, "bindCredential")).isEqualTo("secret");
        assertThat(setting(f, "connectionTimeout")).isEqualTo("2000");
        assertThat(setting(f, "readTimeout")).isEqualTo("5000");
        assertThat(setting(f, "cachePolicy")).isEqualTo("MAX_LIFESPAN");
        assertThat(setting(f, "maxLifespan")).isEqualTo("300000");
    }

    @Test
    void whenItsServiceClientIsBuiltThenItIsConfidentialWithDirectGrantsAndServiceAccountOnly() {
        ObjectNode c = StockRealm.serviceClient("s3cret");

        assertThat(c.path("clientId").asText()).isEqualTo(Target.SERVICE_CLIENT);
        assertThat(c.path("publicClient").asBoolean()).isFalse();
        assertThat(c.path("secret").asText()).isEqualTo("s3cret");
        assertThat(List.of(c.path("standardFlowEnabled").asBoolean(), c.path("implicitFlowEnabled").asBoolean(),
                c.path("directAccessGrantsEnabled").asBoolean(), c.path("serviceAccountsEnabled").asBoolean()))
                .containsExactly(false, false, true, true);
        assertThat(c.path("optionalClientScopes").toString()).isEqualTo("[\"offline_access\"]");
    }

    @Test
    void whenItsWebClientIsBuiltThenItIsPublicWithCodeAndPkceS256Only() {
        ObjectNode c = StockRealm.webClient();

        assertThat(c.path("clientId").asText()).isEqualTo(Target.WEB_CLIENT);
        assertThat(c.path("publicClient").asBoolean()).isTrue();
        assertThat(c.has("secret")).isFalse();
        assertThat(List.of(c.path("standardFlowEnabled").asBoolean(), c.path("implicitFlowEnabled").asBoolean(),
                c.path("directAccessGrantsEnabled").asBoolean(), c.path("serviceAccountsEnabled").asBoolean()))
                .containsExactly(true, false, false, false);
        assertThat(c.path("attributes").path("pkce.code.challenge.method").asText()).isEqualTo("S256");
        assertThat(c.path("defaultClientScopes").toString())
                .isEqualTo(StockRealm.serviceClient("x").path("defaultClientScopes").toString()).contains("profile");
    }
}
