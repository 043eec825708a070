package uk.boroughbroker.keycloak.realad;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.ldap.sdk.LDAPURL;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;
import uk.boroughbroker.directory.samba.SambaDomain;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;
import uk.boroughbroker.keycloak.testing.DemoBroker;
import uk.boroughbroker.keycloak.testing.PartnerApp;
import uk.boroughbroker.keycloak.testing.PartnerApp.TokenResponse;
import uk.boroughbroker.keycloak.testing.RealAdBroker;

/**
 * The federation against real Active Directory: two Samba AD domain controllers (Brent over LDAPS,
 * Lewisham over StartTLS, both verified against the test CA), seeded with the demo staff and a test
 * account in each AD account state. Skipped where Samba cannot run, except in CI.
 * Flat rather than {@code @Nested}: the test framework injects only into the top-level instance.
 */
@KeycloakIntegrationTest(config = BoroughServerConfig.class)
@DisplayName("Real Active Directory (Samba AD DCs)")
class RealActiveDirectoryIT {

    private static final String ALLSTAFF = "CN=GG-AllStaff,OU=Groups,DC=brent,DC=gov,DC=uk";
    private static final String OFFICERS = "CN=GG-RevBen-Officers,OU=Groups,DC=brent,DC=gov,DC=uk";
    private static final String MANAGERS = "CN=GG-RevBen-Managers,OU=Groups,DC=brent,DC=gov,DC=uk";

    @InjectKeycloakUrls
    KeycloakUrls urls;

    private RealAdBroker broker;
    private PartnerApp app;

    @BeforeEach
    void connect() {
        broker = RealAdBroker.ensure(urls);
        app = broker.partnerApp();
    }

    private TokenResponse signIn(String username, String password) {
        return app.passwordGrant(DemoBroker.SERVICE_CLIENT, broker.serviceSecret(), username, password);
    }

    private String base() {
        return "/realms/" + RealAdBroker.REALM;
    }

    @Test
    void whenBothJsmithsSignInThenEachGetsTheirOwnIdentityAndNotTheOthersPassword() throws Exception {
        TokenResponse brent = signIn("jsmith@brent.gov.uk", "Brent!jsmith1");
        TokenResponse lewisham = signIn("LEWISHAM\\jsmith", "Lewisham!jsmith1");

        assertThat(brent.status()).as(brent.body().toString()).isEqualTo(200);
        assertThat(lewisham.status()).as(lewisham.body().toString()).isEqualTo(200);
        JWTClaimsSet brentClaims = app.verify(brent.accessToken());
        JWTClaimsSet lewishamClaims = app.verify(lewisham.accessToken());
        assertThat(brentClaims.getSubject()).isNotEqualTo(lewishamClaims.getSubject());
        assertThat(brentClaims.getStringClaim("home_council")).isEqualTo("brent");
        assertThat(lewishamClaims.getStringClaim("home_council")).isEqualTo("lewisham");
        assertThat(signIn("jsmith@brent.gov.uk", "Lewisham!jsmith1").error()).isEqualTo("invalid_grant");
        assertThat(signIn("jsmith@lewisham.gov.uk", "Brent!jsmith1").error()).isEqualTo("invalid_grant");
    }

    @Test
    void whenAPersonIsInAGroupInsideAGroupThenEveryLevelIsResolvedAndGivesItsRoles() throws Exception {
        TokenResponse response = signIn("aokafor@brent.gov.uk", "Brent!aokafor1");

        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        assertThat(groups("aokafor@brent.gov.uk")).containsExactlyInAnyOrder(MANAGERS, OFFICERS, ALLSTAFF);
        assertThat(app.verify(response.accessToken()).getJSONObjectClaim("councils")).containsKeys("brent", "lewisham");
    }

    @Test
    void whenGroupsAreResolvedByTheInChainRuleOrByTheBrokersWalkThenBothGiveTheSameGroups() throws Exception {
        List<String> byAuto = signInAndReadGroups("aokafor@brent.gov.uk", "Brent!aokafor1");
        try {
            // Depth 0 stops the walk at direct groups, so only the in-chain rule can still see all three.
            configureBrent("groupResolution", "auto", "groupNestingDepth", "0");
            List<String> byInChain = signInAndReadGroups("aokafor@brent.gov.uk", "Brent!aokafor1");
            configureBrent("groupResolution", "walk", "groupNestingDepth", "10");
            List<String> byWalk = signInAndReadGroups("aokafor@brent.gov.uk", "Brent!aokafor1");
            configureBrent("groupResolution", "walk", "groupNestingDepth", "0");
            List<String> byShortWalk = signInAndReadGroups("aokafor@brent.gov.uk", "Brent!aokafor1");

            assertThat(byInChain).as("auto uses AD's in-chain rule").containsExactlyInAnyOrderElementsOf(byAuto)
                    .containsExactlyInAnyOrder(MANAGERS, OFFICERS, ALLSTAFF);
            assertThat(byWalk).as("the walk gives the same groups").containsExactlyInAnyOrderElementsOf(byInChain);
            assertThat(byShortWalk).as("a walk of depth 0 keeps direct groups only").containsExactly(MANAGERS);
        } finally {
            broker.reapply();
        }
    }

    @Test
    void whenEachAccountStateSignsInWithTheRightPasswordThenEachIsToldItsOwnReason() {
        assertThat(description("gthompson@brent.gov.uk", "Brent!gthompson1")).isEqualTo("Account disabled");
        assertThat(description("lockedout@brent.gov.uk", "Brent!lockedout1"))
                .startsWith("Account locked in your council's directory");
        assertThat(description("expired@brent.gov.uk", "Brent!expired1")).startsWith("Account expired");
        assertThat(description("pwdexpired@brent.gov.uk", "Brent!pwdexpired1")).startsWith("Your password has expired");
        assertThat(description("mustchange@lewisham.gov.uk", "Lewisham!mustchange1"))
                .startsWith("You must change your password");
    }

    @Test
    void whenAWrongPasswordIsGivenForAnAccountInAnyStateThenNothingMoreThanInvalidIsTold() {
        for (String account : new String[] {"gthompson", "expired", "pwdexpired", "mustchange"}) {
            assertThat(description(account + "@brent.gov.uk", "a-guess")).as(account).isEqualTo("Invalid user credentials");
        }
    }

    @Test
    void whenTheDirectoriesAreTestedThenLdapsAndStartTlsVerifyAgainstTheCouncilsCa() {
        for (String council : new String[] {"brent", "lewisham"}) {
            JsonNode test = broker.admin().postForJson(base() + "/borough-councils/" + council + "/test");
            assertThat(test.path("ok").asBoolean()).as(test.toString()).isTrue();
        }
    }

    @Test
    void whenTheDirectorysCertificateIsNotSignedByTheCouncilsCaThenTheBrokerRefusesItAndSaysWhy() throws Exception {
        String wrongCa = Files.readString(broker.domain("brent").wrongCaCertificate());
        try {
            configureBrent("trustedCertificates", wrongCa);

            JsonNode test = broker.admin().postForJson(base() + "/borough-councils/brent/test");
            TokenResponse signIn = signIn("jsmith@brent.gov.uk", "Brent!jsmith1");

            assertThat(test.path("ok").asBoolean()).isFalse();
            assertThat(test.path("problem").asText()).contains("brent").contains("not signed by a trusted CA");
            assertThat(signIn.status()).as(signIn.body().toString()).isEqualTo(503);
            assertThat(signIn("jsmith@lewisham.gov.uk", "Lewisham!jsmith1").status())
                    .as("the other council is not affected").isEqualTo(200);
        } finally {
            broker.reapply();
        }
        assertThat(signIn("jsmith@brent.gov.uk", "Brent!jsmith1").status()).as("trusted again").isEqualTo(200);
    }

    /**
     * Issue 11 item 8: the right CA is not enough, the certificate must name the host the broker
     * asked for. Each council's own DC, reached through a relay on 127.0.0.1 (a name its certificate,
     * for dc-brent.brent.gov.uk and 127.0.0.11, does not carry), over LDAPS (Brent) and StartTLS
     * (Lewisham): refused, with the reason, and nothing is sent before TLS verifies.
     */
    @Test
    void whenTheDirectorysCertificateIsFromTheCouncilsCaButForAnotherHostThenTheBrokerRefusesItAndSaysWhy()
            throws Exception {
        SambaDomain brentDc = broker.domain("brent");
        SambaDomain lewishamDc = broker.domain("lewisham");
        LDAPURL ldaps = new LDAPURL(brentDc.ldapsUrl());
        LDAPURL ldap = new LDAPURL(lewishamDc.ldapUrl());
        try (TcpRelay toBrent = TcpRelay.to(ldaps.getHost(), ldaps.getPort());
                TcpRelay toLewisham = TcpRelay.to(ldap.getHost(), ldap.getPort())) {
            configure("brent", "connectionUrls", "ldaps://127.0.0.1:" + toBrent.port());
            configure("lewisham", "connectionUrls", "ldap://127.0.0.1:" + toLewisham.port());

            for (String council : new String[] {"brent", "lewisham"}) {
                JsonNode test = broker.admin().postForJson(base() + "/borough-councils/" + council + "/test");
                assertThat(test.path("ok").asBoolean()).as(council + ": " + test).isFalse();
                assertThat(test.path("problem").asText()).as(council).contains(council)
                        .contains("does not name the host").contains("127.0.0.1");
            }
            TokenResponse brent = signIn("jsmith@brent.gov.uk", "Brent!jsmith1");
            TokenResponse lewisham = signIn("jsmith@lewisham.gov.uk", "Lewisham!jsmith1");
            assertThat(brent.status()).as(brent.body().toString()).isEqualTo(503);
            assertThat(lewisham.status()).as(lewisham.body().toString()).isEqualTo(503);
            assertThat(toBrent.connections()).as("Brent's DC was reached, and refused for its name").isPositive();
            assertThat(toLewisham.connections()).as("Lewisham's DC was reached, and refused for its name").isPositive();
        } finally {
            broker.reapply();
        }
        assertThat(signIn("jsmith@brent.gov.uk", "Brent!jsmith1").status()).as("Brent by its own name").isEqualTo(200);
        assertThat(signIn("jsmith@lewisham.gov.uk", "Lewisham!jsmith1").status()).as("Lewisham").isEqualTo(200);
    }

    private String description(String username, String password) {
        TokenResponse response = signIn(username, password);
        assertThat(response.status()).as(username + ": " + response.body()).isIn(400, 401);
        return response.body().path("error_description").asText();
    }

    private List<String> signInAndReadGroups(String username, String password) {
        broker.admin().postForJson(base() + "/clear-user-cache");
        TokenResponse response = signIn(username, password);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return groups(username);
    }

    private List<String> groups(String username) {
        JsonNode user = broker.admin().get(base() + "/users?exact=true&briefRepresentation=false&username="
                + java.net.URLEncoder.encode(username, java.nio.charset.StandardCharsets.UTF_8)).path(0);
        List<String> groups = new ArrayList<>();
        user.path("attributes").path("directoryGroups").forEach(g -> groups.add(g.asText()));
        return groups;
    }

    /** Changes settings of Brent's federation (key, value, key, value...); the test restores them by re-applying. */
    private void configureBrent(String... settings) {
        configure("brent", settings);
    }

    private void configure(String council, String... settings) {
        JsonNode federation = broker.admin().get(base() + "/components?type=org.keycloak.storage.UserStorageProvider&name="
                + council).path(0);
        ObjectNode changed = federation.deepCopy();
        for (int i = 0; i < settings.length; i += 2) {
            ((ObjectNode) changed.path("config")).putArray(settings[i]).add(settings[i + 1]);
        }
        broker.admin().put(base() + "/components/" + federation.path("id").asText(), changed);
    }
}
