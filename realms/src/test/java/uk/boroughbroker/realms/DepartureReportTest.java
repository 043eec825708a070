package uk.boroughbroker.realms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import uk.boroughbroker.model.policy.CouncilPolicy;

@DisplayName("what a dry run says retiring a council touches (decision 0031)")
class DepartureReportTest {

    private static final Instant NOW = Instant.parse("2027-01-10T09:30:00Z");
    private static final LeavingCouncil SOUTHWARK = new LeavingCouncil("southwark", "id", Optional.empty(), true);

    private static JsonNode preview(String json) throws Exception {
        return new ObjectMapper().readTree(json);
    }

    @Nested
    @DisplayName("the demo policy in force, Southwark leaving")
    class DemoPolicy {

        private final CouncilPolicy inForce = PolicyTest.demo().evaluator();

        @Test
        void whenOtherCouncilsRulesGrantRolesAtItThenEachIsListedWithItsLine() {
            List<String> lines = DepartureReport.grants("southwark", inForce);

            assertThat(lines).anySatisfy(line -> assertThat(line)
                    .startsWith("rules of other councils granting roles at southwark: 4\n")
                    .contains("brent CN=GG-RevBen-Officers,OU=Groups,DC=brent,DC=gov,DC=uk -> revenues-benefits:officer "
                            + "(policy.yaml:22)")
                    .contains("lewisham CN=SharedICT-ServiceDesk,OU=Groups,DC=lewisham,DC=gov,DC=uk -> ict:service-desk")
                    .doesNotContain("camden"));
        }

        @Test
        void whenThePolicyGivesItABoroughSystemThenTheSystemIsNamed() {
            assertThat(DepartureReport.grants("southwark", inForce))
                    .contains("borough systems the policy gives southwark: southwark-revenues")
                    .contains("its own groups' rules in the policy in force: 3");
        }
    }

    @Nested
    @DisplayName("the people and their roles")
    class People {

        @Test
        void whenMorePeopleThanNamesAreKnownThenTheRestAreCounted() throws Exception {
            List<String> lines = DepartureReport.lines(SOUTHWARK, preview("""
                    {"people": 12, "enabledPeople": 11, "names": ["a@southwark.gov.uk", "b@southwark.gov.uk"],
                     "rolesHeld": {"brent/revenues-benefits:officer": 3, "southwark/ict:service-desk": 2}}"""),
                    Optional.empty(), NOW);

            assertThat(lines.get(0)).startsWith("people: 12, 11 of them enabled, who would be disabled as leavers")
                    .endsWith(": a@southwark.gov.uk, b@southwark.gov.uk and 10 more");
            assertThat(lines.get(1)).isEqualTo("council roles they hold, dropped: brent/revenues-benefits:officer (3), "
                    + "southwark/ict:service-desk (2)");
        }

        @Test
        void whenNoPolicyIsInForceThenProvisioningAndTheRetentionDayAreStillSaid() throws Exception {
            List<String> lines = DepartureReport.lines(SOUTHWARK, preview("{\"people\": 0, \"enabledPeople\": 0}"),
                    Optional.empty(), NOW);

            assertThat(lines).containsExactly(
                    "people: 0, 0 of them enabled, who would be disabled as leavers (sessions ended, apps with a "
                            + "back-channel logout URL told, names released)",
                    "council roles they hold, dropped: none",
                    "provisioned accounts: their SCIM systems are told when each person is disabled",
                    "retention: kept disabled until 2027-04-10 (90 days), then councils apply --prune deletes the "
                            + "federation and its broker users");
        }
    }
}
