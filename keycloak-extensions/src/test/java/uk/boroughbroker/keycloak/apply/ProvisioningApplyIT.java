package uk.boroughbroker.keycloak.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import uk.boroughbroker.keycloak.testing.AgainstTheDemoBroker;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;
import uk.boroughbroker.model.provisioning.ScimSystemKeys;
import uk.boroughbroker.realms.AdminApi;
import uk.boroughbroker.realms.ConfigurationException;
import uk.boroughbroker.realms.RealmApplier;
import uk.boroughbroker.realms.RealmDefinition;
import uk.boroughbroker.realms.Variables;

/**
 * {@code provisioning.yaml} applied to the real Keycloak as {@code councils apply} does: its systems
 * become {@code borough-scim-system} components the extension accepts and reads back, a wrong file
 * changes nothing, and a system the file drops is reported, deleted only when pruning. Flat rather
 * than {@code @Nested}: the test framework injects only into the top-level test instance.
 */
@KeycloakIntegrationTest(config = BoroughServerConfig.class)
@DisplayName("Applying provisioning.yaml: borough systems as code")
class ProvisioningApplyIT extends AgainstTheDemoBroker {

    static final String REALM = "borough-provisioning-apply";
    static final String BASE = "/realms/" + REALM;
    static final Path REALMS = Path.of("..", "realms");
    /** The valid system of the realms module's loader tests. */
    static final Path HOUSING_FILE = REALMS.resolve("src/test/resources/provisioning/camden-housing.yaml");

    @TempDir
    Path dir;

    AdminApi admin;
    Map<String, String> values;

    String housing;

    @BeforeEach
    void aFreshRealmWithTheHousingSystem() throws IOException {
        housing = Files.readString(HOUSING_FILE);
        admin = broker.admin();
        values = OwnRealm.variables(broker);
        OwnRealm.deleteIfPresent(admin, BASE);
        new RealmApplier(admin).apply(files(housing));
    }

    RealmDefinition files(String provisioning) {
        try {
            Path borough = Files.createDirectories(dir.resolve("borough"));
            Path demo = Files.createDirectories(dir.resolve("demo"));
            for (String file : List.of("realm.json", "council-federation.json", "user-profile.json")) {
                Files.copy(REALMS.resolve("borough").resolve(file), borough.resolve(file),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            for (String file : List.of("councils.yaml", "policy.yaml")) {
                Files.copy(REALMS.resolve("demo").resolve(file), demo.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.copy(REALMS.resolve("src/test/resources/test-ca.pem"), demo.resolve("test-ca.pem"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(demo.resolve("provisioning.yaml"), provisioning);
            return RealmDefinition.forCouncils(borough, demo.resolve("councils.yaml"), Variables.only(values))
                    .withRealmName(REALM);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<JsonNode> systems() {
        String realmId = admin.get(BASE).path("id").asText();
        List<JsonNode> systems = new java.util.ArrayList<>();
        admin.get(BASE + "/components?parent=" + realmId + "&type=" + ScimSystemKeys.PROVIDER_TYPE)
                .forEach(systems::add);
        return systems;
    }

    @Test
    void whenAppliedThenTheSystemIsAComponentWithItsCouncilsRolesAndAuthAndApplyingAgainChangesNothing() {
        assertThat(systems()).hasSize(1);
        JsonNode system = systems().get(0);
        assertThat(system.path("name").asText()).isEqualTo("camden-housing");
        assertThat(system.path("providerId").asText()).isEqualTo(ScimSystemKeys.PROVIDER_ID);
        JsonNode config = system.path("config");
        assertThat(config.path("baseUrl").path(0).asText()).isEqualTo("https://housing.camden.example/scim/v2");
        assertThat(config.path("clientSecretFile").path(0).asText()).isEqualTo("/run/secrets/camden-housing");
        assertThat(config.path("councils")).extracting(JsonNode::asText).containsExactlyInAnyOrder("camden",
                "islington");
        assertThat(config.path("roles")).extracting(JsonNode::asText).containsExactlyInAnyOrder(
                "camden/housing:caseworker", "islington/housing:caseworker");
        assertThat(config.path("leaverAction").path(0).asText()).isEqualTo("delete");

        assertThat(new RealmApplier(admin).apply(files(housing))).isEmpty();
    }

    @Test
    void whenTheAuthChangesThenTheDryRunSaysWouldUpdateAndTheApplyClearsTheOldAuthSettings() {
        RealmDefinition bearer = files(housing.replace("""
                  auth: client-credentials
                  tokenUrl: https://housing.camden.example/oauth/token
                  clientId: borough-broker
                  clientSecretFile: ${SECRETS:-/run/secrets}/camden-housing
            """, """
                  auth: bearer-file
                  bearerTokenFile: /run/secrets/camden-housing-token
            """));

        assertThat(new RealmApplier(admin, true).apply(bearer)).containsExactly("would update system 'camden-housing'");
        assertThat(systems().get(0).path("config").path("auth").path(0).asText()).isEqualTo("client-credentials");

        assertThat(new RealmApplier(admin).apply(bearer)).containsExactly("updated system 'camden-housing'");
        JsonNode config = systems().get(0).path("config");
        assertThat(config.path("auth").path(0).asText()).isEqualTo("bearer-file");
        assertThat(config.path("bearerTokenFile").path(0).asText()).isEqualTo("/run/secrets/camden-housing-token");
        assertThat(config.has("tokenUrl")).as("cleared: %s", config).isFalse();
        assertThat(config.has("clientSecretFile")).as("cleared: %s", config).isFalse();
    }

    @Test
    void whenTheFileIsWrongThenItNamesTheLineAndNothingChanges() {
        assertThatThrownBy(() -> new RealmApplier(admin).apply(files(housing
                .replace("leavers: delete", "leavers: archive")
                .replace("https://housing.camden.example/scim/v2", "http://housing.camden.example/scim/v2"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("provisioning.yaml:4: system 'camden-housing': baseUrl")
                .hasMessageContaining("provisioning.yaml:11: system 'camden-housing': leavers must be deactivate");

        assertThat(systems()).hasSize(1);
        assertThat(systems().get(0).path("config").path("leaverAction").path(0).asText()).isEqualTo("delete");
        assertThat(systems().get(0).path("config").path("baseUrl").path(0).asText()).startsWith("https:");
    }

    @Test
    void whenTheFileNoLongerDeclaresASystemThenItIsReportedAndOnlyPruningDeletesIt() {
        RealmApplier applier = new RealmApplier(admin);
        assertThat(applier.apply(files("systems: []\n"))).isEmpty();
        assertThat(applier.notices()).singleElement().asString().startsWith("system 'camden-housing' is no longer "
                + "declared in provisioning.yaml").contains("--prune");
        assertThat(systems()).hasSize(1);

        assertThat(new RealmApplier(admin, true).pruning(Clock.systemUTC()).apply(files("systems: []\n")))
                .containsExactly("would delete system 'camden-housing' (no longer declared in provisioning.yaml)");
        assertThat(systems()).hasSize(1);

        assertThat(new RealmApplier(admin).pruning(Clock.systemUTC()).apply(files("systems: []\n")))
                .containsExactly("deleted system 'camden-housing' (no longer declared in provisioning.yaml)");
        assertThat(systems()).isEmpty();
    }
}
