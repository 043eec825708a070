package uk.boroughbroker.keycloak.roles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import uk.boroughbroker.directory.CouncilDirectory;
import uk.boroughbroker.keycloak.testing.AgainstTheDemoBroker;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;
import uk.boroughbroker.keycloak.testing.DemoBroker;
import uk.boroughbroker.keycloak.testing.PartnerApp.TokenResponse;

/**
 * Issue 11 item 7, through real token requests: a council scope in the client credentials grant, a
 * council scope at refresh after the person's roles there went, and an app the policy does not name.
 * Flat rather than {@code @Nested}: the test framework injects only into the top-level test instance.
 */
@KeycloakIntegrationTest(config = BoroughServerConfig.class)
@DisplayName("Council scope and claim edges")
class CouncilScopeEdgesIT extends AgainstTheDemoBroker {

    private static final String SOUTHWARK_DESK = "CN=SharedICT-ServiceDesk,OU=Groups,DC=southwark,DC=gov,DC=uk";
    private static final String JIDE = "CN=Jide Okonkwo,OU=Staff,DC=southwark,DC=gov,DC=uk";

    private JWTClaimsSet claims(TokenResponse response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return app.verify(response.accessToken());
    }

    private List<String> tokenScopes(TokenResponse response) throws java.text.ParseException {
        return Arrays.asList(claims(response).getStringClaim("scope").split(" "));
    }

    @SuppressWarnings("unchecked")
    private List<String> councilRoles(TokenResponse response) {
        Map<String, Object> access = (Map<String, Object>) claims(response).getClaim("realm_access");
        List<String> roles = access == null ? List.of() : (List<String>) access.get("roles");
        return roles.stream().filter(r -> r.contains("/")).toList();
    }

    // Client credentials: the client's own service account.

    @Test
    void whenAServiceAccountAsksForACouncilThePolicyDoesNotGrantItsClientThenTheScopeIsDropped() throws Exception {
        TokenResponse response = app.clientCredentials(DemoBroker.SERVICE_CLIENT, broker.serviceSecret(),
                "council:brent");

        assertThat(tokenScopes(response)).doesNotContain("council:brent");
        assertThat(councilRoles(response)).isEmpty();
    }

    @Test
    void whenABoroughSystemsServiceAccountAsksForItsOwnCouncilThenItGetsThatScopeAndNoOther() throws Exception {
        try (ThrowawayClient brentRevenues = ThrowawayClient.create(broker.admin(), "brent-revenues", true,
                List.of("council:brent", "council:lewisham"))) {
            TokenResponse response = app.clientCredentials(brentRevenues.clientId(), brentRevenues.secret(),
                    "council:brent council:lewisham");

            assertThat(tokenScopes(response)).contains("council:brent").doesNotContain("council:lewisham");
        }
    }

    // Refresh: the scope is checked again on the token side.

    @Test
    void whenThePersonsRolesAtTheAskedCouncilAreGoneThenTheRefreshedTokenCarriesNeitherTheScopeNorTheRoles()
            throws Exception {
        TokenResponse first = app.passwordGrant("lewisham-revenues", broker.lewishamRevenuesSecret(), "jokonkwo@southwark.gov.uk",
                "Southwark!jokonkwo1", "openid council:southwark");
        assertThat(tokenScopes(first)).contains("council:southwark");
        assertThat(councilRoles(first)).contains("southwark/ict:service-desk");

        CouncilDirectory southwark = broker.directories().council("southwark");
        southwark.removeMember(SOUTHWARK_DESK, JIDE);
        try {
            // The broker re-reads the entry once Keycloak's user cache no longer holds the person.
            broker.admin().postForJson("/realms/borough/clear-user-cache");
            TokenResponse refreshed = app.refresh("lewisham-revenues", broker.lewishamRevenuesSecret(),
                    first.body().path("refresh_token").asText());

            assertThat(tokenScopes(refreshed)).doesNotContain("council:southwark");
            assertThat(councilRoles(refreshed)).isEmpty();
            assertThat(claims(refreshed).getJSONObjectClaim("councils")).doesNotContainKey("southwark");
        } finally {
            southwark.addMember(SOUTHWARK_DESK, JIDE);
            broker.admin().postForJson("/realms/borough/clear-user-cache");
        }
    }

    // Apps the policy does not name.

    @Test
    void whenAnAppThePolicyDoesNotNameGetsATokenThenItHasNoCouncilsClaimAndNoCouncilRoles() throws Exception {
        try (ThrowawayClient unnamed = ThrowawayClient.create(broker.admin(), "partner-analytics", false, List.of())) {
            assertThat(broker.admin().get("/realms/borough/clients/" + clientUuid(unnamed) + "/default-client-scopes")
                    .findValuesAsText("name")).as("the app has the council scope, as every new app").contains("council");

            TokenResponse response = app.passwordGrant(unnamed.clientId(), unnamed.secret(), "jsmith@brent.gov.uk",
                    "Brent!jsmith1");

            assertThat(claims(response).getClaims()).doesNotContainKey("councils").containsKey("home_council");
            assertThat(councilRoles(response)).isEmpty();
        }
    }

    @Test
    void whenAnAppThePolicyDoesNotNameAsksForACouncilScopeThenTheSignInIsRefusedNamingTheApp() {
        try (ThrowawayClient unnamed = ThrowawayClient.create(broker.admin(), "partner-analytics", false,
                List.of("council:brent"))) {
            TokenResponse response = app.passwordGrant(unnamed.clientId(), unnamed.secret(), "jsmith@brent.gov.uk",
                    "Brent!jsmith1", "openid council:brent");

            assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
            assertThat(response.error()).isEqualTo("invalid_scope");
            assertThat(response.body().path("error_description").asText()).contains("council:brent")
                    .contains("partner-analytics").contains("not named in the council policy");
        }
    }

    @Test
    void whenAnAppIsListedAsSeeingEveryCouncilThenItStillSeesEveryCouncilWhereThePersonHoldsRoles() throws Exception {
        TokenResponse response = signIn("jsmith@brent.gov.uk", "Brent!jsmith1");

        assertThat(claims(response).getJSONObjectClaim("councils")).containsOnlyKeys("brent", "lewisham", "southwark");
    }

    private String clientUuid(ThrowawayClient client) {
        return broker.admin().get("/realms/borough/clients?clientId=" + client.clientId()).path(0).path("id").asText();
    }
}
