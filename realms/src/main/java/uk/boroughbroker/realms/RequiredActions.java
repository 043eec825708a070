package uk.boroughbroker.realms;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Keycloak's required actions switched on or off as {@code realm.json} declares them
 * ({@code requiredActions}: {@code alias} and {@code enabled}; nothing else about them is managed).
 * Used by the realm tooling and by the benchmark's stock realm, which pins the same switches.
 */
public final class RequiredActions {

    private RequiredActions() {
    }

    /** @throws ConfigurationException naming the file and the entry when the declaration is malformed */
    static void validate(JsonNode declared, Object file) {
        if (declared.isMissingNode()) {
            return;
        }
        if (!declared.isArray()) {
            throw new ConfigurationException(file + ": requiredActions must be a list, got " + declared);
        }
        Set<String> seen = new HashSet<>();
        for (JsonNode action : declared) {
            String alias = action.path("alias").asText("");
            if (!action.isObject() || alias.isBlank() || !action.path("enabled").isBoolean()) {
                throw new ConfigurationException(file + ": each of requiredActions needs an alias and enabled true or "
                        + "false, got " + action);
            }
            if (!seen.add(alias)) {
                throw new ConfigurationException(file + ": requiredActions names '" + alias + "' twice");
            }
        }
    }

    /**
     * Reads every declared action first and writes only when all exist, so an unknown alias changes
     * nothing.
     *
     * @param realmPath for example {@code /realms/borough}
     * @return one line per change ("enabled ...", or "would enable ..." when {@code dryRun})
     * @throws ConfigurationException when Keycloak has no required action of a declared alias
     */
    public static List<String> apply(AdminApi api, String realmPath, JsonNode declared, boolean dryRun) {
        List<String> changes = new ArrayList<>();
        List<Update> updates = plan(api, realmPath, declared);
        for (Update update : updates) {
            changes.add(update.verb().line(dryRun, update.what()));
            if (!dryRun) {
                api.put(update.path(), update.updated());
            }
        }
        return changes;
    }

    /** One required action to switch: where, to what, what it was, and the line saying so. */
    record Update(String path, ObjectNode updated, JsonNode current, Verb verb, String what) {
    }

    /** Reads every declared action; @return the switches to make (none written yet) */
    static List<Update> plan(AdminApi api, String realmPath, JsonNode declared) {
        Map<String, Update> updates = new LinkedHashMap<>();
        for (JsonNode action : declared) {
            String alias = action.path("alias").asText();
            String path = realmPath + "/authentication/required-actions/" + Representations.encode(alias);
            JsonNode current = api.find(path).orElseThrow(() -> new ConfigurationException(
                    "realm.json: Keycloak has no required action '" + alias + "'"));
            boolean enabled = action.path("enabled").asBoolean();
            if (current.path("enabled").asBoolean() != enabled) {
                ObjectNode updated = current.deepCopy();
                updated.put("enabled", enabled);
                if (!enabled) {
                    updated.put("defaultAction", false);
                }
                updates.put(path, new Update(path, updated, current, enabled ? Verb.ENABLE : Verb.DISABLE,
                        "required action '" + alias + "'"));
            }
        }
        return List.copyOf(updates.values());
    }
}
