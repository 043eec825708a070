package uk.boroughbroker.keycloak.roles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import uk.boroughbroker.keycloak.testing.AgainstTheDemoBroker;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;
import uk.boroughbroker.keycloak.testing.DemoBroker;
import uk.boroughbroker.keycloak.testing.PartnerApp.BrowserLogin;
import uk.boroughbroker.keycloak.testing.PartnerApp.TokenResponse;

/**
 * A client may ask for another borough's scope (council:<id>) only if the person holds a role there: by
 * password grant, in the browser (signing in, and by single sign-on), and the realm tooling behind it.
 * Flat rather than {@code @Nested}: the test framework injects only into the top-level test instance.
 */
@KeycloakIntegrationTest(config = BoroughServerConfig.class)
@DisplayName("Council scopes")
class CouncilScopeIT extends AgainstTheDemoBroker {

    private static final String BRENT_OFFICER = "jsmith@brent.gov.uk";
    private static final String BRENT_PASSWORD = "Brent!jsmith1";

    @SuppressWarnings("unchecked")
    private Map<String, Object> councils(TokenResponse response) throws java.text.ParseException {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return app.verify(response.accessToken()).getJSONObjectClaim("councils");
    }

    @SuppressWarnings("unchecked")
    private List<String> councilRoles(TokenResponse response) throws java.text.ParseException {
        List<String> roles = (List<String>) app.verify(response.accessToken()).getJSONObjectClaim("realm_access")
                .get("roles");
        return roles.stream().filter(r -> r.contains("/")).toList();
    }

    @Test
    void whenLewishamsSystemAsksForBrentWhereTheUserHoldsARoleThenTheTokenCarriesBothBoroughs() throws Exception {
        TokenResponse response = app.passwordGrant("lewisham-revenues", broker.lewishamRevenuesSecret(), BRENT_OFFICER,
                BRENT_PASSWORD, "openid council:brent");

        assertThat(councils(response)).containsOnlyKeys("brent", "lewisham");
        assertThat(councilRoles(response)).allMatch(r -> r.startsWith("brent/") || r.startsWith("lewisham/"))
                .contains("brent/council-tax:officer", "lewisham/revenues-benefits:officer");
        assertThat(response.body().path("scope").asText()).contains("council:brent");
    }

    @Test
    void whenASystemAsksForACouncilWhereTheUserHoldsNoRoleThenTheSignInIsRefusedNamingTheCouncil() {
        TokenResponse response = app.passwordGrant("lewisham-revenues", broker.lewishamRevenuesSecret(), BRENT_OFFICER,
                BRENT_PASSWORD, "openid council:camden");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("invalid_scope");
        assertThat(response.body().path("error_description").asText())
                .contains("council:camden").contains("London Borough of Camden");
    }

    @Test
    void whenAnAppOfNoCouncilAsksForOneCouncilThenTheTokenShowsThatCouncilOnly() throws Exception {
        TokenResponse response = app.passwordGrant(DemoBroker.SERVICE_CLIENT, broker.serviceSecret(),
                BRENT_OFFICER, BRENT_PASSWORD, "openid council:southwark");

        assertThat(councils(response)).containsOnlyKeys("southwark");
        assertThat(councilRoles(response)).containsExactly("southwark/revenues-benefits:officer");
    }

    @Test
    void whenAllAskedCouncilsHoldARoleButOneThenTheWholeRequestIsRefused() {
        TokenResponse response = app.passwordGrant(DemoBroker.SERVICE_CLIENT, broker.serviceSecret(),
                BRENT_OFFICER, BRENT_PASSWORD, "openid council:lewisham council:islington");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().path("error_description").asText()).contains("council:islington");
    }

    @Test
    void whenAnAppKeepsAskingForAScopeTheUserMayNotHaveThenTheUserIsNotLockedOut() throws Exception {
        for (int i = 0; i < 6; i++) {
            assertThat(app.passwordGrant("lewisham-revenues", broker.lewishamRevenuesSecret(), "aokafor@brent.gov.uk",
                    "Brent!aokafor1", "openid council:islington").error()).isEqualTo("invalid_scope");
        }

        assertThat(councils(app.passwordGrant("lewisham-revenues", broker.lewishamRevenuesSecret(), "aokafor@brent.gov.uk",
                "Brent!aokafor1"))).containsOnlyKeys("lewisham");
    }

    @Test
    void whenTheWrongPasswordIsGivenThenTheAnswerIsTheUsualOneAndSaysNothingAboutScopes() {
        TokenResponse response = app.passwordGrant("lewisham-revenues", broker.lewishamRevenuesSecret(), BRENT_OFFICER,
                "wrong", "openid council:camden");

        assertThat(response.error()).isEqualTo("invalid_grant");
        assertThat(response.body().path("error_description").asText()).isEqualTo("Invalid user credentials");
    }

    @Test
    void whenTheUserHoldsARoleAtTheAskedCouncilThenTheSignInFinishesWithThatCouncilsRoles() throws Exception {
        BrowserLogin login = app.startLogin(DemoBroker.WEB_CLIENT, DemoBroker.WEB_REDIRECT, "openid council:lewisham")
                .submit("kc-form-login", Map.of("username", BRENT_OFFICER, "password", BRENT_PASSWORD));

        assertThat(councils(login.token())).containsOnlyKeys("lewisham");
    }

    @Test
    void whenTheUserHoldsNoRoleThereThenAPageSaysSoAndNoCodeIsIssued() {
        BrowserLogin login = app.startLogin(DemoBroker.WEB_CLIENT, DemoBroker.WEB_REDIRECT, "openid council:haringey")
                .submit("kc-form-login", Map.of("username", BRENT_OFFICER, "password", BRENT_PASSWORD));

        assertThat(login.finished()).isFalse();
        assertThat(login.page()).contains("London Borough of Haringey").contains("you hold no role there");
    }

    @Test
    void whenTheUserIsAlreadySignedInThenSingleSignOnIsCheckedToo() throws Exception {
        BrowserLogin first = app.startLogin(DemoBroker.WEB_CLIENT, DemoBroker.WEB_REDIRECT)
                .submit("kc-form-login", Map.of("username", BRENT_OFFICER, "password", BRENT_PASSWORD));
        assertThat(first.finished()).isTrue();

        BrowserLogin allowed = app.startLogin(DemoBroker.WEB_CLIENT, DemoBroker.WEB_REDIRECT, "openid council:brent");
        BrowserLogin refused = app.startLogin(DemoBroker.WEB_CLIENT, DemoBroker.WEB_REDIRECT, "openid council:camden");

        assertThat(allowed.finished()).as(allowed.page()).isTrue();
        assertThat(councils(allowed.token())).containsOnlyKeys("brent");
        assertThat(refused.finished()).isFalse();
        assertThat(refused.page()).contains("London Borough of Camden");
    }

    @Test
    void whenEveryCouncilIsDeclaredThenEachHasAnOptionalScopeOnTheCouncilAwareClients() {
        JsonNode client = broker.admin().get("/realms/borough/clients?clientId=lewisham-revenues").path(0);
        JsonNode optional = broker.admin().get("/realms/borough/clients/" + client.path("id").asText()
                + "/optional-client-scopes");

        assertThat(optional.findValuesAsText("name")).contains("council:brent", "council:lewisham",
                "council:southwark", "council:camden", "council:islington", "council:haringey");
    }

    @Test
    void whenTheScopeCheckWasRemovedFromAFlowThenApplyingTheRealmAgainRebuildsTheFlow() {
        String steps = "/realms/borough/authentication/flows/borough%20direct%20grant/executions";
        JsonNode check = null;
        for (JsonNode step : broker.admin().get(steps)) {
            if (CouncilScopeAuthenticatorFactory.PROVIDER_ID.equals(step.path("providerId").asText())) {
                check = step;
            }
        }
        assertThat(check).as("the scope check in the direct grant flow").isNotNull();
        broker.admin().delete("/realms/borough/authentication/executions/" + check.path("id").asText());

        List<String> changes = broker.reapply();

        assertThat(changes).contains("rebuilt authentication flow 'borough direct grant' (its steps differed from "
                + "the definition)");
        assertThat(broker.admin().get(steps).findValuesAsText("providerId"))
                .containsExactly("borough-direct-grant", CouncilScopeAuthenticatorFactory.PROVIDER_ID);
        assertThat(broker.admin().get("/realms/borough").path("directGrantFlow").asText())
                .isEqualTo("borough direct grant");
        assertThat(app.passwordGrant("lewisham-revenues", broker.lewishamRevenuesSecret(), BRENT_OFFICER, BRENT_PASSWORD,
                "openid council:camden").status()).isEqualTo(400);
    }
}
