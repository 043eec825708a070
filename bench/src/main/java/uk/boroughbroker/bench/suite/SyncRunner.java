package uk.boroughbroker.bench.suite;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import uk.boroughbroker.bench.environment.BenchEnvironment;
import uk.boroughbroker.bench.environment.StockRealm;
import uk.boroughbroker.bench.environment.Target;
import uk.boroughbroker.bench.load.ResourceSampler;
import uk.boroughbroker.bench.load.Resources;
import uk.boroughbroker.bench.report.SyncResult;
import uk.boroughbroker.realms.AdminApi;
import uk.boroughbroker.realms.AdminApiException;
import uk.boroughbroker.realms.Council;

/**
 * Full directory syncs (every directory user imported into Keycloak) where the federation supports
 * it: Keycloak's {@code ldap} provider does ({@code POST .../user-storage/{id}/sync?action=triggerFullSync});
 * the broker's {@code borough-council-directory} does not implement Keycloak's import synchronization
 * and imports each person at their first sign-in instead, which the result says (with Keycloak's own
 * answer to the same request).
 *
 * <p>The stock syncs run in realms of their own, so the realms under load keep their first sign-ins.
 */
final class SyncRunner {

    /** Bounds a sync request: 60,000 users take minutes, not hours. */
    static final Duration SYNC_TIMEOUT = Duration.ofMinutes(30);

    private final BenchEnvironment environment;

    SyncRunner(BenchEnvironment environment) {
        this.environment = environment;
    }

    List<SyncResult> run(java.io.PrintStream out) {
        List<SyncResult> results = new ArrayList<>();
        results.add(broker());
        Council first = environment.councils().get(0);
        out.println("  full sync, stock, one council (" + first.id() + ")...");
        results.add(stock("full-sync-one-council", "stock-sync-one", List.of(first)));
        out.println("    " + describe(results.get(results.size() - 1)));
        out.println("  full sync, stock, all " + environment.councils().size() + " councils...");
        results.add(stock("full-sync-all-councils", "stock-sync-all", environment.councils()));
        out.println("    " + describe(results.get(results.size() - 1)));
        return results;
    }

    static String describe(SyncResult r) {
        return r.status().equals("ok") ? String.format("%,d users in %.1f s: %.0f users/s", r.users(), r.seconds(),
                r.usersPerSecond()) : r.status() + ": " + r.detail();
    }

    /** Asks the broker realm's first council federation for a full sync, and reports what Keycloak says. */
    private SyncResult broker() {
        Target broker = environment.broker();
        AdminApi admin = environment.admin();
        String federation = federationId(admin, broker.realm(), environment.councils().get(0).id());
        String answer;
        try {
            JsonNode result = admin.postForJson("/realms/" + broker.realm() + "/user-storage/" + federation
                    + "/sync?action=triggerFullSync", Duration.ofMinutes(2));
            answer = "Keycloak answered " + result;
        } catch (AdminApiException e) {
            answer = "Keycloak answered " + e.getMessage();
        }
        return new SyncResult("full-sync", Target.BROKER, "not supported", environment.councils().size(), 0, 0, null,
                "borough-council-directory does not implement import synchronization: it imports each person at "
                        + "their first sign-in (measured by the first-login scenarios). " + answer, null);
    }

    private SyncResult stock(String scenario, String realm, List<Council> councils) {
        AdminApi admin = environment.admin();
        environment.createSyncRealm(realm, councils);
        ResourceSampler sampler = ResourceSampler.start(environment.serverProcesses());
        long started = System.nanoTime();
        long added = 0;
        List<String> details = new ArrayList<>();
        String status = "ok";
        for (Council council : councils) {
            String id = federationId(admin, realm, council.id());
            try {
                JsonNode result = admin.postForJson("/realms/" + realm + "/user-storage/" + id
                        + "/sync?action=triggerFullSync", SYNC_TIMEOUT);
                added += result.path("added").asLong() + result.path("updated").asLong();
                if (result.path("failed").asLong() > 0) {
                    status = "failed";
                }
                details.add(council.id() + ": " + result.path("status").asText(result.toString()));
            } catch (AdminApiException e) {
                status = "failed";
                details.add(council.id() + ": " + e.getMessage());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Resources resources = sampler.stop();
        return new SyncResult(scenario, Target.STOCK, status, councils.size(), added, Measure.round1(seconds),
                added == 0 ? null : Measure.round1(added / seconds), String.join("; ", details), resources);
    }

    private static String federationId(AdminApi admin, String realm, String name) {
        String realmId = admin.get("/realms/" + realm).path("id").asText();
        for (JsonNode component : admin.get("/realms/" + realm + "/components?parent=" + realmId + "&type="
                + StockRealm.USER_STORAGE)) {
            if (component.path("name").asText().equals(name)) {
                return component.path("id").asText();
            }
        }
        throw new IllegalStateException("Realm " + realm + " has no federation named " + name);
    }
}
