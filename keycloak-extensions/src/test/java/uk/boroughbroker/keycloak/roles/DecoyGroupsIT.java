package uk.boroughbroker.keycloak.roles;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import uk.boroughbroker.keycloak.directory.DirectoryAttributes;
import uk.boroughbroker.keycloak.testing.AgainstTheDemoBroker;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;
import uk.boroughbroker.keycloak.testing.PartnerApp.TokenResponse;

/**
 * Keycloak issue 52048 (issue 11 item 10), through real sign-ins: the demo directories hold decoy
 * groups with the CN of a group the policy maps (in another OU of the same council, and in another
 * council), with members. Their members' directories report the decoy DNs, and they hold no council
 * role.
 */
@KeycloakIntegrationTest(config = BoroughServerConfig.class)
@DisplayName("Decoy groups (Keycloak issue 52048)")
class DecoyGroupsIT extends AgainstTheDemoBroker {

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
        "lnguyen@brent.gov.uk|Brent!lnguyen1|CN=GG-RevBen-Officers,OU=Staff,DC=brent,DC=gov,DC=uk",
        "kboateng@lewisham.gov.uk|Lewisham!kboateng1|CN=GG-RevBen-Officers,OU=Groups,DC=lewisham,DC=gov,DC=uk"})
    @SuppressWarnings("unchecked")
    void whenAMemberOfADecoyGroupSignsInThenTheDecoyGrantsNoRoleAnywhere(String username, String password,
            String decoyDn) throws Exception {
        TokenResponse response = signIn(username, password);

        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        assertThat(directoryGroups(username)).as("the directory reported the decoy, so the policy saw it")
                .anyMatch(dn -> dn.equalsIgnoreCase(decoyDn));
        JWTClaimsSet claims = app.verify(response.accessToken());
        List<String> roles = (List<String>) ((Map<String, Object>) claims.getClaim("realm_access")).get("roles");
        assertThat(roles).noneMatch(role -> role.contains("/"));
        assertThat(claims.getJSONObjectClaim("councils")).isEmpty();
    }

    private List<String> directoryGroups(String username) {
        JsonNode user = broker.admin().get("/realms/borough/users?exact=true&briefRepresentation=false&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8)).path(0);
        List<String> groups = new ArrayList<>();
        user.path("attributes").path(DirectoryAttributes.GROUPS).forEach(dn -> groups.add(dn.asText()));
        return groups;
    }
}
