package uk.boroughbroker.realms;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import uk.boroughbroker.model.directory.CouncilRetirement;
import uk.boroughbroker.model.policy.CouncilPolicy;

/**
 * What retiring a council touches, for {@code councils apply --prune --dry-run} (decision 0031): its
 * people and the council roles they hold (the broker's own count, {@code GET
 * .../borough-councils/<council>/retire}), the grants of the policy in force that involve it (rules
 * of other councils granting roles at it, the borough systems it is given), its provisioned accounts
 * and the retention that follows.
 */
final class DepartureReport {

    /** Roles named at most per line; the count covers the rest. */
    private static final int ROLES_SHOWN = 12;

    private DepartureReport() {
    }

    /**
     * @param preview  the broker's answer for the council's retirement preview
     * @param inForce  the policy Keycloak carries now (before this apply), if any
     * @return the lines, each starting with what it is about
     */
    static List<String> lines(LeavingCouncil council, JsonNode preview, Optional<CouncilPolicy> inForce, Instant now) {
        List<String> lines = new ArrayList<>();
        int people = preview.path("people").asInt();
        int enabled = preview.path("enabledPeople").asInt();
        List<String> names = new ArrayList<>();
        preview.path("names").forEach(n -> names.add(n.asText()));
        lines.add("people: " + people + ", " + enabled + " of them enabled, who would be disabled as leavers "
                + "(sessions ended, apps with a back-channel logout URL told, names released)"
                + (names.isEmpty() ? "" : ": " + String.join(", ", names)
                        + (people > names.size() ? " and " + (people - names.size()) + " more" : "")));
        List<String> roles = new ArrayList<>();
        preview.path("rolesHeld").properties().forEach(e -> roles.add(e.getKey() + " (" + e.getValue().asInt() + ")"));
        lines.add("council roles they hold, dropped: " + (roles.isEmpty() ? "none" : shown(roles)));
        inForce.ifPresent(policy -> lines.addAll(grants(council.council(), policy)));
        lines.add("provisioned accounts: their SCIM systems are told when each person is disabled");
        Instant from = council.retiredAt().map(CouncilRetirement::deletableFrom)
                .orElse(CouncilRetirement.deletableFrom(now));
        lines.add("retention: kept disabled until " + CouncilRetirement.day(from) + " (" + LeavingCouncil.days()
                + " days), then councils apply --prune deletes the federation and its broker users");
        return lines;
    }

    /** The grants of the policy in force that involve the council, which leave with it. */
    static List<String> grants(String council, CouncilPolicy policy) {
        List<String> lines = new ArrayList<>();
        long own = policy.rules().stream().filter(r -> r.council().equals(council)).count();
        lines.add("its own groups' rules in the policy in force: " + own);
        List<String> granting = new ArrayList<>();
        for (CouncilPolicy.Rule rule : policy.rules()) {
            if (!rule.council().equals(council) && rule.grantedAt().contains(council)) {
                granting.add(rule.council() + " " + rule.groupAsWritten() + " -> " + rule.role() + source(rule));
            }
        }
        lines.add("rules of other councils granting roles at " + council + ": "
                + (granting.isEmpty() ? "none" : granting.size() + "\n      " + String.join("\n      ", granting)));
        List<String> systems = clientsOf(council, policy);
        lines.add("borough systems the policy gives " + council + ": "
                + (systems.isEmpty() ? "none" : String.join(", ", systems)));
        return lines;
    }

    private static List<String> clientsOf(String council, CouncilPolicy policy) {
        return policy.serverForm().path("clients").properties().stream()
                .filter(e -> council.equals(e.getValue().asText())).map(java.util.Map.Entry::getKey).toList();
    }

    private static String source(CouncilPolicy.Rule rule) {
        if (rule.source().isBlank()) {
            return "";
        }
        // Sources are absolute (file:line): the file's name is enough to find the line.
        String source = rule.source();
        int colon = source.lastIndexOf(':');
        String file = colon > 0 ? source.substring(0, colon) : source;
        String line = colon > 0 ? source.substring(colon) : "";
        return " (" + Path.of(file).getFileName() + line + ")";
    }

    private static String shown(List<String> items) {
        return String.join(", ", items.subList(0, Math.min(ROLES_SHOWN, items.size())))
                + (items.size() > ROLES_SHOWN ? " and " + (items.size() - ROLES_SHOWN) + " more" : "");
    }
}
