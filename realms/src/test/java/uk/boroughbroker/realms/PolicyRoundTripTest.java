package uk.boroughbroker.realms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uk.boroughbroker.model.policy.CouncilPolicy;

/**
 * From the policy file to what the server evaluates: the demo policy (demo/policy.yaml) validated
 * by {@link PolicyLoader}, written in its server form as text, as {@link PolicyApplier} puts it on
 * the realm, and read back by the one evaluator the broker's extension runs, {@link CouncilPolicy}.
 * Keycloak issue 52048: groups match by exact DN, never by CN or first RDN.
 */
@DisplayName("Council policy, from the file to the evaluator that runs")
class PolicyRoundTripTest {

    static final Path DEMO = Path.of("demo");
    static final String BRENT_RB_OFFICERS = "CN=GG-RevBen-Officers,OU=Groups,DC=brent,DC=gov,DC=uk";
    static final Set<String> SHARED_SERVICE_OFFICER = Set.of("brent/revenues-benefits:officer",
            "lewisham/revenues-benefits:officer", "southwark/revenues-benefits:officer");

    static CouncilPolicy demo() throws IOException {
        return CouncilPolicy.parse(demoServerForm());
    }

    /** The demo policy as the realm tooling writes it into the realm attribute. */
    static String demoServerForm() throws IOException {
        return PolicyLoader.load(DEMO.resolve("policy.yaml"), CouncilsLoader.load(DEMO.resolve("councils.yaml"),
                CouncilsLoaderTest.demoVariables())).serverForm().toString();
    }

    @Nested
    @DisplayName("what a group grants")
    class Grants {

        @Test
        void whenABrentRevenuesOfficerIsMappedThenTheRoleHoldsAcrossTheSharedServiceAndNowhereElse() throws IOException {
            assertThat(demo().realmRoles("brent", List.of(BRENT_RB_OFFICERS))).isEqualTo(SHARED_SERVICE_OFFICER);
        }

        @Test
        void whenAGroupIsNestedThenItsDnGrantsLikeADirectOne() throws IOException {
            assertThat(demo().realmRoles("brent", List.of("CN=GG-RevBen-Managers,OU=Groups,DC=brent,DC=gov,DC=uk",
                    BRENT_RB_OFFICERS, "CN=GG-AllStaff,OU=Groups,DC=brent,DC=gov,DC=uk")))
                    .contains("brent/revenues-benefits:manager").containsAll(SHARED_SERVICE_OFFICER);
        }

        @Test
        void whenAskedWhyThenTheRuleAndItsLineInThePolicyFileAreNamed() throws IOException {
            assertThat(demo().why("brent", List.of(BRENT_RB_OFFICERS), "revenues-benefits:officer", "lewisham"))
                    .singleElement().satisfies(rule -> {
                        assertThat(rule.groupAsWritten()).isEqualTo(BRENT_RB_OFFICERS);
                        assertThat(rule.source()).contains("policy.yaml:");
                    });
        }
    }

    @Nested
    @DisplayName("DN spelling: what AD may send for the same group")
    class Spelling {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "cn=gg-revben-officers,ou=groups,dc=brent,dc=gov,dc=uk",
            "CN=GG-REVBEN-OFFICERS,OU=GROUPS,DC=BRENT,DC=GOV,DC=UK",
            "CN=GG-RevBen-Officers, OU=Groups, DC=brent, DC=gov, DC=uk",
            "CN = GG-RevBen-Officers , OU = Groups,DC=brent,DC=gov,DC=uk",
            "CN=GG\\2DRevBen-Officers,OU=Groups,DC=brent,DC=gov,DC=uk"})
        void whenTheSameDnIsWrittenInAnotherCaseOrSpacingThenItMatches(String dn) throws IOException {
            assertThat(demo().realmRoles("brent", List.of(dn))).isEqualTo(SHARED_SERVICE_OFFICER);
        }
    }

    @Nested
    @DisplayName("Keycloak issue 52048: a group grants by its exact DN only")
    class Keycloak52048 {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            // The demo decoy: the same CN filed in another OU of the same council.
            "CN=GG-RevBen-Officers,OU=Staff,DC=brent,DC=gov,DC=uk",
            "CN=GG-RevBen-Officers,OU=Legacy,OU=Groups,DC=brent,DC=gov,DC=uk",
            // The mapped DN one level down, or with a parent missing.
            "CN=Sub,CN=GG-RevBen-Officers,OU=Groups,DC=brent,DC=gov,DC=uk",
            "CN=GG-RevBen-Officers,DC=brent,DC=gov,DC=uk",
            // Only the CN, or the first RDN.
            "GG-RevBen-Officers",
            "CN=GG-RevBen-Officers",
            // Another character inside the CN, or one more domain component, is another group.
            "CN=GG-RevBen Officers,OU=Groups,DC=brent,DC=gov,DC=uk",
            "CN=GG-RevBen-Officers,OU=Groups,DC=brent,DC=gov,DC=uk,DC=example",
            // Not a DN at all.
            "CN=GG-RevBen-Officers,,OU=Groups"})
        void whenAGroupOfBrentIsNotTheMappedDnThenItGrantsNothing(String dn) throws IOException {
            assertThat(demo().realmRoles("brent", List.of(dn))).isEmpty();
        }

        @Test
        void whenAnotherCouncilsDirectoryHasAGroupWithTheMappedCnThenItGrantsItsMembersNothing() throws IOException {
            // The demo decoy in Lewisham's directory.
            assertThat(demo().realmRoles("lewisham", List.of("CN=GG-RevBen-Officers,OU=Groups,DC=lewisham,DC=gov,DC=uk")))
                    .isEmpty();
        }

        @Test
        void whenAPersonOfAnotherCouncilReportsBrentsExactDnThenBrentsRulesDoNotApply() throws IOException {
            assertThat(demo().realmRoles("camden", List.of(BRENT_RB_OFFICERS))).isEmpty();
            assertThat(demo().realmRoles("lewisham", List.of(BRENT_RB_OFFICERS))).isEmpty();
        }

        @Test
        void whenTheSharedIctGroupOfOneCouncilIsReportedThenOnlyThatCouncilsRuleGrants() throws IOException {
            // Three councils map a group with the CN SharedICT-ServiceDesk; each rule is for its own DN.
            assertThat(demo().why("lewisham", List.of("CN=SharedICT-ServiceDesk,OU=Groups,DC=lewisham,DC=gov,DC=uk"),
                    "ict:service-desk", "brent")).singleElement()
                    .satisfies(rule -> assertThat(rule.council()).isEqualTo("lewisham"));
        }
    }

    @Nested
    @DisplayName("apps the policy names")
    class Apps {

        @Test
        void whenTheDemoPolicyIsReadThenBoroughSystemsAndAllCouncilAppsAreKnownAndOthersAreNot() throws IOException {
            CouncilPolicy policy = demo();

            assertThat(policy.councilOfClient("lewisham-revenues")).contains("lewisham");
            assertThat(policy.seesEveryCouncil("borough-demo-service")).isTrue();
            assertThat(policy.seesEveryCouncil("lewisham-revenues")).isFalse();
            assertThat(policy.seesEveryCouncil("partner-analytics")).isFalse();
        }

        @Test
        void whenAPolicyFromBeforeTheSettingIsReadThenNoAppSeesEveryCouncil() throws IOException {
            CouncilPolicy old = CouncilPolicy.parse("{\"roles\":{\"a:b\":\"x\"},\"rules\":[],\"clients\":{}}");

            assertThat(old.seesEveryCouncil("borough-demo-service")).isFalse();
        }
    }
}
