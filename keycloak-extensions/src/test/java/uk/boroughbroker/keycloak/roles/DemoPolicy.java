package uk.boroughbroker.keycloak.roles;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import uk.boroughbroker.realms.CouncilsLoader;
import uk.boroughbroker.realms.PolicyLoader;
import uk.boroughbroker.realms.Variables;
import uk.boroughbroker.model.policy.CouncilPolicy;

/** The demo policy (realms/demo/policy.yaml) as the realm tooling writes it into the realm attribute. */
final class DemoPolicy {

    static final Path DEMO = Path.of("..", "realms", "demo");
    static final String BRENT_RB_OFFICERS = "CN=GG-RevBen-Officers,OU=Groups,DC=brent,DC=gov,DC=uk";
    static final Set<String> SHARED_SERVICE_OFFICER = Set.of("brent/revenues-benefits:officer",
            "lewisham/revenues-benefits:officer", "southwark/revenues-benefits:officer");

    private DemoPolicy() {
    }

    /** The demo policy as the broker's extension reads it back. */
    static CouncilPolicy evaluator() {
        try {
            return CouncilPolicy.parse(serverForm());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String serverForm() {
        Map<String, String> values = new HashMap<>();
        for (String id : new String[] {"BRENT", "LEWISHAM", "SOUTHWARK", "CAMDEN", "ISLINGTON", "HARINGEY"}) {
            values.put(id + "_LDAP_URL", "ldap://127.0.0.1:389");
            values.put(id + "_BIND_PASSWORD", "unused");
        }
        var councils = CouncilsLoader.load(DEMO.resolve("councils.yaml"), Variables.only(values));
        return PolicyLoader.load(DEMO.resolve("policy.yaml"), councils).serverForm().toString();
    }
}
