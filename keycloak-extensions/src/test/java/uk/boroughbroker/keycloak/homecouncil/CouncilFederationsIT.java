package uk.boroughbroker.keycloak.homecouncil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.ProtocolMapperTypeRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import uk.boroughbroker.keycloak.testing.AgainstTheDemoBroker;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;
import uk.boroughbroker.realms.AdminApiException;

/** What council IT admins see through the Admin REST API (and so in the admin console). */
@KeycloakIntegrationTest(config = BoroughServerConfig.class)
@DisplayName("The realm as an admin sees it")
class CouncilFederationsIT extends AgainstTheDemoBroker {

    @InjectAdminClient
    Keycloak admin;

    @Test
    void whenAdminsListUserFederationsThenTheSixCouncilsAreCouncilDirectories() {
        RealmRepresentation realm = admin.realm("borough").toRepresentation();

        List<ComponentRepresentation> federations = admin.realm("borough").components()
                .query(realm.getId(), "org.keycloak.storage.UserStorageProvider");

        assertThat(federations).extracting(ComponentRepresentation::getName)
                .containsExactlyInAnyOrder("brent", "lewisham", "southwark", "camden", "islington", "haringey");
        assertThat(federations).allSatisfy(f -> {
            assertThat(f.getProviderId()).isEqualTo("borough-council-directory");
            assertThat(f.getConfig().getFirst("upnSuffixes")).isEqualTo(f.getName() + ".gov.uk");
            assertThat(f.getConfig().getFirst("connectionUrls")).startsWith("ldap://127.0.0.1:");
            assertThat(f.getConfig().getFirst("connectTimeoutMillis")).isNotBlank();
            assertThat(f.getConfig().getFirst("readTimeoutMillis")).isNotBlank();
            assertThat(f.getConfig().getFirst("bindCredential")).isEqualTo("**********");
        });
    }

    @Test
    void whenTheRealmFilesAreAppliedAgainThenNothingChanges() {
        assertThat(broker.reapply()).isEmpty();
    }

    @Test
    void whenTheRealmIsLoadedThenStaffAreNeverAskedToCompleteAProfileTheirDirectoryOwns() {
        assertThat(broker.admin().get("/realms/borough/authentication/required-actions/VERIFY_PROFILE")
                .path("enabled").asBoolean()).isFalse();
    }

    @Test
    void whenTheRealmIsLoadedThenBruteForceProtectionIsOn() {
        assertThat(admin.realm("borough").toRepresentation().isBruteForceProtected()).isTrue();
    }

    @Test
    void whenAnAdminAddsAMapperThenBoroughHomeCouncilIsOfferedWithItsSettings() {
        List<ProtocolMapperTypeRepresentation> types = admin.serverInfo().getInfo().getProtocolMapperTypes()
                .get("openid-connect");

        assertThat(types).filteredOn(t -> t.getId().equals("borough-home-council")).singleElement()
                .satisfies(t -> {
                    assertThat(t.getName()).isEqualTo("Borough home council");
                    assertThat(t.getProperties()).extracting(p -> p.getName()).contains("claim.name");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"borough-home-council", "borough-council-roles"})
    void whenAnAdminSetsAClaimNameToSubThenKeycloakRefusesItWithTheReason(String mapperType) {
        JsonNode scope = broker.admin().get("/realms/borough/client-scopes").findParents("name").stream()
                .filter(s -> s.path("name").asText().equals("council")).findFirst().orElseThrow();
        JsonNode mapper = new ObjectMapper().valueToTree(Map.of("name", "bad " + mapperType, "protocol",
                "openid-connect", "protocolMapper", mapperType, "config", Map.of("claim.name", "sub")));

        assertThatThrownBy(() -> broker.admin().post("/realms/borough/client-scopes/" + scope.path("id").asText()
                + "/protocol-mappers/models", mapper))
                .isInstanceOf(AdminApiException.class)
                .hasMessageContaining("400")
                .hasMessageContaining("Claim name \"sub\" is reserved");
    }
}
