package uk.boroughbroker.realms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyTest {

    static final Path DEMO_POLICY = Path.of("demo", "policy.yaml");
    static final String BRENT_RB_OFFICERS = "CN=GG-RevBen-Officers,OU=Groups,DC=brent,DC=gov,DC=uk";

    static Councils councils() {
        return CouncilsLoader.load(CouncilsLoaderTest.DEMO, CouncilsLoaderTest.demoVariables());
    }

    static Policy demo() {
        return PolicyLoader.load(DEMO_POLICY, councils());
    }

    @Nested
    @DisplayName("a council that left the shared service (decision 0031)")
    class ACouncilThatLeft {

        /** The demo councils without Southwark, as an admin's councils file is once Southwark has left. */
        private Councils withoutSouthwark() {
            Councils all = councils();
            return new Councils(all.source(), all.sharedServices().stream().map(s -> new SharedService(s.id(),
                    s.displayName(), s.councils().stream().filter(c -> !c.equals("southwark")).toList())).toList(),
                    all.councils().stream().filter(c -> !c.id().equals("southwark")).toList());
        }

        @Test
        void whenThePolicyStillNamesItThenEachMentionIsRefusedSayingToRemoveItWithTheCouncil() {
            assertThatThrownBy(() -> PolicyLoader.load(DEMO_POLICY, withoutSouthwark()))
                    .hasMessageContaining("council 'southwark' is not in councils.yaml (known: brent, lewisham, camden")
                    .hasMessageContaining("client 'southwark-revenues': council 'southwark' is not in councils.yaml")
                    .hasMessageContaining("if the council left the shared service, remove what the policy says of it");
        }

        @Test
        void whenTheSharedServiceRuleNoLongerReachesItThenTheRoleIsGrantedAtTheOthersOnly() throws IOException {
            String policy = Files.readString(DEMO_POLICY)
                    .replaceAll("(?s)  southwark:\\n.*?\\n\\n", "")
                    .replace("  southwark-revenues: southwark\n", "");

            Policy loaded = PolicyLoader.load(write(policy), withoutSouthwark());

            assertThat(loaded.evaluator().realmRoles("brent", List.of(BRENT_RB_OFFICERS)))
                    .containsExactly("brent/revenues-benefits:officer", "lewisham/revenues-benefits:officer");
        }
    }

    @TempDir
    Path leftDir;

    private Path write(String policy) throws IOException {
        return Files.writeString(leftDir.resolve("policy.yaml"), policy);
    }

    @Nested
    @DisplayName("the demo policy")
    class Demo {

        @Test
        void whenLoadedThenTheCatalogueRulesAndClientsAreThere() {
            Policy policy = demo();

            assertThat(policy.roles()).containsKeys("revenues-benefits:officer", "ict:service-desk", "housing:caseworker");
            assertThat(policy.rules()).hasSizeGreaterThan(15);
            assertThat(policy.evaluator().councilOfClient("lewisham-revenues")).contains("lewisham");
        }

        @Test
        void whenTheSameFileIsReadFromAnotherFolderThenTheRealmGetsTheSamePolicy() {
            Path elsewhere = Path.of("..", "realms").resolve(DEMO_POLICY);

            assertThat(PolicyLoader.load(elsewhere, councils()).serverForm()).isEqualTo(demo().serverForm());
        }

        @Test
        void whenTheServerFormIsWrittenThenRulesCarryTheirLineAndTheNamedAppsAreThere() {
            var form = demo().serverForm();

            assertThat(form.path("rules").path(0).path("source").asText())
                    .startsWith(DEMO_POLICY.toAbsolutePath().normalize() + ":");
            assertThat(form.path("clients").path("lewisham-revenues").asText()).isEqualTo("lewisham");
            assertThat(form.path("allCouncilClients").toString())
                    .isEqualTo("[\"borough-demo-service\",\"borough-demo-web\"]");
        }
    }

    // How rules match groups (exact DN, Keycloak issue 52048) is tested on the evaluator that runs:
    // PolicyRoundTripTest, from this same demo policy's server form.

    @Nested
    @DisplayName("an invalid policy is refused whole, each problem with file, line and reason")
    class Invalid {

        @TempDir
        Path dir;

        static final String RULE = """
                roles:
                  revenues-benefits:officer: Officer
                councils:
                  brent:
                    - group: CN=GG-RevBen-Officers,OU=Groups,DC=brent,DC=gov,DC=uk
                      role: revenues-benefits:officer
                      scope: shared-service
                """;

        Policy load(String yaml) throws IOException {
            Path file = dir.resolve("policy.yaml");
            Files.writeString(file, yaml);
            return PolicyLoader.load(file, councils());
        }

        @Test
        void whenTheRuleIsFineThenItLoads() throws IOException {
            assertThat(load(RULE).rules()).hasSize(1);
        }

        @Test
        void whenARoleIsNotInTheCatalogueThenItIsNamed() {
            assertThatThrownBy(() -> load(RULE.replace("role: revenues-benefits:officer", "role: revenues:boss")))
                    .hasMessageContaining("policy.yaml:6: council 'brent': role 'revenues:boss' is not in the catalogue")
                    .hasMessageContaining("nothing of it was applied");
        }

        @Test
        void whenACouncilIsUnknownThenItIsNamed() {
            assertThatThrownBy(() -> load(RULE.replace("  brent:", "  barnet:")))
                    .hasMessageContaining("council 'barnet' is not in councils.yaml");
        }

        @Test
        void whenAScopeLeavesTheSharedServiceWithoutTheFlagThenItIsRefused() {
            assertThatThrownBy(() -> load(RULE.replace("scope: shared-service", "scope: councils\n      councils: [brent, camden]")))
                    .hasMessageContaining("council 'camden' is outside shared service 'brent-lewisham-southwark'")
                    .hasMessageContaining("crossService: true");
        }

        @Test
        void whenACrossServiceGrantIsFlaggedThenItIsAccepted() throws IOException {
            Policy policy = load(RULE.replace("scope: shared-service",
                    "scope: councils\n      councils: [brent, camden]\n      crossService: true"));

            assertThat(policy.rules().get(0).grantedAt()).containsExactly("brent", "camden");
        }

        @Test
        void whenARuleIsRepeatedThenTheFirstIsNamed() {
            String twice = RULE + """
                        - group: cn=gg-revben-officers,ou=groups,dc=brent,dc=gov,dc=uk
                          role: revenues-benefits:officer
                          scope: own
                    """;

            assertThatThrownBy(() -> load(twice)).hasMessageContaining("duplicate rule").hasMessageContaining("policy.yaml:5");
        }

        @Test
        void whenTheGroupIsNotADnThenItIsRefusedWithAnExample() {
            assertThatThrownBy(() -> load(RULE.replace("CN=GG-RevBen-Officers,OU=Groups,DC=brent,DC=gov,DC=uk", "GG-RevBen-Officers")))
                    .hasMessageContaining("group 'GG-RevBen-Officers' is not a valid DN");
        }

        @Test
        void whenTheGroupIsAnotherCouncilsThenItIsRefused() {
            assertThatThrownBy(() -> load(RULE.replace("DC=brent,DC=gov,DC=uk", "DC=camden,DC=gov,DC=uk")))
                    .hasMessageContaining("is not in this council's directory");
        }

        @Test
        void whenAFieldIsUnknownOrTheScopeMisspeltThenBothAreReported() {
            assertThatThrownBy(() -> load(RULE.replace("scope: shared-service", "scope: shared\n      grp: x")))
                    .hasMessageContaining("unknown field 'grp'")
                    .hasMessageContaining("scope 'shared' must be own, shared-service or councils");
        }

        @Test
        void whenAClientNamesAnUnknownCouncilThenItIsNamed() {
            assertThatThrownBy(() -> load(RULE + "clients:\n  croydon-revenues: croydon\n"))
                    .hasMessageContaining("client 'croydon-revenues': council 'croydon' is not in councils.yaml");
        }

        @Test
        void whenARoleIdIsNotServiceColonFunctionThenItIsRefused() {
            assertThatThrownBy(() -> load(RULE.replace("  revenues-benefits:officer: Officer", "  Officer: x")))
                    .hasMessageContaining("must look like service:function");
        }

        @Test
        void whenAnAppIsListedToSeeEveryCouncilThenItIsInThePolicy() throws IOException {
            Policy policy = load(RULE + "allCouncilClients: [case-search]\n");

            assertThat(policy.allCouncilClients()).containsExactly("case-search");
        }

        @Test
        void whenABoroughSystemIsAlsoListedToSeeEveryCouncilThenBothPlacesAreNamed() {
            assertThatThrownBy(() -> load(RULE + "clients:\n  brent-revenues: brent\nallCouncilClients:\n  - brent-revenues\n"))
                    .hasMessageContaining("policy.yaml:11: client 'brent-revenues' is council brent's system under "
                            + "'clients' (at ").hasMessageContaining("policy.yaml:9); it cannot also see every council");
        }

        @Test
        void whenAllCouncilClientsIsNotAListOrRepeatsAnAppThenTheLineIsNamed() {
            assertThatThrownBy(() -> load(RULE + "allCouncilClients: everyone\n"))
                    .hasMessageContaining("policy.yaml:8: 'allCouncilClients' must be a list of client ids");
            assertThatThrownBy(() -> load(RULE + "allCouncilClients: [a-app, a-app]\n"))
                    .hasMessageContaining("client 'a-app' is listed twice in allCouncilClients");
        }
    }
}
