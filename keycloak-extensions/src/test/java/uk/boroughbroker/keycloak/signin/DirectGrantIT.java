package uk.boroughbroker.keycloak.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.ParseException;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import uk.boroughbroker.keycloak.testing.AgainstTheDemoBroker;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;
import uk.boroughbroker.keycloak.testing.DemoBroker;
import uk.boroughbroker.keycloak.testing.PartnerApp.TokenResponse;

/** Staff of every council sign in with the password grant against their own council's directory. */
@KeycloakIntegrationTest(config = BoroughServerConfig.class)
@DisplayName("Password grant (direct grant) against the council directories")
class DirectGrantIT extends AgainstTheDemoBroker {

    @Test
    void whenABrentOfficerSignsInThenTheAccessTokenSaysBrentAndVerifiesAgainstTheRealmKeys() {
        TokenResponse response = signIn("aokafor@brent.gov.uk", "Brent!aokafor1");

        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        JWTClaimsSet claims = app.verify(response.accessToken());
        assertThat(claims.getClaim("home_council")).isEqualTo("brent");
        assertThat(claims.getClaim("preferred_username")).isEqualTo("aokafor@brent.gov.uk");
        assertThat(claims.getClaim("email")).isEqualTo("adaeze.okafor@brent.gov.uk");
    }

    @Test
    void whenABrentOfficerSignsInThenTheIdTokenAndUserinfoSayBrentToo() throws ParseException {
        TokenResponse response = signIn("aokafor@brent.gov.uk", "Brent!aokafor1");

        assertThat(app.verify(response.idToken()).getStringClaim("home_council")).isEqualTo("brent");
        assertThat(app.userinfo(response.accessToken()).path("home_council").asText()).isEqualTo("brent");
    }

    @Test
    void whenABrentOfficerSignsInThenCouncilRolesAreInTheAccessTokenAndUserinfoButNotTheIdToken() {
        TokenResponse response = signIn("aokafor@brent.gov.uk", "Brent!aokafor1");

        // Decision 0017's amendment: the ID token says who signed in, the access token what they may do.
        assertThat(app.verify(response.accessToken()).getClaim("councils")).asString().contains("brent");
        assertThat(app.userinfo(response.accessToken()).path("councils").has("brent")).isTrue();
        assertThat(app.verify(response.idToken()).getClaim("councils")).isNull();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "brent, aokafor", "lewisham, obalogun", "southwark, tadeyemi",
        "camden, rkapoor", "islington, akaur", "haringey, easamoah"})
    void whenStaffOfAnyCouncilSignInThenHomeCouncilIsTheirOwn(String council, String username) {
        String password = Character.toUpperCase(council.charAt(0)) + council.substring(1) + "!" + username + "1";

        TokenResponse response = signIn(username + "@" + council + ".gov.uk", password);

        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        assertThat(app.verify(response.accessToken()).getClaim("home_council")).isEqualTo(council);
    }

    @Test
    void whenThePasswordIsWrongThenInvalidGrant() {
        TokenResponse response = signIn("mgarcia@southwark.gov.uk", "not-the-password");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("invalid_grant");
        assertThat(response.accessToken()).isNull();
    }

    @Test
    void whenTheAccountIsDisabledInActiveDirectoryThenTheRightPasswordIsToldItIsDisabled() {
        TokenResponse response = signIn("gthompson@brent.gov.uk", "Brent!gthompson1");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("invalid_grant");
        assertThat(response.body().path("error_description").asText()).isEqualTo("Account disabled");
        assertThat(response.accessToken()).isNull();
    }

    @Test
    void whenTheAccountIsDisabledAndThePasswordIsWrongThenNothingIsRevealed() {
        TokenResponse response = signIn("rlewis@lewisham.gov.uk", "a-guess");

        assertThat(response.error()).isEqualTo("invalid_grant");
        assertThat(response.body().path("error_description").asText()).isEqualTo("Invalid user credentials");
    }

    @Test
    void whenNoCouncilKnowsTheUsernameThenInvalidGrant() {
        TokenResponse response = signIn("nobody-at-all@brent.gov.uk", "whatever");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("invalid_grant");
    }

    @Test
    void whenAServiceSignsInAsItselfThenItsTokenHasNoHomeCouncil() {
        TokenResponse response = app.clientCredentials(DemoBroker.SERVICE_CLIENT, broker.serviceSecret());

        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        assertThat(app.verify(response.accessToken()).getClaims()).doesNotContainKey("home_council");
    }
}
