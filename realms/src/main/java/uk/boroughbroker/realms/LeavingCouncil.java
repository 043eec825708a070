package uk.boroughbroker.realms;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import uk.boroughbroker.model.directory.CouncilRetirement;

/**
 * A council federation in Keycloak that the councils file no longer declares: a council that left
 * the shared service (decision 0031), and what {@code councils apply} does about it. Without
 * {@code --prune} nothing, but it says so; with it the federation is retired (disabled, its people
 * disabled as leavers), kept for the retention, then deleted.
 *
 * @param retiredAt when it was retired, if it was (its federation's {@value CouncilRetirement#RETIRED_AT})
 * @param enabled   whether its federation is enabled (a retired one is not)
 */
record LeavingCouncil(String council, String federationId, Optional<Instant> retiredAt, boolean enabled) {

    /** What an apply does about it. */
    enum Step {
        /** Without --prune: nothing, said as a notice. */
        KEEP,
        /** Not retired yet: retire it. */
        RETIRE,
        /** Retired, within its retention: retire again (changes nothing unless an earlier retirement was cut short). */
        HOLD,
        /** Retired and its retention has ended: delete the federation, and Keycloak its broker users. */
        DELETE
    }

    /**
     * The councils among {@code councils} (the broker's view of the realm's council federations,
     * {@code GET .../borough-councils}: council, federationId, enabled, retiredAt) that the files do
     * not declare. Only the broker's own federations are listed there: another kind of federation an
     * admin added is never touched.
     */
    static List<LeavingCouncil> among(JsonNode councils, Collection<String> declared) {
        List<LeavingCouncil> leaving = new ArrayList<>();
        for (JsonNode council : councils) {
            String name = council.path("council").asText();
            if (!declared.contains(name)) {
                leaving.add(new LeavingCouncil(name, council.path("federationId").asText(),
                        CouncilRetirement.parse(council.path("retiredAt").asText(null)),
                        council.path("enabled").asBoolean(true)));
            }
        }
        return leaving;
    }

    Optional<Instant> deletableFrom() {
        return retiredAt.map(CouncilRetirement::deletableFrom);
    }

    boolean retired() {
        return retiredAt.isPresent() && !enabled;
    }

    Step step(boolean prune, Instant now) {
        if (!prune) {
            return Step.KEEP;
        }
        if (!retired()) {
            return Step.RETIRE;
        }
        return now.isBefore(deletableFrom().orElseThrow()) ? Step.HOLD : Step.DELETE;
    }

    /** What an apply without {@code --prune} says about it. */
    String notice(Instant now) {
        String what = "federation '" + council + "' is no longer in the councils file";
        if (!retired()) {
            return what + ": kept, and its staff can still sign in; councils apply --prune retires it (its people "
                    + "disabled as leavers, kept for " + days() + " days, then deleted)";
        }
        return what + retention(now);
    }

    /** "; retired on D, kept until D2, then ..." or that the retention has ended. */
    String retention(Instant now) {
        Instant from = deletableFrom().orElseThrow();
        String retired = ": retired on " + CouncilRetirement.day(retiredAt.orElseThrow());
        if (now.isBefore(from)) {
            return retired + ", its people kept disabled until " + CouncilRetirement.day(from) + " (" + days()
                    + "-day retention); then councils apply --prune deletes it and its broker users";
        }
        return retired + ", and its " + days() + "-day retention ended on " + CouncilRetirement.day(from)
                + ": councils apply --prune deletes it and its broker users";
    }

    /** " (retired on D; its 90-day retention ended on D2)", for the line that deletes it. */
    String retentionEnded() {
        return " (retired on " + CouncilRetirement.day(retiredAt.orElseThrow()) + "; its " + days()
                + "-day retention ended on " + CouncilRetirement.day(deletableFrom().orElseThrow()) + ")";
    }

    static int days() {
        return CouncilRetirement.RETENTION.getDays();
    }
}
