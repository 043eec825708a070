package uk.boroughbroker.realms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvisioningTest {

    @TempDir
    Path dir;

    /** A valid system, as the apply IT applies it too. */
    static final Path CAMDEN_HOUSING_FILE = Path.of("src", "test", "resources", "provisioning", "camden-housing.yaml");
    private static final String CAMDEN_HOUSING = read(CAMDEN_HOUSING_FILE);

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Provisioning load(String text) throws IOException {
        return load(text, Variables.only(Map.of()));
    }

    private Provisioning load(String text, Variables variables) throws IOException {
        Path file = Files.writeString(dir.resolve("provisioning.yaml"), text);
        return ProvisioningLoader.load(file, PolicyTest.councils(), Optional.of(PolicyTest.demo()), variables);
    }

    @Nested
    class TheDemoFile {

        private Provisioning demo(Map<String, String> variables) {
            return ProvisioningLoader.load(Path.of("demo", ProvisioningLoader.FILE), PolicyTest.councils(),
                    Optional.of(PolicyTest.demo()), Variables.only(variables));
        }

        @Test
        void declaresNoSystemUnlessTheLauncherSwitchesTheDemoHousingSystemOn() {
            assertThat(demo(Map.of()).systems()).isEmpty();
        }

        @Test
        void switchedOnDeclaresCamdenHousingAtTheUrlsAndSecretFileTheLauncherGives() {
            Provisioning.ScimSystem housing = demo(Map.of("DEMO_HOUSING_SYSTEM", "true",
                    "DEMO_HOUSING_SCIM_URL", "http://localhost:18080/realms/camden-housing/scim/v2",
                    "DEMO_HOUSING_SECRET_FILE", "/home/me/.borough-broker/camden-housing.secret")).systems().get(0);

            assertThat(housing.name()).isEqualTo("camden-housing");
            assertThat(housing.config())
                    .containsEntry("baseUrl", List.of("http://localhost:18080/realms/camden-housing/scim/v2"))
                    .containsEntry("clientSecretFile", List.of("/home/me/.borough-broker/camden-housing.secret"))
                    .containsEntry("councils", List.of("camden", "islington"))
                    .containsEntry("groups", List.of("true"))
                    .containsEntry("roles", List.of());
        }
    }

    @Nested
    class SwitchedOff {

        @Test
        void aSystemWithEnabledFalseIsCheckedThenLeftOutAsIfNotDeclared() throws IOException {
            assertThat(load(CAMDEN_HOUSING.replace("  - id: camden-housing\n", "  - id: camden-housing\n    enabled: false\n"))
                    .systems()).isEmpty();
            assertThatThrownBy(() -> load(CAMDEN_HOUSING.replace("  - id: camden-housing\n",
                    "  - id: camden-housing\n    enabled: false\n").replace("leavers: delete", "leavers: shred")))
                    .hasMessageContaining("leavers must be deactivate");
        }

        @Test
        void enabledMayComeFromAVariableAndMustBeTrueOrFalse() throws IOException {
            String switched = CAMDEN_HOUSING.replace("  - id: camden-housing\n",
                    "  - id: camden-housing\n    enabled: ${HOUSING_ON:-false}\n");
            assertThat(load(switched).systems()).isEmpty();
            assertThat(load(switched, Variables.only(Map.of("HOUSING_ON", "true"))).systems()).hasSize(1);
            assertThatThrownBy(() -> load(switched, Variables.only(Map.of("HOUSING_ON", "yes"))))
                    .hasMessageContaining("system 'camden-housing': enabled must be true or false");
        }
    }

    @Nested
    class AValidSystem {

        @Test
        void becomesTheComponentSettingsWithCatalogueRolesAtEachOfItsCouncils() throws IOException {
            Provisioning.ScimSystem system = load(CAMDEN_HOUSING).systems().get(0);

            assertThat(system.name()).isEqualTo("camden-housing");
            assertThat(system.config())
                    .containsEntry("baseUrl", List.of("https://housing.camden.example/scim/v2"))
                    .containsEntry("auth", List.of("client-credentials"))
                    .containsEntry("clientSecretFile", List.of("/run/secrets/camden-housing"))
                    .containsEntry("councils", List.of("camden", "islington"))
                    .containsEntry("roles", List.of("camden/housing:caseworker", "islington/housing:caseworker"))
                    .containsEntry("leaverAction", List.of("delete"))
                    .containsEntry("threads", List.of("4"))
                    .containsEntry("allowPlainHttp", List.of("false"))
                    .containsEntry("groups", List.of("false"));
        }

        @Test
        void variablesComeFromTheEnvironmentAsInTheCouncilsFile() throws IOException {
            Provisioning loaded = load(CAMDEN_HOUSING, Variables.only(Map.of("SECRETS", "/etc/broker")));

            assertThat(loaded.systems().get(0).config()).containsEntry("clientSecretFile",
                    List.of("/etc/broker/camden-housing"));
        }

        @Test
        void withoutRolesAnyoneOfItsCouncilsQualifiesAndLeaversAreDeactivated() throws IOException {
            Provisioning.ScimSystem system = load("""
                    systems:
                      - id: brent-revenues
                        scim: { baseUrl: "https://rev.example/scim", auth: bearer-file, bearerTokenFile: /run/t }
                        people: { councils: [brent] }
                    """).systems().get(0);

            assertThat(system.config()).containsEntry("roles", List.of()).containsEntry("leaverAction",
                    List.of("deactivate"));
        }
    }

    @Nested
    class AWrongFile {

        @Test
        void namesEveryProblemWithItsLineAtOnce() {
            assertThatThrownBy(() -> load("""
                    systems:
                      - id: camden-housing
                        scim:
                          baseUrl: http://housing.camden.example/scim/v2
                          auth: client-credentials
                          tokenUrl: https://housing.camden.example/oauth/token
                          clientSecret: hunter2
                        people:
                          councils: [camden, croydon]
                          roles: [housing:caseworker, housing:director]
                        leavers: archive
                      - id: camden-housing
                        scim: { baseUrl: "not a url", auth: bearer-file }
                        people: { councils: [camden] }
                    """))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("provisioning.yaml is not a valid provisioning file; nothing of it was applied")
                    .hasMessageContaining("provisioning.yaml:4: system 'camden-housing': baseUrl "
                            + "'http://housing.camden.example/scim/v2' is plain http; use https, or set allowPlainHttp")
                    .hasMessageContaining("provisioning.yaml:7: system 'camden-housing': 'clientSecret': never put a "
                            + "secret in the file")
                    .hasMessageContaining("provisioning.yaml:3: system 'camden-housing': auth client-credentials needs "
                            + "clientId")
                    .hasMessageContaining("needs exactly one of clientSecretFile")
                    .hasMessageContaining("provisioning.yaml:9: system 'camden-housing': council 'croydon' is not in "
                            + "councils.yaml")
                    .hasMessageContaining("provisioning.yaml:10: system 'camden-housing': role 'housing:director' is "
                            + "not in the catalogue")
                    .hasMessageContaining("provisioning.yaml:11: system 'camden-housing': leavers must be deactivate")
                    .hasMessageContaining("provisioning.yaml:12: system 'camden-housing': id is already used by the "
                            + "system at ")
                    .hasMessageContaining("provisioning.yaml:13: system 'camden-housing': baseUrl 'not a url' is not")
                    .hasMessageContaining("auth bearer-file needs bearerTokenFile");
        }

        @Test
        void aSecretEnvironmentVariableMustBeANameNotTheSecret() {
            assertThatThrownBy(() -> load(CAMDEN_HOUSING.replace("clientSecretFile: ${SECRETS:-/run/secrets}/camden-housing",
                    "clientSecretEnv: s3cr3t-v@lue")))
                    .hasMessageContaining("clientSecretEnv must be the NAME of an environment variable");
        }

        @Test
        void anUnsetVariableIsNamedWithItsLine() {
            assertThatThrownBy(() -> load(CAMDEN_HOUSING.replace("${SECRETS:-/run/secrets}", "${SECRETS}")))
                    .hasMessageContaining("provisioning.yaml:8: system 'camden-housing': clientSecretFile: variable "
                            + "SECRETS is not set");
        }

        @Test
        void rolesNeedAPolicyCatalogue() throws IOException {
            Path file = Files.writeString(dir.resolve("provisioning.yaml"), CAMDEN_HOUSING);

            assertThatThrownBy(() -> ProvisioningLoader.load(file, PolicyTest.councils(), Optional.empty(),
                    Variables.only(Map.of())))
                    .hasMessageContaining("role 'housing:caseworker': there is no policy.yaml");
        }

        @Test
        void anOutOfRangeNumberSaysTheBounds() {
            assertThatThrownBy(() -> load(CAMDEN_HOUSING.replace("threads: 4", "threads: 40")))
                    .hasMessageContaining("provisioning.yaml:9: system 'camden-housing': threads must be a whole number "
                            + "from 1 to 8");
        }
    }
}
