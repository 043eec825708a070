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
    @DisplayName("the demo policy")
    class Demo {

        @Test
        void whenLoadedThenTheCatalogueRulesAndClientsAreThere() {
            Policy policy = demo();

            assertThat(policy.roles()).containsKeys("revenues-benefits:officer", "ict:service-desk", "housing:caseworker");
            assertThat(policy.rules()).hasSizeGreaterThan(15);
            assertThat(policy.councilOfClient("lewisham-revenues")).contains("lewisham");
        }

        @Test
        void whenABrentRevenuesOfficerIsMappedThenTheRoleHoldsAcrossTheSharedServiceAndNowhereElse() {
            var roles = demo().rolesByCouncil("brent", Set.of(BRENT_RB_OFFICERS));

            assertThat(roles).containsOnlyKeys("brent", "lewisham", "southwark");
            assertThat(roles.values()).allSatisfy(r -> assertThat(r).containsExactly("revenues-benefits:officer"));
        }

        @Test
        void whenAGroupIsNestedThenItsDnGrantsLikeADirectOne() {
            var roles = demo().rolesByCouncil("brent", List.of("CN=GG-RevBen-Managers,OU=Groups,DC=brent,DC=gov,DC=uk",
                    BRENT_RB_OFFICERS, "CN=GG-AllStaff,OU=Groups,DC=brent,DC=gov,DC=uk"));

            assertThat(roles.get("brent")).containsExactly("revenues-benefits:manager", "revenues-benefits:officer");
            assertThat(roles.get("lewisham")).containsExactly("revenues-benefits:officer");
        }

        @Test
        void whenTheDirectoryWritesTheDnInAnotherCaseThenItStillMatches() {
            assertThat(demo().rolesByCouncil("brent", Set.of(BRENT_RB_OFFICERS.toLowerCase()))).containsKey("brent");
        }

        @Test
        void whenAskedWhyThenTheRuleAndItsLineAreNamed() {
            List<MappingRule> why = demo().why("brent", Set.of(BRENT_RB_OFFICERS), "revenues-benefits:officer", "lewisham");

            assertThat(why).singleElement().satisfies(rule -> {
                assertThat(rule.groupDn()).isEqualTo(BRENT_RB_OFFICERS);
                assertThat(rule.source()).startsWith(DEMO_POLICY + ":");
                assertThat(rule.scope()).isEqualTo(MappingRule.Scope.SHARED_SERVICE);
            });
        }
    }

    @Nested
    @DisplayName("Keycloak issue 52048: groups match by exact DN, never by CN")
    class Keycloak52048 {

        @Test
        void whenAGroupHasTheSameCnInAnotherOuThenItGrantsNothing() {
            assertThat(demo().rolesByCouncil("brent", Set.of("CN=GG-RevBen-Officers,OU=Legacy,DC=brent,DC=gov,DC=uk")))
                    .isEmpty();
        }

        @Test
        void whenAnotherCouncilHasAGroupWithTheSameCnThenItGrantsNothing() {
            assertThat(demo().rolesByCouncil("camden", Set.of("CN=GG-RevBen-Officers,OU=Groups,DC=camden,DC=gov,DC=uk")))
                    .isEmpty();
        }

        @Test
        void whenAUserOfAnotherCouncilSomehowCarriesBrentsDnThenBrentsRulesDoNotApply() {
            assertThat(demo().rolesByCouncil("camden", Set.of(BRENT_RB_OFFICERS))).isEmpty();
        }

        @Test
        void whenOnlyTheCnIsGivenThenItGrantsNothing() {
            assertThat(demo().rolesByCouncil("brent", Set.of("GG-RevBen-Officers", "CN=GG-RevBen-Officers"))).isEmpty();
        }
    }

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
                    .hasMessageContaining("client 'croydon-revenues': council 'croydon' is not known");
        }

        @Test
        void whenARoleIdIsNotServiceColonFunctionThenItIsRefused() {
            assertThatThrownBy(() -> load(RULE.replace("  revenues-benefits:officer: Officer", "  Officer: x")))
                    .hasMessageContaining("must look like service:function");
        }
    }
}
