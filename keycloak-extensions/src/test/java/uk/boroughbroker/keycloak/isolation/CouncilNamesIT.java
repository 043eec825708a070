package uk.boroughbroker.keycloak.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import uk.boroughbroker.directory.AdGuid;
import uk.boroughbroker.directory.CouncilDirectory;
import uk.boroughbroker.keycloak.testing.AgainstTheDemoBroker;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;
import uk.boroughbroker.keycloak.testing.PartnerApp.TokenResponse;
import uk.boroughbroker.realms.AdminApiException;

/**
 * One council's directory cannot claim another council's names (issue 11, items 1 and 8): entries
 * are added to Brent's directory the way a careless or hostile Brent AD admin could, and the real
 * Lewisham people they name still sign in as themselves, through real sign-ins. Flat rather than
 * {@code @Nested}: the test framework injects only into the top-level test instance.
 */
@KeycloakIntegrationTest(config = BoroughServerConfig.class)
@DisplayName("A council's directory and other councils' names")
class CouncilNamesIT extends AgainstTheDemoBroker {

    /** Adds a Brent person with the given attributes; password Brent!<account>1, a fresh objectGUID. */
    private String brentPerson(String account, String upn, String mail) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("sAMAccountName", account);
        if (upn != null) {
            attributes.put("userPrincipalName", upn);
        }
        if (mail != null) {
            attributes.put("mail", mail);
        }
        attributes.put("givenName", "Mallory");
        attributes.put("sn", account);
        attributes.put("userAccountControl", "512");
        attributes.put("userPassword", "Brent!" + account + "1");
        attributes.put("objectGUID", AdGuid.toBytes(UUID.randomUUID()));
        return brent().addPerson("Mallory " + account, attributes);
    }

    private CouncilDirectory brent() {
        return broker.directories().council("brent");
    }

    private JWTClaimsSet claims(TokenResponse response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return app.verify(response.accessToken());
    }

    @Test
    void whenABrentEntryClaimsASignedInLewishamPersonsUpnAndMailThenThatPersonStillSignsInAsThemselves() throws Exception {
        JWTClaimsSet before = claims(signIn("eosullivan@lewisham.gov.uk", "Lewisham!eosullivan1"));
        brentPerson("mallorya", "eosullivan@lewisham.gov.uk", "eileen.osullivan@lewisham.gov.uk");

        JWTClaimsSet mallory = claims(signIn("BRENT\\mallorya", "Brent!mallorya1"));
        assertThat(mallory.getStringClaim("preferred_username")).isEqualTo("mallorya@brent.gov.uk");
        assertThat(mallory.getClaim("email")).isNull();
        assertThat(mallory.getClaim("home_council")).isEqualTo("brent");

        JWTClaimsSet after = claims(signIn("eosullivan@lewisham.gov.uk", "Lewisham!eosullivan1"));
        assertThat(after.getSubject()).isEqualTo(before.getSubject());
        assertThat(after.getStringClaim("preferred_username")).isEqualTo("eosullivan@lewisham.gov.uk");
        assertThat(after.getClaim("home_council")).isEqualTo("lewisham");
    }

    @Test
    void whenABrentEntryWithALewishamUpnSignsInFirstThenItIsNamedInBrentAndTheLewishamPersonStillSignsIn() throws Exception {
        brentPerson("malloryb", "dforde@lewisham.gov.uk", "daniel.forde@lewisham.gov.uk");
        JWTClaimsSet mallory = claims(signIn("BRENT\\malloryb", "Brent!malloryb1"));
        assertThat(mallory.getStringClaim("preferred_username")).isEqualTo("malloryb@brent.gov.uk");

        JWTClaimsSet byUpn = claims(signIn("dforde@lewisham.gov.uk", "Lewisham!dforde1"));
        assertThat(byUpn.getStringClaim("preferred_username")).isEqualTo("dforde@lewisham.gov.uk");
        assertThat(byUpn.getClaim("home_council")).isEqualTo("lewisham");
        assertThat(byUpn.getStringClaim("email")).isEqualTo("daniel.forde@lewisham.gov.uk");
        JWTClaimsSet byEmail = claims(signIn("daniel.forde@lewisham.gov.uk", "Lewisham!dforde1"));
        assertThat(byEmail.getSubject()).isEqualTo(byUpn.getSubject());
    }

    @Test
    void whenABrentEntryClaimsAnotherBrentPersonsUpnThenItIsRefusedWithoutAServerErrorAndThatPersonIsUntouched() {
        JWTClaimsSet owner = claims(signIn("aokafor@brent.gov.uk", "Brent!aokafor1"));
        brentPerson("malloryc", "aokafor@brent.gov.uk", null);

        TokenResponse clash = signIn("BRENT\\malloryc", "Brent!malloryc1");
        assertThat(clash.status()).as(clash.body().toString()).isEqualTo(400);
        assertThat(clash.error()).isEqualTo("invalid_grant");

        assertThat(claims(signIn("aokafor@brent.gov.uk", "Brent!aokafor1")).getSubject()).isEqualTo(owner.getSubject());
    }

    @Test
    void whenAnEntryHasNoObjectGuidThenItIsRefusedAsInvalidNotWithAServerError() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("sAMAccountName", "noguid");
        attributes.put("userPrincipalName", "noguid@brent.gov.uk");
        attributes.put("sn", "Guid");
        attributes.put("userAccountControl", "512");
        attributes.put("userPassword", "Brent!noguid1");
        brent().addPerson("No Guid", attributes);

        TokenResponse response = signIn("noguid@brent.gov.uk", "Brent!noguid1");

        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.body().path("error_description").asText()).isEqualTo("Invalid user credentials");
    }

    @Test
    void whenAnAccountIsDeletedAndRecreatedUnderTheSameDnThenItIsANewBrokerUserNeverTheOldOne() throws Exception {
        String dn = brentPerson("recreated", "recreated@brent.gov.uk", null);
        String oldSubject = claims(signIn("recreated@brent.gov.uk", "Brent!recreated1")).getSubject();
        // A returning person: now in Keycloak's user cache, so nothing re-reads their entry by objectGUID.
        for (int i = 0; i < 3; i++) {
            assertThat(claims(signIn("recreated@brent.gov.uk", "Brent!recreated1")).getSubject()).isEqualTo(oldSubject);
        }

        brent().delete(dn);
        brentPerson("recreated", "recreated@brent.gov.uk", null);

        String newSubject = null;
        for (int attempt = 0; attempt < 3 && newSubject == null; attempt++) {
            TokenResponse response = signIn("recreated@brent.gov.uk", "Brent!recreated1");
            if (response.status() == 200) {
                newSubject = app.verify(response.accessToken()).getSubject();
            } else {
                assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
            }
        }
        assertThat(newSubject).as("the re-created account signs in within three tries").isNotNull()
                .isNotEqualTo(oldSubject);
    }

    @Test
    void whenAnAdminChangesADirectoryPersonsNameThenTheUserProfileRefusesItAsReadOnly() {
        claims(signIn("obalogun@lewisham.gov.uk", "Lewisham!obalogun1"));
        JsonNode user = broker.admin().get("/realms/borough/users?exact=true&username=obalogun@lewisham.gov.uk").get(0);
        ObjectNode changed = user.deepCopy();
        changed.put("firstName", "Someone Else");

        assertThatThrownBy(() -> broker.admin().put("/realms/borough/users/" + user.path("id").asText(), changed))
                .isInstanceOfSatisfying(AdminApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("read-only");
        JsonNode metadata = broker.admin().get("/realms/borough/users/" + user.path("id").asText()
                + "?userProfileMetadata=true").path("userProfileMetadata").path("attributes");
        for (JsonNode attribute : metadata) {
            if (attribute.path("name").asText().matches("firstName|lastName|email|username")) {
                assertThat(attribute.path("readOnly").asBoolean()).as(attribute.toString()).isTrue();
            }
        }
    }
}
