package uk.boroughbroker.keycloak.signin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import uk.boroughbroker.keycloak.testing.AgainstTheDemoBroker;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;
import uk.boroughbroker.keycloak.testing.DemoBroker;
import uk.boroughbroker.keycloak.testing.PartnerApp.TokenResponse;

/** A public web or mobile app signs staff in through the login page with PKCE (S256). */
@KeycloakIntegrationTest(config = BoroughServerConfig.class)
@DisplayName("Authorization code with PKCE through the login page")
class AuthorizationCodePkceIT extends AgainstTheDemoBroker {

    @Test
    void whenABrentUserSignsInOnTheLoginPageThenTheTokenSaysBrentAndVerifies() {
        TokenResponse response = app.authorizationCodeWithPkce(DemoBroker.WEB_CLIENT, DemoBroker.WEB_REDIRECT,
                "jsmith@brent.gov.uk", "Brent!jsmith1");

        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        assertThat(app.verify(response.accessToken()).getClaim("home_council")).isEqualTo("brent");
        assertThat(app.verify(response.idToken()).getClaim("home_council")).isEqualTo("brent");
    }

    @Test
    void whenAHaringeyUserSignsInOnTheLoginPageThenTheTokenSaysHaringey() {
        TokenResponse response = app.authorizationCodeWithPkce(DemoBroker.WEB_CLIENT, DemoBroker.WEB_REDIRECT,
                "skhan@haringey.gov.uk", "Haringey!skhan1");

        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        assertThat(app.verify(response.accessToken()).getClaim("home_council")).isEqualTo("haringey");
    }

    @Test
    void whenTheCodeVerifierIsMissingThenTheCodeIsNotExchanged() {
        TokenResponse response = app.authorizationCodeWithoutVerifier(DemoBroker.WEB_CLIENT, DemoBroker.WEB_REDIRECT,
                "ebrennan@camden.gov.uk", "Camden!ebrennan1");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("invalid_grant");
    }

    @Test
    void whenThePasswordIsWrongThenTheLoginPageStaysAndNoCodeIsIssued() {
        TokenResponse response = app.authorizationCodeWithPkce(DemoBroker.WEB_CLIENT, DemoBroker.WEB_REDIRECT,
                "mosei@islington.gov.uk", "wrong");

        assertThat(response.error()).isEqualTo("login_failed");
        assertThat(response.body().path("page").asText()).contains("Invalid username or password");
    }

    @Test
    void whenThePublicClientTriesThePasswordGrantThenItIsRefused() {
        TokenResponse response = app.passwordGrant(DemoBroker.WEB_CLIENT, "", "akaur@islington.gov.uk", "Islington!akaur1");

        assertThat(response.status()).isIn(400, 401);
        assertThat(response.error()).isEqualTo("unauthorized_client");
    }
}
