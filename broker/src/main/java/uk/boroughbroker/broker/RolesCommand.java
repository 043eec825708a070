package uk.boroughbroker.broker;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code broker roles why <user> <role> <council> [--home DIR]}: why a person holds a catalogue role
 * at a council, or why not, as the running broker answers it (the rule, its group DN and its line
 * in the policy file).
 */
final class RolesCommand {

    private RolesCommand() {
    }

    static int run(List<String> args, PrintStream out) {
        Path home = UpOptions.defaults().home();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--home")) {
                home = Path.of(UsageException.value(args, ++i, "--home"));
            } else if (args.get(i).startsWith("--")) {
                throw new UsageException("unknown option '" + args.get(i) + "' for roles");
            } else {
                positional.add(args.get(i));
            }
        }
        if (positional.size() != 4 || !positional.get(0).equals("why")) {
            throw new UsageException("use: roles why <user> <role> <council>, such as "
                    + "roles why jsmith@brent.gov.uk revenues-benefits:officer lewisham");
        }
        RunState state = RunState.load(home);
        String query = "?user=" + encode(positional.get(1)) + "&role=" + encode(positional.get(2)) + "&council="
                + encode(positional.get(3));
        JsonNode why = BrokerSecrets.loadOrCreate(home).admin(state.baseUrl())
                .get("/realms/" + state.realm() + "/borough-roles/why" + query);
        if (why.path("holds").asBoolean()) {
            out.printf("%s holds %s at %s because:%n", why.path("user").asText(), why.path("role").asText(),
                    why.path("council").asText());
            for (JsonNode rule : why.path("because")) {
                out.printf("  member of %s%n    rule %s%n", rule.path("group").asText(), rule.path("source").asText());
            }
        } else {
            out.printf("%s does not hold %s at %s. %s%n", why.path("user").asText(), why.path("role").asText(),
                    why.path("council").asText(), why.path("note").asText());
        }
        return 0;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
