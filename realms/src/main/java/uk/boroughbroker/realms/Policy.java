package uk.boroughbroker.realms;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import uk.boroughbroker.model.policy.CouncilPolicy;

/**
 * The shared role catalogue, every council's group-to-role rules and the apps it names, validated
 * (see {@link PolicyLoader}). It is evaluated by the one evaluator, {@link CouncilPolicy}, which the
 * broker's Keycloak extension runs on {@link #serverForm()}: tests of the rules test the code that runs.
 */
public record Policy(Path source, Map<String, String> roles, List<MappingRule> rules, Map<String, String> clients,
        List<String> allCouncilClients) {

    public Policy {
        roles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(roles));
        rules = List.copyOf(rules);
        clients = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(clients));
        allCouncilClients = List.copyOf(allCouncilClients);
    }

    /** The policy as the broker evaluates it: rules with normalised group DNs and their councils resolved. */
    public CouncilPolicy evaluator() {
        return new CouncilPolicy(roles, rules.stream().map(r -> CouncilPolicy.Rule.of(r.council(), r.groupDn(), r.role(),
                r.grantedAt(), r.source())).toList(), clients, allCouncilClients);
    }

    /** What the realm carries in {@value CouncilPolicy#REALM_ATTRIBUTE} for the broker's extension to read. */
    public ObjectNode serverForm() {
        return evaluator().serverForm();
    }
}
