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
 * Full directory syncs (every directory user imported into Keycloak), broker and stock alike through
 * Keycloak's own request ({@code POST .../user-storage/{id}/sync?action=triggerFullSync}): the broker's
 * {@code borough-council-directory} runs its council sync pass for it (decision 0030), Keycloak's
 * {@code ldap} provider its full sync.
 *
 * <p>Each sync runs in a realm of its own, so the realms under load keep their first sign-ins, and
 * one council's sync and all councils' never share a realm (the second would find people imported).
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
        Council first = environment.councils().get(0);
        List<Council> all = environment.councils();
        for (String target : List.of(Target.BROKER, Target.STOCK)) {
            out.println("  full sync, " + target + ", one council (" + first.id() + ")...");
            results.add(sync("full-sync-one-council", target, List.of(first)));
            out.println("    " + describe(results.get(results.size() - 1)));
            out.println("  full sync, " + target + ", all " + all.size() + " councils...");
            results.add(sync("full-sync-all-councils", target, all));
            out.println("    " + describe(results.get(results.size() - 1)));
        }
        return results;
    }

    static String describe(SyncResult r) {
        return r.status().equals("ok") ? String.format("%,d users in %.1f s: %.0f users/s", r.users(), r.seconds(),
                r.usersPerSecond()) : r.status() + ": " + r.detail();
    }

    private SyncResult sync(String scenario, String target, List<Council> councils) {
        AdminApi admin = environment.admin();
        String realm = target + (councils.size() == 1 ? "-sync-one" : "-sync-all");
        if (Target.BROKER.equals(target)) {
            environment.createBrokerSyncRealm(realm);
        } else {
            environment.createSyncRealm(realm, councils);
        }
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
                if (result.path("failed").asLong() > 0 || result.path("ignored").asBoolean(false)) {
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
        return new SyncResult(scenario, target, status, councils.size(), added, Measure.round1(seconds),
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
