package uk.boroughbroker.realms;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;

/**
 * The shared role catalogue, every council's group-to-role rules and the apps it names, validated
 * (see {@link PolicyLoader}). The broker evaluates it in its Keycloak extension (CouncilPolicy, from
 * {@link #serverForm()}), which matches groups by exact DN only (Keycloak issue 52048); there is no
 * second evaluator here, so tests of the rules test the code that runs.
 */
public record Policy(Path source, Map<String, String> roles, List<MappingRule> rules, Map<String, String> clients,
        List<String> allCouncilClients) {

    public Policy {
        roles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(roles));
        rules = List.copyOf(rules);
        clients = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(clients));
        allCouncilClients = List.copyOf(allCouncilClients);
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
        allCouncilClients.forEach(out.putArray("allCouncilClients")::add);
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
