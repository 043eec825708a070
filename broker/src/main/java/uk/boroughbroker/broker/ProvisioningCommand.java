package uk.boroughbroker.broker;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import uk.boroughbroker.realms.AdminApi;

/**
 * {@code broker provisioning status | retry <system> | reconcile <system> [--dry-run] [--home DIR]}:
 * the borough systems that get accounts over SCIM (decision 0029), through the running broker's
 * {@code borough-provisioning} admin REST API: what is pending and failed (with reasons) per system,
 * failed changes made due now, and a system's accounts compared with what they should be.
 */
final class ProvisioningCommand {

    static final String USE = "use: provisioning status | retry <system> | reconcile <system> [--dry-run]";
    /** People named per line of a reconciliation; the rest are counted. */
    static final int NAMES_SHOWN = 10;

    private ProvisioningCommand() {
    }

    static int run(List<String> args, PrintStream out) {
        Path home = UpOptions.defaults().home();
        boolean dryRun = false;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--home" -> home = Path.of(UsageException.value(args, ++i, "--home"));
                case "--dry-run" -> dryRun = true;
                default -> {
                    if (args.get(i).startsWith("--")) {
                        throw new UsageException("unknown option '" + args.get(i) + "' for provisioning");
                    }
                    positional.add(args.get(i));
                }
            }
        }
        String verb = positional.isEmpty() ? "" : positional.get(0);
        int wanted = verb.equals("status") ? 1 : 2;
        if (!List.of("status", "retry", "reconcile").contains(verb) || positional.size() != wanted) {
            throw new UsageException(USE + ", such as provisioning reconcile camden-housing --dry-run");
        }
        if (dryRun && !verb.equals("reconcile")) {
            throw new UsageException("--dry-run is for provisioning reconcile only");
        }
        RunState state = RunState.load(home);
        AdminApi admin = BrokerSecrets.loadOrCreate(home).admin(state.baseUrl());
        String base = "/realms/" + state.realm() + "/borough-provisioning/systems";
        switch (verb) {
            case "status" -> out.print(status(admin.get(base)));
            case "retry" -> {
                JsonNode answer = admin.postForJson(base + "/" + encode(positional.get(1)) + "/retry");
                out.printf("%s: %d failed or waiting changes are due now%n", answer.path("system").asText(),
                        answer.path("due").asInt());
            }
            default -> out.print(reconciliation(admin.postForJson(base + "/" + encode(positional.get(1))
                    + "/reconcile?dryRun=" + dryRun)));
        }
        return 0;
    }

    /** The systems as a table (system, pending, failed, last success), then each one's failures and retries. */
    static String status(JsonNode answer) {
        JsonNode systems = answer.path("systems");
        if (systems.isEmpty()) {
            return "No borough systems in realm " + answer.path("realm").asText() + " (declare them in "
                    + "provisioning.yaml and run councils apply).\n";
        }
        StringBuilder out = new StringBuilder(String.format("%-24s %8s %7s  %s%n", "SYSTEM", "PENDING", "FAILED",
                "LAST SUCCESS"));
        for (JsonNode system : systems) {
            out.append(String.format("%-24s %8d %7d  %s%n", system.path("name").asText(), system.path("pending").asInt(),
                    system.path("failed").asInt(), system.path("lastSuccess").asText("never")));
        }
        for (JsonNode system : systems) {
            String name = system.path("name").asText();
            for (JsonNode problem : system.path("invalid")) {
                out.append(String.format("%s: settings invalid, nothing is delivered: %s%n", name, problem.asText()));
            }
            for (JsonNode row : system.path("failures")) {
                out.append(String.format("%s: failed %s of %s after %d attempts: %s%n", name,
                        row.path("change").asText(), row.path("user").asText(), row.path("attempts").asInt(),
                        row.path("reason").asText()));
            }
            for (JsonNode row : system.path("retrying")) {
                out.append(String.format("%s: retrying %s of %s (attempt %d, next %s): %s%n", name,
                        row.path("change").asText(), row.path("user").asText(), row.path("attempts").asInt(),
                        row.path("nextAttemptAt").asText(), row.path("lastError").asText()));
            }
            if (system.path("failed").asInt() > 0) {
                out.append(String.format("%s: once the cause is fixed, ./broker.sh provisioning retry %s%n", name,
                        name));
            }
        }
        return out.toString();
    }

    /** What a reconciliation found: per kind of change, how many and who (the first {@value #NAMES_SHOWN}). */
    static String reconciliation(JsonNode answer) {
        boolean dryRun = answer.path("dryRun").asBoolean();
        StringBuilder out = new StringBuilder(String.format("%s: %d people compared with their accounts%s%n",
                answer.path("system").asText(), answer.path("compared").asInt(),
                dryRun ? " (dry run: nothing queued)" : ""));
        boolean any = false;
        for (String kind : List.of("Create", "Update", "Deactivate", "Delete")) {
            JsonNode people = answer.path((dryRun ? "wouldBe" : "queuedTo") + kind);
            if (!people.isEmpty()) {
                any = true;
                out.append(String.format("  %s %d to %s: %s%n", dryRun ? "would queue" : "queued", people.size(),
                        kind.toLowerCase(java.util.Locale.ROOT), names(people)));
            }
        }
        if (!any) {
            out.append("  every account is as it should be\n");
        }
        JsonNode foreign = answer.path("notFromBroker");
        if (!foreign.isEmpty()) {
            out.append(String.format("  %d accounts at the system were not made by the broker (left alone): %s%n",
                    foreign.size(), names(foreign)));
        }
        return out.toString();
    }

    private static String names(JsonNode people) {
        List<String> names = new ArrayList<>();
        people.forEach(p -> names.add(p.asText()));
        String shown = String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())));
        return names.size() > NAMES_SHOWN ? shown + " and " + (names.size() - NAMES_SHOWN) + " more" : shown;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
