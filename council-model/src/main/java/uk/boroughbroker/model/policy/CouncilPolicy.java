package uk.boroughbroker.model.policy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import uk.boroughbroker.model.names.CouncilRole;

/**
 * The council policy, evaluated: the shared role catalogue, every council's group-to-role rules
 * with the councils each grants at, the apps that belong to a council and the apps of no council
 * that see every council. The realm tooling builds it from a validated policy file and writes
 * {@link #serverForm()} to the realm attribute {@value #REALM_ATTRIBUTE}; the broker reads it back
 * with {@link #parse(String)}. Only the person's own council's rules apply, by exact group DN.
 */
public final class CouncilPolicy {

    /** The realm attribute that carries {@link #serverForm()}. */
    public static final String REALM_ATTRIBUTE = "borough.policy";
    private static final String ALL_COUNCIL_CLIENTS = "allCouncilClients";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One rule: members of a group (by exact DN) of a council hold a catalogue role at some councils.
     *
     * @param groupDn        normalised, as compared
     * @param groupAsWritten as the policy file wrote it, for people to read
     * @param source         {@code file:line} of the rule in the policy file, for "why"
     */
    public record Rule(String council, String groupDn, String role, List<String> grantedAt, String groupAsWritten,
            String source) {

        public Rule {
            grantedAt = List.copyOf(grantedAt);
        }

        /** @throws IllegalArgumentException when the group is not a DN (the policy loader refuses those first) */
        public static Rule of(String council, String groupDn, String role, List<String> grantedAt, String source) {
            String normalised = GroupDns.normalise(groupDn)
                    .orElseThrow(() -> new IllegalArgumentException("'" + groupDn + "' is not a DN"));
            return new Rule(council, normalised, role, grantedAt, groupDn, source);
        }
    }

    private final Map<String, String> catalogue;
    private final List<Rule> rules;
    private final Map<String, String> clients;
    private final Set<String> allCouncilClients;

    /**
     * @param catalogue         role id ({@code service:function}) to its description
     * @param clients           client id of a borough system to its council
     * @param allCouncilClients apps of no council that may see a person's roles at every council
     */
    public CouncilPolicy(Map<String, String> catalogue, List<Rule> rules, Map<String, String> clients,
            Collection<String> allCouncilClients) {
        this.catalogue = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(catalogue));
        this.rules = List.copyOf(rules);
        this.clients = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(clients));
        this.allCouncilClients = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(allCouncilClients));
    }

    /** Reads the server form. @throws IOException when it is not JSON of that shape */
    public static CouncilPolicy parse(String text) throws IOException {
        JsonNode root = JSON.readTree(text);
        if (root == null || !root.isObject() || !root.path("roles").isObject() || !root.path("rules").isArray()) {
            throw new IOException("expected a JSON object with 'roles' (an object) and 'rules' (a list)");
        }
        List<Rule> rules = new ArrayList<>();
        for (JsonNode r : root.path("rules")) {
            List<String> at = new ArrayList<>();
            r.path("grantedAt").forEach(c -> at.add(c.asText()));
            rules.add(new Rule(r.path("council").asText(), r.path("group").asText(), r.path("role").asText(), at,
                    r.path("groupAsWritten").asText(r.path("group").asText()), r.path("source").asText("")));
        }
        Map<String, String> catalogue = new LinkedHashMap<>();
        root.path("roles").properties().forEach(e -> catalogue.put(e.getKey(), e.getValue().asText()));
        Map<String, String> clients = new LinkedHashMap<>();
        root.path("clients").properties().forEach(e -> clients.put(e.getKey(), e.getValue().asText()));
        // Absent in a policy written before the setting existed: then no app sees every council.
        Set<String> everyCouncil = new LinkedHashSet<>();
        root.path(ALL_COUNCIL_CLIENTS).forEach(c -> everyCouncil.add(c.asText()));
        return new CouncilPolicy(catalogue, rules, clients, everyCouncil);
    }

    /** The form the realm carries in {@value #REALM_ATTRIBUTE}; {@link #parse} reads it back. */
    public ObjectNode serverForm() {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode roles = out.putObject("roles");
        catalogue.forEach(roles::put);
        var list = out.putArray("rules");
        for (Rule rule : rules) {
            ObjectNode r = list.addObject();
            r.put("council", rule.council());
            r.put("group", rule.groupDn());
            r.put("role", rule.role());
            r.put("groupAsWritten", rule.groupAsWritten());
            r.put("source", rule.source());
            rule.grantedAt().forEach(r.putArray("grantedAt")::add);
        }
        ObjectNode clientMap = out.putObject("clients");
        clients.forEach(clientMap::put);
        allCouncilClients.forEach(out.putArray(ALL_COUNCIL_CLIENTS)::add);
        return out;
    }

    /** The realm roles ({@code council/role}) a person of {@code home} with these groups holds. */
    public Set<String> realmRoles(String home, Collection<String> groupDns) {
        Set<String> roles = new TreeSet<>();
        for (Rule rule : applying(home, groupDns)) {
            rule.grantedAt().forEach(council -> roles.add(CouncilRole.name(council, rule.role())));
        }
        return roles;
    }

    /** The rules that give a person {@code role} at {@code council}: why they hold it. */
    public List<Rule> why(String home, Collection<String> groupDns, String role, String council) {
        return applying(home, groupDns).stream()
                .filter(r -> r.role().equals(role) && r.grantedAt().contains(council)).toList();
    }

    private List<Rule> applying(String home, Collection<String> groupDns) {
        Set<String> groups = new HashSet<>();
        groupDns.forEach(dn -> GroupDns.normalise(dn).ifPresent(groups::add));
        return rules.stream().filter(r -> r.council().equals(home) && groups.contains(r.groupDn())).toList();
    }

    /** The council a borough system (OIDC client) belongs to, if the policy says. */
    public Optional<String> councilOfClient(String clientId) {
        return Optional.ofNullable(clients.get(clientId));
    }

    /** Whether the policy lets this app of no council see a person's roles at every council. */
    public boolean seesEveryCouncil(String clientId) {
        return allCouncilClients.contains(clientId);
    }

    /** The councils the policy has rules for (whose people it gives roles). */
    public Set<String> councils() {
        Set<String> councils = new TreeSet<>();
        rules.forEach(r -> councils.add(r.council()));
        return councils;
    }

    /** The catalogue: role id to description, in the order of the policy file. */
    public Map<String, String> catalogue() {
        return catalogue;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Whether a realm role name is one the policy manages ({@code council/service:function}). */
    public boolean manages(String roleName) {
        return managed(roleName).isPresent();
    }

    /** The council and catalogue role of a realm role the policy manages, read once; empty for any other role. */
    public Optional<CouncilRole> managed(String roleName) {
        return CouncilRole.parse(roleName).filter(r -> catalogue.containsKey(r.role()));
    }
}
