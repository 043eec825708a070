package uk.boroughbroker.realms;

import static uk.boroughbroker.model.provisioning.ScimSystemKeys.COUNCILS;
import static uk.boroughbroker.model.provisioning.ScimSystemKeys.LEAVERS_DEACTIVATE;
import static uk.boroughbroker.model.provisioning.ScimSystemKeys.LEAVERS_DELETE;
import static uk.boroughbroker.model.provisioning.ScimSystemKeys.LEAVER_ACTION;
import static uk.boroughbroker.model.provisioning.ScimSystemKeys.ROLES;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import uk.boroughbroker.model.names.CouncilRole;

/**
 * Reads and validates a provisioning file (the borough systems that get accounts over SCIM) against
 * the councils and the policy's role catalogue: every problem is reported at once as
 * {@code file:line: system 'x': reason}, and nothing is returned unless the whole file is valid.
 * Secrets never go in the file, only the file or environment variable that holds them.
 */
public final class ProvisioningLoader {

    public static final String FILE = "provisioning.yaml";
    private static final Pattern SYSTEM_ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Set<String> SYSTEM_FIELDS = Set.of("id", "enabled", "scim", "people", "leavers");
    private static final Set<String> PEOPLE_FIELDS = Set.of(COUNCILS, ROLES);

    private final YamlChecks checks;
    private final Councils councils;
    private final Optional<Policy> policy;
    private final Variables variables;

    private ProvisioningLoader(YamlChecks checks, Councils councils, Optional<Policy> policy, Variables variables) {
        this.checks = checks;
        this.councils = councils;
        this.policy = policy;
        this.variables = variables;
    }

    /**
     * @param policy the role catalogue the systems' roles must come from (none: no roles may be named)
     * @throws ConfigurationException listing every problem in the file
     */
    public static Provisioning load(Path file, Councils councils, Optional<Policy> policy, Variables variables) {
        return YamlChecks.read(file, " is not a valid provisioning file; nothing of it was applied",
                checks -> new ProvisioningLoader(checks, councils, policy, variables).read());
    }

    private Provisioning read() {
        JsonNode root = checks.root();
        List<Provisioning.ScimSystem> systems = new ArrayList<>();
        if (root.isNull() || root.isMissingNode()) {
            return new Provisioning(checks.file(), systems);
        }
        if (!root.isObject()) {
            checks.problem("", "", "the file must be a mapping with 'systems'");
            return null;
        }
        checks.onlyFields(root, "", "", Set.of("systems"));
        JsonNode nodes = root.path("systems");
        if (!nodes.isMissingNode() && !nodes.isNull() && !nodes.isArray()) {
            checks.problem("/systems", "", "'systems' must be a list of systems, each with id, scim and people");
            return null;
        }
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; nodes.isArray() && i < nodes.size(); i++) {
            system(nodes.get(i), "/systems/" + i, seen).ifPresent(systems::add);
        }
        return new Provisioning(checks.file(), systems);
    }

    private Optional<Provisioning.ScimSystem> system(JsonNode node, String pointer, Map<String, String> seen) {
        if (!node.isObject()) {
            checks.problem(pointer, "", "each system must be a mapping with id, scim and people");
            return Optional.empty();
        }
        String id = checks.text(node, pointer, "id", "", true);
        String who = id == null ? "" : "system '" + id + "': ";
        checks.onlyFields(node, pointer, who, SYSTEM_FIELDS);
        if (id != null && !SYSTEM_ID.matcher(id).matches()) {
            checks.problem(pointer + "/id", who, "id must be lower-case letters, digits and '-', starting with a "
                    + "letter, such as camden-housing");
        }
        String first = id == null ? null : seen.putIfAbsent(id, checks.at(pointer + "/id"));
        if (first != null) {
            checks.problem(pointer + "/id", who, "id is already used by the system at " + first);
        }
        Map<String, List<String>> config = new LinkedHashMap<>();
        int before = checks.problemCount();
        new ScimBlockLoader(checks, variables).read(node.path("scim"), pointer + "/scim", who, config);
        people(node.path("people"), pointer + "/people", who, config);
        String leavers = checks.text(node, pointer, "leavers", who, false);
        if (leavers != null && !leavers.equals(LEAVERS_DEACTIVATE) && !leavers.equals(LEAVERS_DELETE)) {
            checks.problem(pointer + "/leavers", who, "leavers must be " + LEAVERS_DEACTIVATE
                    + " (the account is kept, inactive) or " + LEAVERS_DELETE + " (the account is deleted)");
        }
        config.put(LEAVER_ACTION, List.of(leavers == null ? LEAVERS_DEACTIVATE : leavers));
        boolean enabled = enabled(node, pointer, who);
        if (id == null || first != null || checks.problemCount() > before || !enabled) {
            // A system switched off is checked like any other, then left out as if not declared.
            return Optional.empty();
        }
        return Optional.of(new Provisioning.ScimSystem(id, config));
    }

    private void people(JsonNode node, String pointer, String who, Map<String, List<String>> config) {
        if (!node.isObject()) {
            checks.problem(pointer, who, "'people' is required: a mapping with councils (and roles, if only "
                    + "holders of those roles get an account)");
            return;
        }
        checks.onlyFields(node, pointer, who, PEOPLE_FIELDS);
        List<String> ids = checks.textList(node, pointer, COUNCILS, who, true);
        for (int i = 0; i < ids.size(); i++) {
            if (councils.find(ids.get(i)).isEmpty()) {
                checks.problem(pointer + "/" + COUNCILS + "/" + i, who, "council '" + ids.get(i) + "' is not in "
                        + councils.source().getFileName() + " (known: " + String.join(", ", councils.ids()) + ")");
            }
        }
        List<String> roles = checks.textList(node, pointer, ROLES, who, false);
        for (int i = 0; i < roles.size(); i++) {
            String role = roles.get(i);
            if (policy.isEmpty()) {
                checks.problem(pointer + "/" + ROLES + "/" + i, who, "role '" + role + "': there is no "
                        + RealmDefinition.POLICY_FILE + " beside " + councils.source().getFileName()
                        + ", so no role catalogue to name it from");
            } else if (!policy.get().roles().containsKey(role)) {
                checks.problem(pointer + "/" + ROLES + "/" + i, who, "role '" + role + "' is not in the catalogue ("
                        + "'roles' in " + policy.get().source().getFileName() + ")");
            }
        }
        config.put(COUNCILS, List.copyOf(new TreeSet<>(ids)));
        // The extension matches realm roles, which are per council: a catalogue role held at any of the
        // system's councils qualifies a person of that council (ScimSystemConfig.qualifies).
        List<String> councilRoles = new ArrayList<>();
        new TreeSet<>(ids).forEach(c -> new TreeSet<>(roles).forEach(r -> councilRoles.add(CouncilRole.name(c, r))));
        config.put(ROLES, councilRoles);
    }

    /**
     * {@code enabled}: true when left out; false leaves the system out as if the file did not declare it
     * (so {@code --prune} removes it). A variable may decide, such as {@code ${DEMO_HOUSING_SYSTEM:-false}}:
     * the demo declares a system that only {@code ./broker.sh up} runs.
     */
    private boolean enabled(JsonNode node, String pointer, String who) {
        JsonNode value = node.path("enabled");
        if (value.isMissingNode() || value.isBoolean()) {
            return value.asBoolean(true);
        }
        String text = value.isTextual()
                ? checks.resolve(variables, value.asText(), pointer + "/enabled", who, "enabled") : null;
        if ("true".equals(text) || "false".equals(text)) {
            return Boolean.parseBoolean(text);
        }
        if (!value.isTextual() || text != null) {
            checks.problem(pointer + "/enabled", who, "enabled must be true or false (left out: true)");
        }
        return false;
    }
}
