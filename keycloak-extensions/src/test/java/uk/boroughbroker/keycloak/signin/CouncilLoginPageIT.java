package uk.boroughbroker.keycloak.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import uk.boroughbroker.keycloak.testing.AgainstTheDemoBroker;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;
import uk.boroughbroker.keycloak.testing.DemoBroker;
import uk.boroughbroker.keycloak.testing.PartnerApp.BrowserLogin;
import uk.boroughbroker.keycloak.testing.PartnerApp.TokenResponse;

/** The council sign-in page, form by form, as a browser posts it. */
@KeycloakIntegrationTest(config = BoroughServerConfig.class)
@DisplayName("The council sign-in page")
class CouncilLoginPageIT extends AgainstTheDemoBroker {

    private BrowserLogin start() {
        return app.startLogin(DemoBroker.WEB_CLIENT, DemoBroker.WEB_REDIRECT);
    }

    @Test
    void whenABareUsernameIsTypedThenTheCouncilIsAskedAndTheChosenCouncilsAccountSignsIn() {
        BrowserLogin login = start().submit("kc-form-login", Map.of("username", "jsmith", "password", "Lewisham!jsmith1"));

        assertThat(login.page()).contains("Which council do you work for?").contains("London Borough of Lewisham")
                .contains("London Borough of Brent").doesNotContain("Lewisham!jsmith1");
        login.submit("borough-council-choice", Map.of("account", "jsmith", "council", "lewisham"));
        assertThat(login.page()).contains("jsmith@lewisham.gov.uk")
                .contains("Sign in with your London Borough of Lewisham account");
        login.submit("kc-form-login", Map.of("username", "jsmith@lewisham.gov.uk", "password", "Lewisham!jsmith1"));

        TokenResponse token = login.token();
        assertThat(token.status()).as(token.body().toString()).isEqualTo(200);
        assertThat(app.verify(token.accessToken()).getClaim("home_council")).isEqualTo("lewisham");
    }

    @Test
    void whenTheCouncilOfAnAddressIsUnknownThenThePageSaysSoAndOffersTheChoice() {
        BrowserLogin login = start().submit("kc-form-login",
                Map.of("username", "jsmith@croydon.gov.uk", "password", "whatever"));

        assertThat(login.page()).contains("We do not recognise the council of").contains("croydon.gov.uk")
                .contains("borough-council-choice");
    }

    @Test
    void whenAStaffMemberUsesTheirDownLevelNameThenTheySignInDirectly() {
        BrowserLogin login = start().submit("kc-form-login",
                Map.of("username", "ISLINGTON\\bmurray", "password", "Islington!bmurray1"));

        TokenResponse token = login.token();
        assertThat(app.verify(token.accessToken()).getClaim("home_council")).isEqualTo("islington");
    }

    @Test
    void whenADisabledAccountsRightPasswordIsGivenThenThePageSaysTheAccountIsDisabled() {
        BrowserLogin login = start().submit("kc-form-login",
                Map.of("username", "ldoyle@haringey.gov.uk", "password", "Haringey!ldoyle1"));

        assertThat(login.page()).contains("Account is disabled");
    }

    @Test
    void whenThePasswordIsWrongThenKeycloaksOwnMessageIsShown() {
        BrowserLogin login = start().submit("kc-form-login",
                Map.of("username", "sfernandes@islington.gov.uk", "password", "nope"));

        assertThat(login.page()).contains("Invalid username or password");
    }
}
