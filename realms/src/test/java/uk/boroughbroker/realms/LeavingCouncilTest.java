package uk.boroughbroker.realms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import uk.boroughbroker.realms.LeavingCouncil.Step;

@DisplayName("a council the councils file no longer declares (decision 0031)")
class LeavingCouncilTest {

    private static final String COUNCIL_TYPE = "borough-council-directory";
    private static final Instant RETIRED = Instant.parse("2027-01-10T09:30:00Z");
    private static final Instant DAY_89 = Instant.parse("2027-04-09T09:29:59Z");
    private static final Instant DAY_90 = Instant.parse("2027-04-10T09:30:00Z");

    /** Keycloak's user storage components, as GET .../components answers. */
    private static JsonNode components(String... federations) throws Exception {
        return new ObjectMapper().readTree("[" + String.join(",", federations) + "]");
    }

    private static String federation(String name, String type, String config) {
        return "{\"id\": \"id-" + name + "\", \"name\": \"" + name + "\", \"providerId\": \"" + type
                + "\", \"config\": {" + config + "}}";
    }

    private static LeavingCouncil only(String config) throws Exception {
        List<LeavingCouncil> leaving = LeavingCouncil.among(components(
                federation("brent", COUNCIL_TYPE, "\"enabled\": [\"true\"]"),
                federation("southwark", COUNCIL_TYPE, config)), List.of("brent"), Set.of(COUNCIL_TYPE));
        assertThat(leaving).extracting(LeavingCouncil::council).containsExactly("southwark");
        return leaving.get(0);
    }

    @Nested
    @DisplayName("which federations leave")
    class WhichLeave {

        @Test
        void whenEveryCouncilIsDeclaredThenNoneLeaves() throws Exception {
            assertThat(LeavingCouncil.among(components(federation("brent", COUNCIL_TYPE, "")), List.of("brent"),
                    Set.of(COUNCIL_TYPE))).isEmpty();
        }

        @Test
        void whenAFederationOfAnotherKindIsUndeclaredThenItIsNeverTouched() throws Exception {
            assertThat(LeavingCouncil.among(components(federation("corp-ldap", "ldap", "")), List.of("brent"),
                    Set.of(COUNCIL_TYPE))).isEmpty();
        }
    }

    @Nested
    @DisplayName("without --prune")
    class WithoutPrune {

        @Test
        void whenACouncilIsNoLongerDeclaredThenItIsKeptAndTheNoticeSaysPruneRetiresIt() throws Exception {
            LeavingCouncil southwark = only("\"enabled\": [\"true\"]");

            assertThat(southwark.step(false, DAY_90)).isEqualTo(Step.KEEP);
            assertThat(southwark.notice(DAY_90)).isEqualTo("federation 'southwark' is no longer in the councils file: "
                    + "kept, and its staff can still sign in; councils apply --prune retires it (its people disabled "
                    + "as leavers, kept for 90 days, then deleted)");
        }

        @Test
        void whenItWasRetiredThenTheNoticeGivesTheDayItWillBeDeletable() throws Exception {
            LeavingCouncil southwark = only("\"enabled\": [\"false\"], \"retiredAt\": [\"" + RETIRED + "\"]");

            assertThat(southwark.notice(DAY_89)).contains("retired on 2027-01-10, its people kept disabled until "
                    + "2027-04-10 (90-day retention); then councils apply --prune deletes it");
        }
    }

    @Nested
    @DisplayName("with --prune")
    class WithPrune {

        @Test
        void whenItWasNeverRetiredThenItIsRetired() throws Exception {
            assertThat(only("\"enabled\": [\"true\"]").step(true, DAY_90)).isEqualTo(Step.RETIRE);
        }

        @Test
        void whenAnAdminEnabledARetiredFederationAgainThenItIsRetiredAgain() throws Exception {
            assertThat(only("\"enabled\": [\"true\"], \"retiredAt\": [\"" + RETIRED + "\"]").step(true, DAY_90))
                    .isEqualTo(Step.RETIRE);
        }

        @Test
        void whenItWasRetiredLessThanTheRetentionAgoThenItIsHeld() throws Exception {
            LeavingCouncil southwark = only("\"enabled\": [\"false\"], \"retiredAt\": [\"" + RETIRED + "\"]");

            assertThat(southwark.step(true, RETIRED)).isEqualTo(Step.HOLD);
            assertThat(southwark.step(true, DAY_89)).isEqualTo(Step.HOLD);
        }

        @Test
        void whenTheRetentionHasEndedThenItIsDeletedAndTheLineSaysWhen() throws Exception {
            LeavingCouncil southwark = only("\"enabled\": [\"false\"], \"retiredAt\": [\"" + RETIRED + "\"]");

            assertThat(southwark.step(true, DAY_90)).isEqualTo(Step.DELETE);
            assertThat(southwark.retentionEnded())
                    .isEqualTo(" (retired on 2027-01-10; its 90-day retention ended on 2027-04-10)");
        }

        @Test
        void whenTheRetirementDateIsUnreadableThenItCountsAsNotRetiredSoNothingIsDeletedEarly() throws Exception {
            assertThat(only("\"enabled\": [\"false\"], \"retiredAt\": [\"last tuesday\"]").step(true, DAY_90))
                    .isEqualTo(Step.RETIRE);
        }
    }
}
