package uk.boroughbroker.keycloak.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import uk.boroughbroker.directory.AdGuid;
import uk.boroughbroker.directory.CouncilDirectory;
import uk.boroughbroker.keycloak.testing.AgainstTheDemoBroker;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;
import uk.boroughbroker.keycloak.testing.DemoBroker;
import uk.boroughbroker.keycloak.testing.PartnerApp.BrowserLogin;
import uk.boroughbroker.keycloak.testing.PartnerApp.TokenResponse;

/**
 * A guesser gets nothing from a leaver's disabled account or from timing (issue 11, items 2 and 9):
 * every wrong password counts towards brute-force protection, in the password grant and on the
 * sign-in page; once locked, the answer is the generic one whatever the password; and a name the
 * council's directory does not know costs that directory the same bind a wrong password does. Flat
 * rather than {@code @Nested}: the test framework injects only into the top-level test instance.
 */
@KeycloakIntegrationTest(config = BoroughServerConfig.class)
@DisplayName("Password guessing")
class PasswordGuessingIT extends AgainstTheDemoBroker {

    private static final int FAILURE_FACTOR = 5;

    /** A leaver: a disabled account (userAccountControl 514) with password <Council>!<account>1. */
    private String leaver(String council, String account) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("sAMAccountName", account);
        attributes.put("userPrincipalName", account + "@" + council + ".gov.uk");
        attributes.put("givenName", "Lee");
        attributes.put("sn", "Vers");
        attributes.put("userAccountControl", "514");
        attributes.put("userPassword", password(council, account));
        attributes.put("objectGUID", AdGuid.toBytes(UUID.randomUUID()));
        broker.directories().council(council).addPerson("Leaver " + account, attributes);
        return account + "@" + council + ".gov.uk";
    }

    private static String password(String council, String account) {
        return Character.toUpperCase(council.charAt(0)) + council.substring(1) + "!" + account + "1";
    }

    private JsonNode bruteForceStatus(String username) {
        String id = broker.admin().get("/realms/borough/users?exact=true&username=" + username).get(0).path("id").asText();
        return broker.admin().get("/realms/borough/attack-detection/brute-force/users/" + id);
    }

    @Test
    void whenALeaversDisabledAccountIsGuessedByPasswordGrantThenWrongPasswordsCountAndOnceLockedTheRightOneIsNotTold() {
        String leaver = leaver("southwark", "leaverdg");
        String right = password("southwark", "leaverdg");
        TokenResponse told = signIn(leaver, right);
        assertThat(told.status()).isEqualTo(400);
        assertThat(told.body().path("error_description").asText()).as("not locked, right password").isEqualTo("Account disabled");

        for (int i = 1; i <= FAILURE_FACTOR; i++) {
            TokenResponse wrong = signIn(leaver, "Guess" + i);
            assertThat(wrong.body().path("error_description").asText()).isEqualTo("Invalid user credentials");
        }

        assertThat(bruteForceStatus(leaver).path("numFailures").asInt()).isPositive();
        assertThat(bruteForceStatus(leaver).path("disabled").asBoolean()).as("locked by brute-force protection").isTrue();
        TokenResponse locked = signIn(leaver, right);
        assertThat(locked.status()).isEqualTo(400);
        assertThat(locked.body().path("error_description").asText()).isEqualTo("Invalid user credentials");
    }

    private BrowserLogin attempt(String username, String password) {
        // A new browser each time (no single sign-on from an earlier attempt).
        return broker.partnerApp().startLogin(DemoBroker.WEB_CLIENT, DemoBroker.WEB_REDIRECT)
                .submit("kc-form-login", Map.of("username", username, "password", password));
    }

    @Test
    void whenALeaversDisabledAccountIsGuessedOnTheSignInPageThenWrongPasswordsCountAndOnceLockedTheRightOneIsNotTold() {
        String leaver = leaver("camden", "leaverbr");
        String right = password("camden", "leaverbr");
        assertThat(attempt(leaver, right).page()).contains("Account is disabled");

        for (int i = 1; i <= FAILURE_FACTOR; i++) {
            assertThat(attempt(leaver, "Guess" + i).page()).contains("Invalid username or password");
        }

        assertThat(bruteForceStatus(leaver).path("numFailures").asInt()).isPositive();
        assertThat(bruteForceStatus(leaver).path("disabled").asBoolean()).as("locked by brute-force protection").isTrue();
        String page = attempt(leaver, right).page();
        assertThat(page).doesNotContain("Account is disabled").contains("Invalid username or password");
    }

    @Test
    void whenANameTheCouncilsDirectoryDoesNotKnowIsTriedThenItCostsABindAsAWrongPasswordDoesAndGetsTheSameAnswer() {
        CouncilDirectory haringey = broker.directories().council("haringey");
        assertThat(signIn("mlopes@haringey.gov.uk", "Haringey!mlopes1").status()).isEqualTo(200);

        long before = haringey.bindCount();
        TokenResponse wrongPassword = signIn("mlopes@haringey.gov.uk", "Haringey!wrong1");
        long wrongPasswordBinds = haringey.bindCount() - before;

        before = haringey.bindCount();
        TokenResponse unknown = signIn("nobody" + UUID.randomUUID().toString().substring(0, 8) + "@haringey.gov.uk",
                "Haringey!wrong1");
        long unknownBinds = haringey.bindCount() - before;

        assertThat(wrongPasswordBinds).as("a wrong password costs a bind").isPositive();
        assertThat(unknownBinds).as("an unknown name costs a bind too").isPositive();
        assertThat(unknown.status()).isEqualTo(wrongPassword.status());
        assertThat(unknown.body().path("error").asText()).isEqualTo(wrongPassword.body().path("error").asText());
        assertThat(unknown.body().path("error_description").asText())
                .isEqualTo(wrongPassword.body().path("error_description").asText());
    }

    @Test
    void whenANameTheCouncilsDirectoryDoesNotKnowIsTypedOnTheSignInPageThenItCostsABindAndGetsKeycloaksOwnAnswer() {
        CouncilDirectory islington = broker.directories().council("islington");
        assertThat(attempt("cevans@islington.gov.uk", "Islington!cevans1").finished()).isTrue();

        long before = islington.bindCount();
        String page = attempt("nobody" + UUID.randomUUID().toString().substring(0, 8) + "@islington.gov.uk",
                "Islington!wrong1").page();

        assertThat(islington.bindCount() - before).as("an unknown name costs a bind, as a wrong password does")
                .isPositive();
        assertThat(page).contains("Invalid username or password");
    }
}
