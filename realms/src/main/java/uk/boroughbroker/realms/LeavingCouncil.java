package uk.boroughbroker.realms;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
     * The council federations among {@code federations} (Keycloak's user storage components of the
     * realm) that the files do not declare.
     *
     * @param councilTypes the provider ids of the federations the files declare: any other kind of
     *                     federation an admin added is not a council's, and is never touched
     */
    static List<LeavingCouncil> among(JsonNode federations, Collection<String> declared, Set<String> councilTypes) {
        List<LeavingCouncil> leaving = new ArrayList<>();
        for (JsonNode federation : federations) {
            String name = federation.path("name").asText();
            if (declared.contains(name) || !councilTypes.contains(federation.path("providerId").asText())) {
                continue;
            }
            JsonNode config = federation.path("config");
            leaving.add(new LeavingCouncil(name, federation.path("id").asText(),
                    CouncilRetirement.parse(config.path(CouncilRetirement.RETIRED_AT).path(0).asText(null)),
                    !"false".equals(config.path("enabled").path(0).asText("true"))));
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
