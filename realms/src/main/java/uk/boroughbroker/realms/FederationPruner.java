package uk.boroughbroker.realms;

import static uk.boroughbroker.realms.Representations.encode;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import uk.boroughbroker.model.directory.CouncilRetirement;
import uk.boroughbroker.model.policy.CouncilPolicy;

/**
 * Councils that left (decision 0031): the council federations in Keycloak that the councils file no
 * longer declares. Without {@code --prune} an apply leaves them as they are and says so; with it,
 * each is retired through the broker ({@code POST .../borough-councils/<council>/retire}: federation
 * disabled, its people disabled as leavers), kept for the retention, and deleted once the retention
 * has ended (Keycloak deletes its broker users with it).
 *
 * <p>Retiring and deleting cannot be put back, so they run after the rest of the apply succeeded
 * (its {@link UndoLog} committed); both are safe to run again, so an apply cut short is finished by
 * the next one.
 */
final class FederationPruner {

    private final AdminApi api;
    private final String base;
    private final boolean dryRun;
    private final Instant now;
    private final List<LeavingCouncil> leaving;
    private final Optional<CouncilPolicy> inForce;

    /**
     * Reads, before anything of this apply is written, the federations that leave and the policy in
     * force (which the apply may replace).
     */
    FederationPruner(AdminApi api, String base, String realmId, RealmDefinition definition, boolean dryRun,
            Instant now) {
        this.api = api;
        this.base = base;
        this.dryRun = dryRun;
        this.now = now;
        Set<String> councilTypes = new HashSet<>();
        definition.federations().forEach(f -> councilTypes.add(f.path("providerId").asText()));
        boolean anyLeft = false;
        for (JsonNode federation : api.get(base + "/components?parent=" + encode(realmId) + "&type="
                + RealmDefinition.USER_STORAGE)) {
            anyLeft |= councilTypes.contains(federation.path("providerId").asText())
                    && !definition.federationNames().contains(federation.path("name").asText());
        }
        // Asked only then: Keycloak's component API hides the retirement date (not a declared setting),
        // and a Keycloak without the broker's extensions (the bench's stock one) has no borough-councils.
        this.leaving = anyLeft ? LeavingCouncil.among(api.get(base + "/borough-councils"),
                definition.federationNames()) : List.of();
        this.inForce = policyInForce(api.get(base));
    }

    /** The ids of the councils that leave. */
    List<String> councils() {
        return leaving.stream().map(LeavingCouncil::council).toList();
    }

    /** Without {@code --prune}: one line per council that left, saying what {@code --prune} would do. */
    List<String> notices() {
        return leaving.stream().map(c -> c.notice(now)).toList();
    }

    /**
     * Retires, holds or deletes each council that left.
     *
     * @param changes gets one line per change made (or, in a dry run, that would be made)
     * @return notices: councils held for their retention, with nothing to change
     */
    List<String> prune(List<String> changes) {
        List<String> notices = new ArrayList<>();
        for (LeavingCouncil council : leaving) {
            String federation = "federation '" + council.council() + "'";
            switch (council.step(true, now)) {
                case RETIRE -> changes.add(retire(council, federation));
                case HOLD -> {
                    int more = dryRun ? preview(council).path("enabledPeople").asInt() : retire(council).path("left")
                            .asInt();
                    if (more > 0) {
                        changes.add(Verb.DISABLE.line(dryRun, more + " more people of retired " + federation
                                + " as leavers"));
                    }
                    notices.add(federation + council.retention(now));
                }
                case DELETE -> {
                    int people = preview(council).path("people").asInt();
                    if (!dryRun) {
                        api.delete(base + "/components/" + encode(council.federationId()));
                    }
                    changes.add(Verb.DELETE.line(dryRun, federation + " and its " + people + " broker users"
                            + council.retentionEnded()));
                }
                case KEEP -> notices.add(council.notice(now));
            }
        }
        return notices;
    }

    private String retire(LeavingCouncil council, String federation) {
        if (dryRun) {
            JsonNode preview = preview(council);
            return "would retire " + federation + ":\n    "
                    + String.join("\n    ", DepartureReport.lines(council, preview, inForce, now));
        }
        JsonNode retired = retire(council);
        Instant from = CouncilRetirement.parse(retired.path("deletableFrom").asText()).orElse(now);
        return "retired " + federation + ": " + retired.path("left").asInt() + " people disabled as leavers, their "
                + "sessions ended; kept disabled until " + CouncilRetirement.day(from)
                + ", then councils apply --prune deletes it and its broker users";
    }

    /** Asks the broker to retire the council; a sync pass it had to wait for is an error saying to ask again. */
    private JsonNode retire(LeavingCouncil council) {
        try {
            return api.postForJson(path(council));
        } catch (AdminApiException e) {
            throw new AdminApiException(e.status(), "The rest of the realm files was applied, but retiring council '"
                    + council.council() + "' did not finish (" + e.getMessage() + "). Retiring is safe to repeat: "
                    + "run councils apply --prune again.");
        }
    }

    private JsonNode preview(LeavingCouncil council) {
        return api.get(path(council));
    }

    private String path(LeavingCouncil council) {
        return base + "/borough-councils/" + encode(council.council()) + "/retire";
    }

    private static Optional<CouncilPolicy> policyInForce(JsonNode realm) {
        String text = realm.path("attributes").path(CouncilPolicy.REALM_ATTRIBUTE).asText("");
        if (text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(CouncilPolicy.parse(text));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
