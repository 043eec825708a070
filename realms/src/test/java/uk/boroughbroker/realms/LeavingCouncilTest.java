package uk.boroughbroker.realms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import uk.boroughbroker.realms.LeavingCouncil.Step;

@DisplayName("a council the councils file no longer declares (decision 0031)")
class LeavingCouncilTest {

    private static final Instant RETIRED = Instant.parse("2027-01-10T09:30:00Z");
    private static final Instant DAY_89 = Instant.parse("2027-04-09T09:29:59Z");
    private static final Instant DAY_90 = Instant.parse("2027-04-10T09:30:00Z");

    /** The broker's council federations, as GET .../borough-councils answers. */
    private static JsonNode councils(String... rows) throws Exception {
        return new ObjectMapper().readTree("[" + String.join(",", rows) + "]");
    }

    private static String council(String name, String more) {
        return "{\"council\": \"" + name + "\", \"federationId\": \"id-" + name + "\"" + more + "}";
    }

    private static LeavingCouncil only(String more) throws Exception {
        List<LeavingCouncil> leaving = LeavingCouncil.among(councils(council("brent", ", \"enabled\": true"),
                council("southwark", more)), List.of("brent"));
        assertThat(leaving).extracting(LeavingCouncil::council).containsExactly("southwark");
        return leaving.get(0);
    }

    @Test
    void whenEveryCouncilIsDeclaredThenNoneLeaves() throws Exception {
        assertThat(LeavingCouncil.among(councils(council("brent", "")), List.of("brent"))).isEmpty();
    }

    @Nested
    @DisplayName("without --prune")
    class WithoutPrune {

        @Test
        void whenACouncilIsNoLongerDeclaredThenItIsKeptAndTheNoticeSaysPruneRetiresIt() throws Exception {
            LeavingCouncil southwark = only(", \"enabled\": true");

            assertThat(southwark.step(false, DAY_90)).isEqualTo(Step.KEEP);
            assertThat(southwark.notice(DAY_90)).isEqualTo("federation 'southwark' is no longer in the councils file: "
                    + "kept, and its staff can still sign in; councils apply --prune retires it (its people disabled "
                    + "as leavers, kept for 90 days, then deleted)");
        }

        @Test
        void whenItWasRetiredThenTheNoticeGivesTheDayItWillBeDeletable() throws Exception {
            LeavingCouncil southwark = only(", \"enabled\": false, \"retiredAt\": \"" + RETIRED + "\"");

            assertThat(southwark.notice(DAY_89)).contains("retired on 2027-01-10, its people kept disabled until "
                    + "2027-04-10 (90-day retention); then councils apply --prune deletes it");
        }
    }

    @Nested
    @DisplayName("with --prune")
    class WithPrune {

        @Test
        void whenItWasNeverRetiredThenItIsRetired() throws Exception {
            assertThat(only(", \"enabled\": true").step(true, DAY_90)).isEqualTo(Step.RETIRE);
        }

        @Test
        void whenAnAdminEnabledARetiredFederationAgainThenItIsRetiredAgain() throws Exception {
            assertThat(only(", \"enabled\": true, \"retiredAt\": \"" + RETIRED + "\"").step(true, DAY_90))
                    .isEqualTo(Step.RETIRE);
        }

        @Test
        void whenItWasRetiredLessThanTheRetentionAgoThenItIsHeld() throws Exception {
            LeavingCouncil southwark = only(", \"enabled\": false, \"retiredAt\": \"" + RETIRED + "\"");

            assertThat(southwark.step(true, RETIRED)).isEqualTo(Step.HOLD);
            assertThat(southwark.step(true, DAY_89)).isEqualTo(Step.HOLD);
        }

        @Test
        void whenTheRetentionHasEndedThenItIsDeletedAndTheLineSaysWhen() throws Exception {
            LeavingCouncil southwark = only(", \"enabled\": false, \"retiredAt\": \"" + RETIRED + "\"");

            assertThat(southwark.step(true, DAY_90)).isEqualTo(Step.DELETE);
            assertThat(southwark.retentionEnded())
                    .isEqualTo(" (retired on 2027-01-10; its 90-day retention ended on 2027-04-10)");
        }

        @Test
        void whenTheRetirementDateIsUnreadableThenItCountsAsNotRetiredSoNothingIsDeletedEarly() throws Exception {
            assertThat(only(", \"enabled\": false, \"retiredAt\": \"last tuesday\"").step(true, DAY_90))
                    .isEqualTo(Step.RETIRE);
        }
    }
}
