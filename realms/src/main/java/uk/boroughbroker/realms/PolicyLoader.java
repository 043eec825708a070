package uk.boroughbroker.realms;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;

/**
 * Reads and validates a policy file against the councils: every problem is reported at once as
 * {@code file:line: reason}, and nothing is returned unless the whole policy is valid, so a broker
 * can keep its last good policy when an edit is wrong.
 */
public final class PolicyLoader {

    static final Pattern ROLE_ID = Pattern.compile("[a-z][a-z0-9-]{0,39}:[a-z][a-z0-9-]{0,39}");
    private static final Set<String> TOP_FIELDS = Set.of("roles", "councils", "clients", "allCouncilClients");
    private static final Set<String> RULE_FIELDS = Set.of("group", "role", "scope", "councils", "crossService");
    /** Said of every mention of a council the councils file no longer has (decision 0031). */
    private static final String LEFT = "; if the council left the shared service, remove what the policy says "
            + "of it (its rules, the rules granting roles at it, its clients) with it";

    private final YamlChecks checks;
    private final Councils councils;

    private PolicyLoader(YamlChecks checks, Councils councils) {
        this.checks = checks;
        this.councils = councils;
    }

    /** @throws ConfigurationException listing every problem in the file */
    public static Policy load(Path file, Councils councils) {
        return YamlChecks.read(file, " is not a valid policy; nothing of it was applied",
                checks -> new PolicyLoader(checks, councils).read());
    }

    private Policy read() {
        JsonNode root = checks.root();
        if (!root.isObject()) {
            problem("", "the file must be a mapping with 'roles', 'councils' and 'clients'");
            return null;
        }
        checks.onlyFields(root, "", "", TOP_FIELDS);
        Map<String, String> roles = roles(root.path("roles"));
        List<MappingRule> rules = rules(root.path("councils"), roles);
        Map<String, String> clients = clients(root.path("clients"));
        List<String> allCouncilClients = allCouncilClients(root.path("allCouncilClients"), clients);
        return new Policy(checks.file(), roles, rules, clients, allCouncilClients);
    }

    private Map<String, String> roles(JsonNode node) {
        Map<String, String> roles = new LinkedHashMap<>();
        if (!node.isObject() || node.isEmpty()) {
            problem("/roles", "'roles' must map each catalogue role (service:function) to its description");
            return roles;
        }
        node.properties().forEach(entry -> {
            String where = "/roles/" + entry.getKey();
            if (!ROLE_ID.matcher(entry.getKey()).matches()) {
                problem(where, "role '" + entry.getKey() + "' must look like service:function, lower-case, "
                        + "such as revenues-benefits:officer");
            } else if (!entry.getValue().isTextual() || entry.getValue().asText().isBlank()) {
                problem(where, "role '" + entry.getKey() + "' needs a description");
            } else {
                roles.put(entry.getKey(), entry.getValue().asText().strip());
            }
        });
        return roles;
    }

    private List<MappingRule> rules(JsonNode node, Map<String, String> roles) {
        List<MappingRule> rules = new ArrayList<>();
        if (node.isMissingNode()) {
            return rules;
        }
        if (!node.isObject()) {
            problem("/councils", "'councils' must map each council id to its list of rules");
            return rules;
        }
        Map<String, String> seen = new HashMap<>();
        node.properties().forEach(entry -> {
            String council = entry.getKey();
            String pointer = "/councils/" + council;
            Optional<Council> known = councils.find(council);
            if (known.isEmpty()) {
                problem(pointer, "council '" + council + "' is not in " + councils.source().getFileName()
                        + " (known: " + String.join(", ", councils.ids()) + ")" + LEFT);
                return;
            }
            if (!entry.getValue().isArray()) {
                problem(pointer, "council '" + council + "': its rules must be a list");
                return;
            }
            for (int i = 0; i < entry.getValue().size(); i++) {
                rule(entry.getValue().get(i), pointer + "/" + i, known.get(), roles, seen).ifPresent(rules::add);
            }
        });
        return rules;
    }

    private Optional<MappingRule> rule(JsonNode node, String pointer, Council council, Map<String, String> roles,
            Map<String, String> seen) {
        String who = "council '" + council.id() + "': ";
        if (!node.isObject()) {
            problem(pointer, who + "each rule needs group, role and scope");
            return Optional.empty();
        }
        checks.onlyFields(node, pointer, who, RULE_FIELDS);
        String group = node.path("group").asText("");
        String role = node.path("role").asText("");
        String scopeWord = node.path("scope").asText("");
        boolean valid = true;
        DN dn = null;
        try {
            dn = new DN(group);
            if (group.isBlank()) {
                throw new LDAPException(com.unboundid.ldap.sdk.ResultCode.INVALID_DN_SYNTAX, "empty");
            }
            if (!dn.isDescendantOf(council.directory().baseDn(), false)) {
                problem(pointer + "/group", who + "group '" + group + "' is not in this council's directory ("
                        + council.directory().baseDn() + "); rules map a council's own groups");
                valid = false;
            }
        } catch (LDAPException e) {
            problem(pointer + "/group", who + "group '" + group + "' is not a valid DN; name groups by their full "
                    + "distinguished name, such as CN=GG-RevBen-Officers,OU=Groups," + council.directory().baseDn());
            valid = false;
        }
        if (!roles.containsKey(role)) {
            problem(pointer + "/role", who + "role '" + role + "' is not in the catalogue ('roles')");
            valid = false;
        }
        Optional<MappingRule.Scope> scope = MappingRule.Scope.of(scopeWord);
        if (scope.isEmpty()) {
            problem(pointer + "/scope", who + "scope '" + scopeWord + "' must be own, shared-service or councils");
            return Optional.empty();
        }
        List<String> grantedAt = grantedAt(node, pointer, who, council, scope.get());
        if (!valid || grantedAt == null) {
            return Optional.empty();
        }
        String key = council.id() + "|" + dn.toNormalizedString() + "|" + role;
        String first = seen.putIfAbsent(key, checks.at(pointer));
        if (first != null) {
            problem(pointer, who + "duplicate rule: group '" + group + "' already maps to '" + role + "' at " + first);
            return Optional.empty();
        }
        // The rule's source goes into the realm: an absolute path, so that applying the same file from
        // another working directory (the launcher, then the CLI) is not a change.
        return Optional.of(new MappingRule(council.id(), group, role, scope.get(), grantedAt,
                checks.absoluteAt(pointer)));
    }

    private List<String> grantedAt(JsonNode node, String pointer, String who, Council council, MappingRule.Scope scope) {
        Optional<SharedService> service = council.sharedService()
                .flatMap(id -> councils.sharedServices().stream().filter(s -> s.id().equals(id)).findFirst());
        switch (scope) {
            case OWN:
                return List.of(council.id());
            case SHARED_SERVICE:
                if (service.isEmpty()) {
                    problem(pointer + "/scope", who + "scope shared-service, but the council is in no shared service");
                    return null;
                }
                return service.get().councils();
            default:
                JsonNode listed = node.path("councils");
                if (!listed.isArray() || listed.isEmpty()) {
                    problem(pointer + "/councils", who + "scope councils needs a list of councils");
                    return null;
                }
                boolean crossService = node.path("crossService").asBoolean(false);
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < listed.size(); i++) {
                    String id = listed.get(i).asText();
                    if (councils.find(id).isEmpty()) {
                        problem(pointer + "/councils/" + i, who + "council '" + id + "' is not in "
                                + councils.source().getFileName() + LEFT);
                        return null;
                    }
                    boolean inService = service.map(s -> s.councils().contains(id)).orElse(false)
                            || id.equals(council.id());
                    if (!inService && !crossService) {
                        problem(pointer + "/councils/" + i, who + "council '" + id + "' is outside "
                                + service.map(s -> "shared service '" + s.id() + "'").orElse("this council's own")
                                + "; a cross-service grant needs crossService: true");
                        return null;
                    }
                    ids.add(id);
                }
                return ids;
        }
    }

    private Map<String, String> clients(JsonNode node) {
        Map<String, String> clients = new LinkedHashMap<>();
        if (node.isMissingNode()) {
            return clients;
        }
        if (!node.isObject()) {
            problem("/clients", "'clients' must map each client id to its council");
            return clients;
        }
        node.properties().forEach(entry -> {
            String council = entry.getValue().asText("");
            if (councils.find(council).isEmpty()) {
                problem("/clients/" + entry.getKey(), "client '" + entry.getKey() + "': council '" + council
                        + "' is not in " + councils.source().getFileName() + LEFT);
            } else {
                clients.put(entry.getKey(), council);
            }
        });
        return clients;
    }

    /**
     * Apps of no council that may see a person's roles at every council. Said explicitly, client by
     * client: an app named nowhere in the policy sees no council (decision 0017).
     */
    private List<String> allCouncilClients(JsonNode node, Map<String, String> clients) {
        List<String> ids = new ArrayList<>();
        if (node.isMissingNode()) {
            return ids;
        }
        if (!node.isArray()) {
            problem("/allCouncilClients", "'allCouncilClients' must be a list of client ids, such as "
                    + "[borough-demo-service]");
            return ids;
        }
        for (int i = 0; i < node.size(); i++) {
            String pointer = "/allCouncilClients/" + i;
            String id = node.get(i).isTextual() ? node.get(i).asText().strip() : "";
            if (id.isEmpty()) {
                problem(pointer, "allCouncilClients: each entry must be a client id");
            } else if (clients.containsKey(id)) {
                problem(pointer, "client '" + id + "' is council " + clients.get(id) + "'s system under 'clients' "
                        + "(at " + checks.at("/clients/" + id) + "); it cannot also see every council");
            } else if (ids.contains(id)) {
                problem(pointer, "client '" + id + "' is listed twice in allCouncilClients");
            } else {
                ids.add(id);
            }
        }
        return ids;
    }

    private void problem(String pointer, String message) {
        checks.problem(pointer, "", message);
    }
}
