package uk.boroughbroker.keycloak.roles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import uk.boroughbroker.keycloak.testing.AgainstTheDemoBroker;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;
import uk.boroughbroker.realms.AdminApi;
import uk.boroughbroker.realms.AdminApiException;

/**
 * The {@code borough-roles} admin endpoints (issue 11 items 6 and 8): view-users is checked before
 * anything is looked up, the policy preview is bounded and pages, and it lists who loses a role the
 * proposed catalogue no longer has.
 */
@KeycloakIntegrationTest(config = BoroughServerConfig.class)
@DisplayName("Council roles admin endpoints")
class CouncilRolesAdminIT extends AgainstTheDemoBroker {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREVIEW = "/realms/borough/borough-roles/preview";
    private static final String QUERY_ONLY = "roles-query-only";
    private static final String QUERY_ONLY_PASSWORD = "Query-only-" + java.util.UUID.randomUUID();

    /** A master-realm admin who may search the borough realm's users (query-users) but not view them. */
    private AdminApi queryOnlyAdmin() {
        AdminApi admin = broker.admin();
        if (admin.get("/realms/master/users?exact=true&username=" + QUERY_ONLY).isEmpty()) {
            ObjectNode user = JSON.createObjectNode().put("username", QUERY_ONLY).put("enabled", true)
                    .put("email", QUERY_ONLY + "@example.org").put("emailVerified", true)
                    .put("firstName", "Query").put("lastName", "Only");
            user.putArray("credentials").addObject().put("type", "password").put("value", QUERY_ONLY_PASSWORD)
                    .put("temporary", false);
            String userId = admin.post("/realms/master/users", user).orElseThrow();
            String realmClient = admin.get("/realms/master/clients?clientId=borough-realm").path(0).path("id").asText();
            JsonNode queryUsers = admin.get("/realms/master/clients/" + realmClient + "/roles/query-users");
            admin.post("/realms/master/users/" + userId + "/role-mappings/clients/" + realmClient,
                    JSON.createArrayNode().add(queryUsers));
        }
        return AdminApi.withUser(broker.admin().baseUrl(), QUERY_ONLY, QUERY_ONLY_PASSWORD);
    }

    private static int status(Runnable call) {
        AdminApiException refused = catchThrowableOfType(AdminApiException.class, call::run);
        return refused == null ? 200 : refused.status();
    }

    // view-users on the first line.

    @Test
    void whenTheCallerMayNotViewUsersThenWhyIsRefusedBeforeAnyLookupEvenForAnUnknownUser() {
        AdminApi queryOnly = queryOnlyAdmin();

        assertThat(status(() -> queryOnly.get("/realms/borough/borough-roles/why?user=nobody-here@brent.gov.uk"
                + "&role=revenues-benefits:officer&council=brent"))).isEqualTo(403);
        assertThat(status(() -> queryOnly.get("/realms/borough/borough-roles/why?user=jsmith@brent.gov.uk"
                + "&role=revenues-benefits:officer&council=brent"))).isEqualTo(403);
    }

    @Test
    void whenTheCallerMayNotViewUsersThenThePreviewIsRefused() {
        AdminApi queryOnly = queryOnlyAdmin();

        assertThat(status(() -> queryOnly.postForJson(PREVIEW, currentPolicy()))).isEqualTo(403);
    }

    // The preview is bounded.

    @Test
    void whenAPageIsAskedForThenAtMostThatManyPeopleAreComparedAndTheNextPageIsNamed() {
        signIn("jsmith@brent.gov.uk", "Brent!jsmith1");
        signIn("aokafor@brent.gov.uk", "Brent!aokafor1");

        JsonNode page = broker.admin().postForJson(PREVIEW + "?first=0&max=1", currentPolicy());

        assertThat(page.path("usersCompared").asInt()).as(page.toString()).isLessThanOrEqualTo(1);
        assertThat(page.path("first").asInt()).isZero();
        assertThat(page.path("max").asInt()).isEqualTo(1);
        assertThat(page.path("next").asInt()).isEqualTo(1);
    }

    @Test
    void whenNoPageIsAskedForThenAtMostOneThousandPeopleAreCompared() {
        JsonNode page = broker.admin().postForJson(PREVIEW, currentPolicy());

        assertThat(page.path("max").asInt()).isEqualTo(1000);
        assertThat(page.path("first").asInt()).isZero();
    }

    @Test
    void whenThePageSizeIsOverOneThousandOrMalformedThenTheErrorSaysWhatIsAllowed() {
        for (String query : new String[] {"?max=1001", "?max=0", "?max=ten", "?first=-1", "?first=x"}) {
            AdminApiException refused = catchThrowableOfType(AdminApiException.class,
                    () -> broker.admin().postForJson(PREVIEW + query, currentPolicy()));

            assertThat(refused).as(query).isNotNull();
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.getMessage()).as(query)
                    .containsAnyOf("max must be a whole number from 1 to 1000", "first must be a whole number from 0");
        }
    }

    // Item 6, server side: a role dropped from the catalogue is listed as lost.

    @Test
    void whenTheProposedCatalogueDropsARoleThenThePeopleHoldingItAreListedAsLosingIt() {
        signIn("jsmith@brent.gov.uk", "Brent!jsmith1");
        ObjectNode proposed = currentPolicy();
        ((ObjectNode) proposed.path("roles")).remove("council-tax:officer");
        ArrayNode rules = JSON.createArrayNode();
        proposed.path("rules").forEach(rule -> {
            if (!rule.path("role").asText().equals("council-tax:officer")) {
                rules.add(rule);
            }
        });
        proposed.set("rules", rules);

        JsonNode preview = broker.admin().postForJson(PREVIEW, proposed);

        JsonNode jsmith = null;
        for (JsonNode change : preview.path("changes")) {
            if (change.path("user").asText().equals("jsmith@brent.gov.uk")) {
                jsmith = change;
            }
        }
        assertThat(jsmith).as(preview.toString()).isNotNull();
        assertThat(jsmith.path("loses").toString()).isEqualTo("[\"brent/council-tax:officer\"]");
        assertThat(jsmith.path("gains").toString()).isEqualTo("[]");
    }

    private ObjectNode currentPolicy() {
        return broker.realm().policy().orElseThrow().serverForm();
    }
}
