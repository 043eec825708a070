package uk.boroughbroker.keycloak.roles;

import java.io.IOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

/**
 * The council policy as the realm carries it (attribute {@value #REALM_ATTRIBUTE}, written by the
 * realm tooling only after the policy file validated): rules with normalised group DNs and the
 * councils each grants at. Parsed once per realm and policy version.
 *
 * <p>Groups match by exact DN only, and only the person's own council's rules apply (Keycloak
 * issue 52048 grants roles by first RDN).
 */
final class CouncilPolicy {

    static final String REALM_ATTRIBUTE = "borough.policy";
    /** Server-form key of the apps of no council that may see every council's roles. */
    static final String ALL_COUNCIL_CLIENTS = "allCouncilClients";
    private static final Logger LOG = Logger.getLogger(CouncilPolicy.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, CouncilPolicy> BY_REALM = new ConcurrentHashMap<>();

    /** @param source {@code file:line} of the rule in the policy file, for "why" */
    record Rule(String council, String groupDn, String role, List<String> grantedAt, String groupAsWritten,
            String source) {
    }

    private final String text;
    private final List<Rule> rules;
    private final Set<String> roleIds;
    private final Map<String, String> clients;
    private final Set<String> allCouncilClients;

    private CouncilPolicy(String text, List<Rule> rules, Set<String> roleIds, Map<String, String> clients,
            Set<String> allCouncilClients) {
        this.text = text;
        this.rules = rules;
        this.roleIds = roleIds;
        this.clients = clients;
        this.allCouncilClients = allCouncilClients;
    }

    /** The realm's policy, if it has one. */
    static Optional<CouncilPolicy> of(RealmModel realm) {
        String text = realm.getAttribute(REALM_ATTRIBUTE);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        CouncilPolicy cached = BY_REALM.get(realm.getId());
        if (cached != null && cached.text.equals(text)) {
            return Optional.of(cached);
        }
        try {
            CouncilPolicy parsed = parse(text);
            BY_REALM.put(realm.getId(), parsed);
            return Optional.of(parsed);
        } catch (IOException | RuntimeException e) {
            LOG.errorf("Realm %s: the council policy attribute cannot be read (%s); council roles are left as they are",
                    realm.getName(), e.getMessage());
            return Optional.empty();
        }
    }

    static CouncilPolicy parse(String text) throws IOException {
        JsonNode root = JSON.readTree(text);
        if (root == null || !root.isObject() || !root.path("roles").isObject() || !root.path("rules").isArray()) {
            throw new IllegalArgumentException("expected a JSON object with 'roles' (an object) and 'rules' (a list)");
        }
        List<Rule> rules = new java.util.ArrayList<>();
        for (JsonNode r : root.path("rules")) {
            List<String> at = new java.util.ArrayList<>();
            r.path("grantedAt").forEach(c -> at.add(c.asText()));
            rules.add(new Rule(r.path("council").asText(), r.path("group").asText(), r.path("role").asText(),
                    List.copyOf(at), r.path("groupAsWritten").asText(r.path("group").asText()),
                    r.path("source").asText("")));
        }
        Set<String> roleIds = new HashSet<>();
        root.path("roles").fieldNames().forEachRemaining(roleIds::add);
        Map<String, String> clients = new java.util.HashMap<>();
        root.path("clients").properties().forEach(e -> clients.put(e.getKey(), e.getValue().asText()));
        // Absent in a policy written before the setting existed: then no app sees every council.
        Set<String> allCouncilClients = new HashSet<>();
        root.path(ALL_COUNCIL_CLIENTS).forEach(c -> allCouncilClients.add(c.asText()));
        return new CouncilPolicy(text, List.copyOf(rules), Set.copyOf(roleIds), Map.copyOf(clients),
                Set.copyOf(allCouncilClients));
    }

    /** The realm roles ({@code council/role}) a person of {@code home} with these groups holds. */
    Set<String> realmRoles(String home, Collection<String> groupDns) {
        Set<String> roles = new TreeSet<>();
        for (Rule rule : applying(home, groupDns)) {
            rule.grantedAt().forEach(council -> roles.add(council + "/" + rule.role()));
        }
        return roles;
    }

    /** The rules that give a person {@code role} at {@code council}: why they hold it. */
    List<Rule> why(String home, Collection<String> groupDns, String role, String council) {
        return applying(home, groupDns).stream()
                .filter(r -> r.role().equals(role) && r.grantedAt().contains(council)).toList();
    }

    private List<Rule> applying(String home, Collection<String> groupDns) {
        Set<String> groups = new HashSet<>();
        for (String dn : groupDns) {
            try {
                groups.add(new DN(dn).toNormalizedString());
            } catch (LDAPException e) {
                // Not a DN: grants nothing.
            }
        }
        return rules.stream().filter(r -> r.council().equals(home) && groups.contains(r.groupDn())).toList();
    }

    /** The council a borough system (OIDC client) belongs to, if the policy says. */
    Optional<String> councilOfClient(String clientId) {
        return Optional.ofNullable(clients.get(clientId));
    }

    /** Whether the policy lets this app of no council see a person's roles at every council. */
    boolean seesEveryCouncil(String clientId) {
        return allCouncilClients.contains(clientId);
    }

    /** The councils the policy has rules for (whose people it gives roles). */
    Set<String> councils() {
        Set<String> councils = new TreeSet<>();
        rules.forEach(r -> councils.add(r.council()));
        return councils;
    }

    /** Whether a realm role name is one the policy manages ({@code council/service:function}). */
    boolean manages(String roleName) {
        int slash = roleName.indexOf('/');
        return slash > 0 && roleIds.contains(roleName.substring(slash + 1));
    }
}
