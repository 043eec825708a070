package uk.boroughbroker.bench.suite;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import uk.boroughbroker.bench.environment.BenchEnvironment;
import uk.boroughbroker.bench.environment.DomainController;
import uk.boroughbroker.bench.environment.StockRealm;
import uk.boroughbroker.bench.environment.Target;
import uk.boroughbroker.bench.load.OidcClient;
import uk.boroughbroker.bench.report.LifecycleResult;
import uk.boroughbroker.realms.AdminApi;
import uk.boroughbroker.realms.Council;
import uk.boroughbroker.realms.MappingRule;

/**
 * Joiners, movers and leavers as council IT admins see them (issue 14): many people changed in a
 * council's AD at once, then how long until the broker acts, per person. Runs in a broker realm of
 * its own with the background sync on (the realm under load has it off), on the last generated users
 * of a council with one DC (an in-memory DC does not replicate to a second), after every other group:
 * the people it changes stay changed.
 */
final class LifecycleRunner {

    static final String REALM = "broker-lifecycle";
    /** People changed at once; fewer in small runs (the smoke test), which have few generated people. */
    static final int PEOPLE = 100;
    static final int SYNC_SECONDS = 15;
    /** Twice the promise (60 s): a person not done by then counts as not measured. */
    static final Duration BOUND = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofSeconds(1);
    /** Every council's first pass imports everyone: 60,000 people at the bench's default size. */
    private static final Duration FIRST_PASS_BOUND = Duration.ofMinutes(15);

    private final BenchEnvironment environment;
    private final SuiteOptions options;
    private final OidcClient oidc;
    private final int people;

    LifecycleRunner(BenchEnvironment environment, SuiteOptions options) {
        this.environment = environment;
        this.options = options;
        this.oidc = new OidcClient(environment.httpClient());
        this.people = Math.min(PEOPLE, options.usersPerCouncil() / 4);
    }

    List<LifecycleResult> run(PrintStream out) {
        Council council = environment.councils().stream()
                .filter(c -> environment.directories().controllers(c.id()).size() == 1).findFirst()
                .orElseThrow(() -> new IllegalStateException("no council with a single domain controller"));
        DomainController dc = environment.directories().controllers(council.id()).get(0);
        environment.createBrokerSyncRealm(REALM);
        syncEvery(SYNC_SECONDS);
        out.println("  waiting for the lifecycle realm's first pass of " + council.id() + " (everyone imported)...");
        firstPass(council);
        Target target = new Target(Target.BROKER, REALM, environment.broker().baseUrl(),
                environment.broker().serviceSecret());
        List<LifecycleResult> results = new ArrayList<>();
        if (options.runs("lifecycle", "movers")) {
            out.println("  movers: " + people + " people of " + council.id() + " added to a mapped group at once...");
            results.add(movers(council, dc));
            out.println("    " + describe(results.get(results.size() - 1)));
        }
        if (options.runs("lifecycle", "scim-delivery") && options.topology() == SuiteOptions.Topology.CLUSTER) {
            out.println("  scim-delivery: not measured on the cluster, a production build without the preview "
                    + "scim-api feature its SCIM system needs");
        } else if (options.runs("lifecycle", "scim-delivery")) {
            // Before the leavers: they would not qualify for an account.
            out.println("  scim-delivery: a borough system for everyone of " + council.id() + ", one reconcile...");
            results.add(new ScimDeliveryRunner(environment, REALM, people).run(council, out));
            out.println("    " + describe(results.get(results.size() - 1)));
        }
        if (options.runs("lifecycle", "leavers")) {
            out.println("  leavers: " + people + " people of " + council.id() + " disabled in AD at once...");
            results.add(leavers(council, dc, target));
            out.println("    " + describe(results.get(results.size() - 1)));
        }
        return results;
    }

    static String describe(LifecycleResult r) {
        return r.p50Seconds() == null ? r.detail() : String.format("%d of %d within %d s: p50 %.1f s, p95 %.1f s, max %.1f s%s",
                r.measured(), r.people(), BOUND.toSeconds(), r.p50Seconds(), r.p95Seconds(), r.maxSeconds(),
                r.scenario().equals("scim-delivery") ? "; " + r.detail() : "");
    }

    private LifecycleResult leavers(Council council, DomainController dc, Target target) {
        Map<String, String> refreshTokens = new HashMap<>();
        for (int n = 0; n < people; n++) {
            String username = user(council, options.usersPerCouncil() - n);
            OidcClient.Result signedIn = oidc.password(target, username, BenchEnvironment.USER_PASSWORD);
            if (!signedIn.ok()) {
                return failed("leavers", council, "sign-in of " + username + " failed: " + signedIn.failure());
            }
            refreshTokens.put(username, signedIn.refreshToken());
        }
        long changed = System.nanoTime();
        refreshTokens.keySet().forEach(username -> dc.setUserAccountControl(dn(council, username), 514));
        List<Double> latencies = new ArrayList<>();
        while (!refreshTokens.isEmpty() && System.nanoTime() - changed < BOUND.toNanos()) {
            for (Map.Entry<String, String> person : new ArrayList<>(refreshTokens.entrySet())) {
                OidcClient.Result refreshed = oidc.refresh(target, person.getValue());
                if (refreshed.ok()) {
                    person.setValue(refreshed.refreshToken());
                    refreshTokens.put(person.getKey(), refreshed.refreshToken());
                } else {
                    latencies.add((System.nanoTime() - changed) / 1e9);
                    refreshTokens.remove(person.getKey());
                }
            }
            pause();
        }
        return result("leavers", council, people, latencies, "refresh refused after userAccountControl 514");
    }

    private LifecycleResult movers(Council council, DomainController dc) {
        MappingRule rule = environment.brokerPolicy().flatMap(p -> p.rules().stream()
                        .filter(r -> r.council().equals(council.id())).findFirst())
                .orElse(null);
        if (rule == null) {
            return failed("movers", council, "the policy maps no group of " + council.id());
        }
        String role = council.id() + "/" + rule.role();
        AdminApi admin = environment.admin();
        Map<String, String> userIds = new HashMap<>();
        for (int n = people; n < 2 * people; n++) {
            String username = user(council, options.usersPerCouncil() - n);
            String id = brokerUserId(admin, username);
            if (id != null && !roles(admin, id).contains(role)) {
                userIds.put(username, id);
            }
        }
        int movers = userIds.size();
        long changed = System.nanoTime();
        userIds.keySet().forEach(username -> dc.addMember(rule.groupDn(), dn(council, username)));
        List<Double> latencies = new ArrayList<>();
        while (!userIds.isEmpty() && System.nanoTime() - changed < BOUND.toNanos()) {
            for (Map.Entry<String, String> person : new ArrayList<>(userIds.entrySet())) {
                if (roles(admin, person.getValue()).contains(role)) {
                    latencies.add((System.nanoTime() - changed) / 1e9);
                    userIds.remove(person.getKey());
                }
            }
            pause();
        }
        return result("movers", council, movers, latencies, "added to " + rule.groupDn() + " until the broker user holds "
                + role);
    }

    private LifecycleResult result(String scenario, Council council, int people, List<Double> latencies, String what) {
        latencies.sort(Double::compare);
        if (latencies.isEmpty()) {
            return failed(scenario, council, "none within " + BOUND.toSeconds() + " s: " + what);
        }
        return new LifecycleResult(scenario, council.id(), people, latencies.size(), SYNC_SECONDS,
                Measure.round1(percentile(latencies, 50)), Measure.round1(percentile(latencies, 95)),
                Measure.round1(latencies.get(latencies.size() - 1)), what);
    }

    private static double percentile(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private LifecycleResult failed(String scenario, Council council, String detail) {
        return new LifecycleResult(scenario, council.id(), people, 0, SYNC_SECONDS, null, null, null, detail);
    }

    /** The n-th generated user's username, as the directories number them. */
    private String user(Council council, int n) {
        String format = "%0" + Math.max(5, Integer.toString(options.usersPerCouncil()).length()) + "d";
        return "loaduser" + String.format(format, n) + "@" + council.upnSuffixes().get(0);
    }

    private static String dn(Council council, String username) {
        return "CN=Load User " + username.substring("loaduser".length(), username.indexOf('@')) + ","
                + council.directory().usersDn();
    }

    /** The broker user (imported by the realm's first full pass), or null when it is not there yet. */
    private String brokerUserId(AdminApi admin, String username) {
        JsonNode found = admin.get("/realms/" + REALM + "/users?exact=true&briefRepresentation=true&username=" + username);
        return found.size() == 1 ? found.get(0).path("id").asText() : null;
    }

    private static List<String> roles(AdminApi admin, String userId) {
        return admin.get("/realms/" + REALM + "/users/" + userId + "/role-mappings/realm").findValuesAsText("name");
    }

    /** Waits (bounded) until the council's first pass in the lifecycle realm has imported everyone. */
    private void firstPass(Council council) {
        AdminApi admin = environment.admin();
        long deadline = System.nanoTime() + FIRST_PASS_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode progress = admin.get("/realms/" + REALM + "/borough-councils/" + council.id() + "/sync");
            if ("done".equals(progress.path("state").asText())) {
                return;
            }
            pause();
        }
        throw new IllegalStateException("the first sync pass of " + council.id() + " in " + REALM + " did not end within "
                + FIRST_PASS_BOUND.toMinutes() + " minutes");
    }

    /** Turns the background sync on in the lifecycle realm (the bench's realms have it off). */
    private void syncEvery(int seconds) {
        AdminApi admin = environment.admin();
        String realmId = admin.get("/realms/" + REALM).path("id").asText();
        for (JsonNode component : admin.get("/realms/" + REALM + "/components?parent=" + realmId + "&type="
                + StockRealm.USER_STORAGE)) {
            ObjectNode changed = component.deepCopy();
            ((ObjectNode) changed.path("config")).putArray("syncSeconds").add(Integer.toString(seconds));
            admin.put("/realms/" + REALM + "/components/" + component.path("id").asText(), changed);
        }
    }

    private static void pause() {
        pause(POLL);
    }

    /** Waits between two polls of a bounded wait (the bench's scenarios poll the broker). */
    static void pause(Duration between) {
        try {
            TimeUnit.NANOSECONDS.sleep(between.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
