package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;

import com.nimbusds.jwt.JWTClaimsSet;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import uk.boroughbroker.directory.CouncilDirectory;
import uk.boroughbroker.keycloak.testing.AgainstTheDemoBroker;
import uk.boroughbroker.keycloak.testing.DirectoryTraffic;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;
import uk.boroughbroker.keycloak.testing.PartnerApp.TokenResponse;

/** Each council's directory is asked only about its own staff, and identities never cross councils. */
@KeycloakIntegrationTest(config = BoroughServerConfig.class)
@DisplayName("Council routing and collision-safe identities")
class CouncilRoutingIT extends AgainstTheDemoBroker {

    /** Signs in, counting the directory requests the sign-in caused. */
    private DirectoryTraffic.Measured<TokenResponse> measured(String username, String password) {
        return DirectoryTraffic.of(broker, () -> signIn(username, password));
    }

    @Test
    void whenBothJsmithsSignInThenEachGetsTheirOwnIdentityAndCouncil() {
        TokenResponse brent = signIn("jsmith@brent.gov.uk", "Brent!jsmith1");
        TokenResponse lewisham = signIn("jsmith@lewisham.gov.uk", "Lewisham!jsmith1");

        assertThat(brent.status()).as(brent.body().toString()).isEqualTo(200);
        assertThat(lewisham.status()).as(lewisham.body().toString()).isEqualTo(200);
        JWTClaimsSet john = app.verify(brent.accessToken());
        JWTClaimsSet jane = app.verify(lewisham.accessToken());
        assertThat(john.getSubject()).isNotEqualTo(jane.getSubject());
        assertThat(john.getClaim("home_council")).isEqualTo("brent");
        assertThat(jane.getClaim("home_council")).isEqualTo("lewisham");
        assertThat(john.getClaim("name")).isEqualTo("John Smith");
        assertThat(jane.getClaim("name")).isEqualTo("Jane Smith");
    }

    @Test
    void whenOneJsmithUsesTheOtherJsmithsPasswordThenItIsRefused() {
        assertThat(signIn("jsmith@brent.gov.uk", "Lewisham!jsmith1").error()).isEqualTo("invalid_grant");
        assertThat(signIn("jsmith@lewisham.gov.uk", "Brent!jsmith1").error()).isEqualTo("invalid_grant");
    }

    @Test
    void whenStaffUseTheDownLevelLogonNameThenTheyReachTheirCouncil() {
        TokenResponse response = signIn("SOUTHWARK\\rbegum", "Southwark!rbegum1");

        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        JWTClaimsSet claims = app.verify(response.accessToken());
        assertThat(claims.getClaim("home_council")).isEqualTo("southwark");
        assertThat(claims.getClaim("preferred_username")).isEqualTo("rbegum@southwark.gov.uk");
    }

    @Test
    void whenAHaringeyUserSignsInThenOnlyHaringeysDirectoryIsAsked() {
        DirectoryTraffic.Measured<TokenResponse> signIn = measured("ayildiz@haringey.gov.uk", "Haringey!ayildiz1");

        assertThat(signIn.result().status()).as(signIn.result().body().toString()).isEqualTo(200);
        assertThat(signIn.traffic()).containsOnlyKeys("haringey");
    }

    @Test
    void whenAReturningHaringeyUserSignsInThenOnlyHaringeysDirectoryIsAsked() {
        signIn("dcohen@haringey.gov.uk", "Haringey!dcohen1");
        // The sign-ins just after the import read the entry again (Keycloak loads a user it has just
        // invalidated from its store, not its cache); then Keycloak's user cache holds them.
        signIn("dcohen@haringey.gov.uk", "Haringey!dcohen1");
        signIn("dcohen@haringey.gov.uk", "Haringey!dcohen1");
        DirectoryTraffic.Measured<TokenResponse> signIn = measured("dcohen@haringey.gov.uk", "Haringey!dcohen1");

        assertThat(signIn.result().status()).isEqualTo(200);
        // The password check and nothing else: the person comes from Keycloak's user cache, and the
        // check finds their entry by objectGUID, then binds (decision 0015): two requests, at Haringey.
        assertThat(signIn.traffic()).isEqualTo(Map.of("haringey", 2L));
    }

    @Test
    void whenAnUnknownNameOfACouncilIsTriedThenThatDirectoryIsSearchedOnceAndBoundOnceAndNoOtherAtAll() {
        signIn("rkapoor@camden.gov.uk", "Camden!rkapoor1");
        DirectoryTraffic.Measured<TokenResponse> signIn = measured("nobody-here@camden.gov.uk", "whatever");

        assertThat(signIn.result().error()).isEqualTo("invalid_grant");
        // The search, then the bind a wrong password would cost (decision 0015: no timing difference).
        assertThat(signIn.traffic()).isEqualTo(Map.of("camden", 2L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsmith", "nobody", "jsmith@unknown-council.gov.uk", "CROYDON\\jsmith"})
    void whenANameNamesNoCouncilThenNoDirectoryIsAskedAtAll(String username) {
        DirectoryTraffic.Measured<TokenResponse> signIn = measured(username, "Brent!jsmith1");

        assertThat(signIn.result().error()).isEqualTo("invalid_grant");
        assertThat(signIn.traffic()).isEmpty();
    }

    @Test
    void whenAUserIsInNestedGroupsThenTheBrokerUserHasEveryGroupByExactDn() {
        TokenResponse response = signIn("aokafor@brent.gov.uk", "Brent!aokafor1");
        String sub = app.verify(response.accessToken()).getSubject();

        com.fasterxml.jackson.databind.JsonNode user = broker.admin().get("/realms/borough/users/" + sub);

        assertThat(user.path("attributes").path("directoryGroups")).extracting(com.fasterxml.jackson.databind.JsonNode::asText)
                .containsExactlyInAnyOrder(
                        "CN=GG-RevBen-Managers,OU=Groups,DC=brent,DC=gov,DC=uk",
                        "CN=GG-RevBen-Officers,OU=Groups,DC=brent,DC=gov,DC=uk",
                        "CN=GG-AllStaff,OU=Groups,DC=brent,DC=gov,DC=uk");
    }

    @Test
    void whenAUserIsRenamedInActiveDirectoryThenTheyKeepTheSameBrokerIdentity() throws Exception {
        TokenResponse before = signIn("lwong@islington.gov.uk", "Islington!lwong1");
        assertThat(before.status()).as(before.body().toString()).isEqualTo(200);
        String sub = app.verify(before.accessToken()).getSubject();

        CouncilDirectory islington = broker.directories().council("islington");
        try (LDAPConnection ldap = new LDAPConnection("127.0.0.1", islington.port(), islington.bindDn(),
                islington.bindPassword())) {
            ldap.modify("CN=Lily Wong,OU=Staff,DC=islington,DC=gov,DC=uk",
                    new Modification(ModificationType.REPLACE, "sAMAccountName", "lily.wong"),
                    new Modification(ModificationType.REPLACE, "userPrincipalName", "lily.wong@islington.gov.uk"));
        }
        // Known people are answered from Keycloak's user cache, as in stock Keycloak, so the broker
        // sees the rename at its next read of the directory: at most 5 minutes (the federation's
        // cache policy), which the test stands in for by clearing the cache.
        broker.admin().postForJson("/realms/borough/clear-user-cache");
        TokenResponse after = signIn("lily.wong@islington.gov.uk", "Islington!lwong1");

        assertThat(after.status()).as(after.body().toString()).isEqualTo(200);
        JWTClaimsSet claims = app.verify(after.accessToken());
        assertThat(claims.getSubject()).isEqualTo(sub);
        assertThat(claims.getClaim("preferred_username")).isEqualTo("lily.wong@islington.gov.uk");
        assertThat(signIn("lwong@islington.gov.uk", "Islington!lwong1").error())
                .as("the old name no longer signs in").isEqualTo("invalid_grant");
    }

    @Test
    void whenAnAccountIsLockedOrExpiredInActiveDirectoryThenEachIsToldAndAWrongPasswordLearnsNothingMore()
            throws Exception {
        CouncilDirectory camden = broker.directories().council("camden");
        try (LDAPConnection ldap = new LDAPConnection("127.0.0.1", camden.port(), camden.bindDn(), camden.bindPassword())) {
            ldap.modify("CN=Marcus Johnson,OU=Staff,DC=camden,DC=gov,DC=uk",
                    new Modification(ModificationType.REPLACE, "lockoutTime", "133000000000000000"));
            // 1 January 2021 as a Windows FILETIME: expired.
            ldap.modify("CN=Amina Yusuf,OU=Staff,DC=camden,DC=gov,DC=uk",
                    new Modification(ModificationType.REPLACE, "accountExpires", "132539328000000000"));
        }
        try {
            TokenResponse locked = signIn("mjohnson@camden.gov.uk", "Camden!mjohnson1");
            TokenResponse expired = signIn("ayusuf@camden.gov.uk", "Camden!ayusuf1");
            TokenResponse expiredGuess = signIn("ayusuf@camden.gov.uk", "a-guess");

            assertThat(locked.error()).isEqualTo("invalid_grant");
            assertThat(locked.body().path("error_description").asText()).startsWith("Account locked in your council's directory");
            assertThat(expired.error()).isEqualTo("invalid_grant");
            assertThat(expired.body().path("error_description").asText()).startsWith("Account expired");
            assertThat(expiredGuess.body().path("error_description").asText()).as("a wrong password learns nothing")
                    .isEqualTo("Invalid user credentials");
        } finally {
            try (LDAPConnection ldap = new LDAPConnection("127.0.0.1", camden.port(), camden.bindDn(), camden.bindPassword())) {
                ldap.modify("CN=Amina Yusuf,OU=Staff,DC=camden,DC=gov,DC=uk",
                        new Modification(ModificationType.REPLACE, "accountExpires", "0"));
            }
        }
    }

    @Test
    void whenAdHasLockedAnAccountThenRetriesDoNotAddTheBrokersOwnLockoutOnTop() throws Exception {
        CouncilDirectory camden = broker.directories().council("camden");
        String dn = "CN=Marcus Johnson,OU=Staff,DC=camden,DC=gov,DC=uk";
        try (LDAPConnection ldap = new LDAPConnection("127.0.0.1", camden.port(), camden.bindDn(), camden.bindPassword())) {
            ldap.modify(dn, new Modification(ModificationType.REPLACE, "lockoutTime", "133000000000000000"));
            for (int i = 0; i < 7; i++) {
                assertThat(signIn("mjohnson@camden.gov.uk", i % 2 == 0 ? "Camden!mjohnson1" : "a-guess")
                        .body().path("error_description").asText()).startsWith("Account locked");
            }
            // The service desk unlocks the account in AD.
            ldap.modify(dn, new Modification(ModificationType.REPLACE, "lockoutTime", "0"));
        }

        TokenResponse unlocked = signIn("mjohnson@camden.gov.uk", "Camden!mjohnson1");

        assertThat(unlocked.status()).as("AD unlocked the account and the broker added no lockout of its own: "
                + unlocked.body()).isEqualTo(200);
    }

    @Test
    void whenACouncilChoosesNotToRevealLockoutsThenALockedAccountReadsAsInvalidCredentials() throws Exception {
        CouncilDirectory camden = broker.directories().council("camden");
        String dn = "CN=Marcus Johnson,OU=Staff,DC=camden,DC=gov,DC=uk";
        com.fasterxml.jackson.databind.JsonNode federation = broker.admin()
                .get("/realms/borough/components?type=org.keycloak.storage.UserStorageProvider&name=camden").path(0);
        com.fasterxml.jackson.databind.node.ObjectNode quiet = federation.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) quiet.path("config")).putArray("revealLockout").add("false");
        broker.admin().put("/realms/borough/components/" + federation.path("id").asText(), quiet);
        try (LDAPConnection ldap = new LDAPConnection("127.0.0.1", camden.port(), camden.bindDn(), camden.bindPassword())) {
            ldap.modify(dn, new Modification(ModificationType.REPLACE, "lockoutTime", "133000000000000000"));
            TokenResponse locked = signIn("mjohnson@camden.gov.uk", "Camden!mjohnson1");

            assertThat(locked.body().path("error_description").asText()).isEqualTo("Invalid user credentials");
        } finally {
            try (LDAPConnection ldap = new LDAPConnection("127.0.0.1", camden.port(), camden.bindDn(), camden.bindPassword())) {
                ldap.modify(dn, new Modification(ModificationType.REPLACE, "lockoutTime", "0"));
            }
            ((com.fasterxml.jackson.databind.node.ObjectNode) quiet.path("config")).putArray("revealLockout").add("true");
            broker.admin().put("/realms/borough/components/" + federation.path("id").asText(), quiet);
        }
    }

}
