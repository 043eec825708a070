package uk.boroughbroker.broker;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import uk.boroughbroker.realms.AdminApi;
import uk.boroughbroker.realms.RealmApplier;
import uk.boroughbroker.realms.RealmDefinition;
import uk.boroughbroker.realms.Variables;

/**
 * {@code broker councils list | test <council> | apply [--councils FILE] [--prune] [--dry-run] | sync <council>}:
 * the council directories of a running broker, as the broker sees them, changes to them without a
 * restart (with {@code --prune}, councils the file no longer declares are retired, then deleted after
 * the retention: decision 0031), and a full import of one now ({@link CouncilSyncCommand}).
 */
final class CouncilsCommand {

    private final Path home;
    private final PrintStream out;
    /** A broker elsewhere ({@code --server}), or null for the one started from {@code home}. */
    private final RemoteBroker remote;

    private CouncilsCommand(Path home, PrintStream out, RemoteBroker remote) {
        this.home = home;
        this.out = out;
        this.remote = remote;
    }

    static int run(List<String> args, PrintStream out) {
        return run(args, out, System.getenv());
    }

    /** @param environment where {@code --server}'s admin credentials and the realm files' variables come from */
    static int run(List<String> args, PrintStream out, java.util.Map<String, String> environment) {
        String action = args.isEmpty() ? "list" : args.get(0);
        List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
        Path home = UpOptions.defaults().home();
        Path councils = null;
        boolean dryRun = false;
        boolean prune = false;
        String server = null;
        String realm = "borough";
        Path caFile = null;
        Path realms = Path.of("realms");
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            switch (arg) {
                case "--home" -> home = Path.of(UsageException.value(rest, ++i, arg));
                case "--councils" -> councils = Path.of(UsageException.value(rest, ++i, arg));
                case "--dry-run" -> dryRun = true;
                case "--prune" -> prune = true;
                case "--server" -> server = UsageException.value(rest, ++i, arg);
                case "--realm" -> realm = UsageException.value(rest, ++i, arg);
                case "--ca-file" -> caFile = Path.of(UsageException.value(rest, ++i, arg));
                case "--realms" -> realms = Path.of(UsageException.value(rest, ++i, arg));
                default -> {
                    if (arg.startsWith("--")) {
                        throw new UsageException("unknown option '" + arg + "' for councils " + action);
                    }
                    positional.add(arg);
                }
            }
        }
        CouncilsCommand command = new CouncilsCommand(home, out,
                server == null ? null : RemoteBroker.of(server, realm, caFile, realms, councils, environment));
        return switch (action) {
            case "list" -> command.list();
            case "test" -> {
                if (positional.size() != 1) {
                    throw new UsageException("councils test needs one council id, such as: councils test brent");
                }
                yield command.test(positional.get(0));
            }
            case "apply" -> command.apply(councils, dryRun, prune);
            case "sync" -> {
                if (positional.size() != 1) {
                    throw new UsageException("councils sync needs one council id, such as: councils sync brent");
                }
                RunState state = command.state();
                yield new CouncilSyncCommand(command.admin(state), state.realm(), positional.get(0), out).run();
            }
            default -> throw new UsageException("unknown councils command '" + action
                    + "' (list, test, apply, sync)");
        };
    }

    private RunState state() {
        return remote != null ? remote.state() : RunState.load(home);
    }

    private AdminApi admin(RunState state) {
        return remote != null ? remote.admin() : BrokerSecrets.loadOrCreate(home).admin(state.baseUrl());
    }

    int list() {
        RunState state = state();
        AdminApi admin = admin(state);
        JsonNode councils = admin.get("/realms/" + state.realm() + "/borough-councils");
        java.util.Map<String, JsonNode> federations = new java.util.HashMap<>();
        admin.get("/realms/" + state.realm() + "/components?type=org.keycloak.storage.UserStorageProvider")
                .forEach(f -> federations.put(f.path("name").asText(), f.path("config")));
        out.printf("%-12s %-13s %-28s %s%n", "COUNCIL", "DIRECTORY", "TRANSPORT", "DOMAIN CONTROLLERS (failover order)");
        for (JsonNode council : councils) {
            List<String> dcs = new ArrayList<>();
            council.path("domainControllers").forEach(dc -> dcs.add(dc.asText()));
            out.printf("%-12s %-13s %-28s %s%n", council.path("council").asText(),
                    council.path("enabled").asBoolean(true) ? council.path("state").asText() : "disabled",
                    transport(federations.get(council.path("council").asText()), dcs), String.join(", ", dcs));
            String problem = council.path("lastProblem").asText("");
            if (!problem.isBlank() && !"available".equals(council.path("state").asText())) {
                out.printf("%-12s   last problem: %s%n", "", problem);
            }
        }
        return 0;
    }

    /**
     * How binds reach the council's DCs, from its federation's settings: "PLAINTEXT (allowPlaintext)"
     * stands out, because staff passwords then cross the network in clear.
     */
    static String transport(JsonNode config, List<String> dcs) {
        boolean ldaps = dcs.stream().anyMatch(dc -> dc.startsWith("ldaps:"));
        if (ldaps) {
            return "LDAPS";
        }
        if (config != null && "true".equals(config.path("startTls").path(0).asText())) {
            return "StartTLS";
        }
        return config != null && "true".equals(config.path("allowPlaintext").path(0).asText())
                ? "PLAINTEXT (allowPlaintext)" : "PLAINTEXT";
    }

    int test(String council) {
        RunState state = state();
        JsonNode result = admin(state).postForJson("/realms/" + state.realm() + "/borough-councils/" + council + "/test");
        if (result.path("ok").asBoolean()) {
            out.printf("%s: directory reachable, broker service account binds and reads its users (%d ms)%n", council,
                    result.path("millis").asLong());
            return 0;
        }
        out.printf("%s: FAILED: %s%n", council, result.path("problem").asText());
        return 1;
    }

    int apply(Path councilsFile, boolean dryRun, boolean prune) {
        RunState state = state();
        Path file = councilsFile != null ? councilsFile : state.councilsFile();
        if (file == null) {
            // A broker elsewhere has no demo councils file to fall back on.
            throw new UsageException("councils apply --server needs --councils FILE: the councils file to apply");
        }
        Variables variables = Variables.of(state.variables());
        RealmDefinition realm = RealmDefinition.forCouncils(state.realmsDir().resolve("borough"), file, variables);
        RealmApplier applier = new RealmApplier(admin(state), dryRun);
        if (prune) {
            applier = applier.pruning(Clock.systemUTC());
        }
        List<String> changes = applier.apply(realm);
        printApplied(out, file, dryRun, changes, applier.notices());
        if (dryRun && realm.policy().isPresent()) {
            printRoleChanges(previewAllPages(admin(state), state.realm(), realm.policy().get().serverForm()));
        }
        return 0;
    }

    /**
     * The changes an apply made (or would make), then what it noticed without changing: councils the
     * file no longer declares, kept until {@code --prune} retires them, or held for their retention.
     */
    static void printApplied(PrintStream out, Path file, boolean dryRun, List<String> changes, List<String> notices) {
        if (changes.isEmpty()) {
            out.println("Keycloak already matches " + file + ": nothing to change.");
        } else {
            out.println(dryRun ? "Would change (dry run, nothing applied):" : "Applied:");
            changes.forEach(change -> out.println("  " + change));
        }
        if (!notices.isEmpty()) {
            out.println("Not changed:");
            notices.forEach(notice -> out.println("  " + notice));
        }
    }

    /** People listed at most, however many change: the counts always cover everyone. */
    static final int MAX_LISTED = 200;

    /**
     * The broker's preview of a policy edit over everyone it knows: the endpoint compares at most
     * 1,000 people per call (issue 11), so the pages are asked for in turn until {@code next} is null,
     * and merged into one answer of the same shape.
     */
    private static JsonNode previewAllPages(AdminApi admin, String realm, JsonNode proposed) {
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        ArrayNode changes = merged.putArray("changes");
        int compared = 0;
        int changed = 0;
        JsonNode next = IntNode.valueOf(0);
        while (next != null && next.isInt()) {
            JsonNode page = admin.postForJson("/realms/" + realm + "/borough-roles/preview?first=" + next.asInt()
                    + "&max=1000", proposed);
            compared += page.path("usersCompared").asInt();
            changed += page.path("usersChanged").asInt();
            for (JsonNode change : page.path("changes")) {
                if (changes.size() < MAX_LISTED) {
                    changes.add(change);
                }
            }
            next = page.get("next");
        }
        merged.put("usersCompared", compared);
        merged.put("usersChanged", changed);
        merged.put("listed", changes.size());
        return merged;
    }

    /** The people a policy edit would give or take roles from (the broker's preview of it). */
    private void printRoleChanges(JsonNode preview) {
        int compared = preview.path("usersCompared").asInt();
        int changed = preview.path("usersChanged").asInt();
        if (changed == 0) {
            out.printf("Roles: no one's roles would change (%d people compared).%n", compared);
            return;
        }
        out.printf("Roles: %d of %d people would gain or lose roles, from the groups their directories last reported:%n",
                changed, compared);
        for (JsonNode change : preview.path("changes")) {
            out.printf("  %s (%s)%n", change.path("user").asText(), change.path("homeCouncil").asText());
            change.path("gains").forEach(role -> out.println("    + " + role.asText()));
            change.path("loses").forEach(role -> out.println("    - " + role.asText()));
        }
        if (preview.path("listed").asInt() < changed) {
            out.printf("  ... and %d more%n", changed - preview.path("listed").asInt());
        }
    }
}
