package uk.boroughbroker.realms;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;

/**
 * The shared role catalogue and every council's group-to-role rules, validated (see
 * {@link PolicyLoader}). Evaluation matches groups by exact DN only: never by CN, never by the first
 * RDN (Keycloak issue 52048), and only the user's own council's rules apply to the user's groups.
 */
public record Policy(Path source, Map<String, String> roles, List<MappingRule> rules, Map<String, String> clients) {

    public Policy {
        roles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(roles));
        rules = List.copyOf(rules);
        clients = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(clients));
    }

    /**
     * The catalogue roles a person of {@code homeCouncil} holds at each council, given their groups
     * (direct and nested, exact DNs as the directory gives them).
     */
    public Map<String, SortedSet<String>> rolesByCouncil(String homeCouncil, Collection<String> groupDns) {
        Set<DN> groups = groupDns.stream().map(Policy::dn).flatMap(Optional::stream).collect(Collectors.toSet());
        Map<String, SortedSet<String>> roles = new TreeMap<>();
        for (MappingRule rule : rules) {
            if (rule.council().equals(homeCouncil) && dn(rule.groupDn()).map(groups::contains).orElse(false)) {
                for (String council : rule.grantedAt()) {
                    roles.computeIfAbsent(council, c -> new TreeSet<>()).add(rule.role());
                }
            }
        }
        return roles;
    }

    /** The rules that give a person {@code role} at {@code council}: the answer to "why". */
    public List<MappingRule> why(String homeCouncil, Collection<String> groupDns, String role, String council) {
        Set<DN> groups = groupDns.stream().map(Policy::dn).flatMap(Optional::stream).collect(Collectors.toSet());
        return rules.stream().filter(r -> r.council().equals(homeCouncil) && r.role().equals(role)
                && r.grantedAt().contains(council) && dn(r.groupDn()).map(groups::contains).orElse(false)).toList();
    }

    /**
     * The policy as the broker's Keycloak extension reads it (realm attribute {@value #REALM_ATTRIBUTE}):
     * rules with normalised group DNs and their councils resolved, the catalogue, the clients.
     */
    public com.fasterxml.jackson.databind.node.ObjectNode serverForm() {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode out = json.createObjectNode();
        com.fasterxml.jackson.databind.node.ObjectNode catalogue = out.putObject("roles");
        roles.forEach(catalogue::put);
        com.fasterxml.jackson.databind.node.ArrayNode list = out.putArray("rules");
        for (MappingRule rule : rules) {
            com.fasterxml.jackson.databind.node.ObjectNode r = list.addObject();
            r.put("council", rule.council());
            r.put("group", dn(rule.groupDn()).map(DN::toNormalizedString).orElseThrow());
            r.put("role", rule.role());
            r.put("groupAsWritten", rule.groupDn());
            r.put("source", rule.source());
            rule.grantedAt().forEach(r.putArray("grantedAt")::add);
        }
        com.fasterxml.jackson.databind.node.ObjectNode clientMap = out.putObject("clients");
        clients.forEach(clientMap::put);
        return out;
    }

    /** Realm attribute that carries {@link #serverForm()}. */
    public static final String REALM_ATTRIBUTE = "borough.policy";

    /** The realm role for a catalogue role at a council: {@code lewisham/revenues-benefits:officer}. */
    public static String realmRole(String council, String role) {
        return council + "/" + role;
    }

    /** The council a borough system (OIDC client) belongs to, if the policy names it. */
    public Optional<String> councilOfClient(String clientId) {
        return Optional.ofNullable(clients.get(clientId));
    }

    private static Optional<DN> dn(String value) {
        try {
            return Optional.of(new DN(value));
        } catch (LDAPException e) {
            return Optional.empty();
        }
    }
}
