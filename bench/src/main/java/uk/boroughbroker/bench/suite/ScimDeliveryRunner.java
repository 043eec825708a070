package uk.boroughbroker.bench.suite;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import uk.boroughbroker.bench.environment.BenchEnvironment;
import uk.boroughbroker.bench.report.LifecycleResult;
import uk.boroughbroker.model.provisioning.ScimSystemKeys;
import uk.boroughbroker.realms.AdminApi;
import uk.boroughbroker.realms.Council;
import uk.boroughbroker.realms.ScimTargetRealm;

/**
 * SCIM delivery to a borough system (issue 14, decision 0029): a new system is declared for a council
 * whose people the broker already holds, a reconcile queues every one of them, and the bench counts
 * the accounts appearing at the system: seconds from the reconcile to each of the first ones, and
 * the sustained creates per second. The system is Keycloak's own SCIM API on a realm of the same
 * Keycloak (feature {@code scim-api}, preview: the dev topology only; the cluster is a production
 * build), so the two share the machine's cores as they do in {@code KeycloakScimSystemIT}.
 */
final class ScimDeliveryRunner {

    static final String SYSTEM = "bench-housing";
    /** Delivery measured after the reconcile: long enough for a rate beyond the first account's token. */
    static final Duration WINDOW = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchEnvironment environment;
    private final String realm;
    private final int people;

    /** @param people the accounts whose latency is reported: the first ones to appear */
    ScimDeliveryRunner(BenchEnvironment environment, String realm, int people) {
        this.environment = environment;
        this.realm = realm;
        this.people = people;
    }

    /** Dev topology only (see the class comment). */
    LifecycleResult run(Council council, PrintStream out) {
        AdminApi admin = environment.admin();
        ScimTargetRealm target = ScimTargetRealm.ensure(admin, admin.baseUrl(), SYSTEM);
        String componentId = system(admin, council, target);
        try {
            // The realm's own service account is a user too.
            long before = admin.get("/realms/" + SYSTEM + "/users/count").asLong();
            long start = System.nanoTime();
            JsonNode queued = admin.postForJson("/realms/" + realm + "/borough-provisioning/systems/" + SYSTEM
                    + "/reconcile?dryRun=false", Duration.ofMinutes(5));
            int toCreate = queued.path("queuedToCreate").size();
            long queuedAt = System.nanoTime();
            out.printf("    %d people of %s queued for %s by one reconcile in %.1f s%n", toCreate, council.id(), SYSTEM,
                    (queuedAt - start) / 1e9);
            List<Double> firstAccounts = new ArrayList<>();
            long count = 0;
            while (System.nanoTime() - queuedAt < LifecycleRunner.BOUND.toNanos()
                    && (firstAccounts.size() < people || System.nanoTime() - queuedAt < WINDOW.toNanos())
                    && count < toCreate) {
                count = admin.get("/realms/" + SYSTEM + "/users/count").asLong() - before;
                double at = (System.nanoTime() - start) / 1e9;
                while (firstAccounts.size() < Math.min(people, count)) {
                    firstAccounts.add(at);
                }
                LifecycleRunner.pause(POLL);
            }
            double elapsed = (System.nanoTime() - queuedAt) / 1e9;
            String detail = String.format("%d accounts created in %.1f s: %.1f creates/s (%s threads) to Keycloak's "
                    + "SCIM API on the same machine, from one reconcile of %d people", count, elapsed, count / elapsed,
                    ScimSystemKeys.THREAD_COUNT.fallback(), toCreate);
            if (firstAccounts.isEmpty()) {
                return new LifecycleResult("scim-delivery", council.id(), people, 0, LifecycleRunner.SYNC_SECONDS, null,
                        null, null, "no account within " + LifecycleRunner.BOUND.toSeconds() + " s: " + detail);
            }
            return new LifecycleResult("scim-delivery", council.id(), people, firstAccounts.size(),
                    LifecycleRunner.SYNC_SECONDS, Measure.round1(firstAccounts.get(firstAccounts.size() / 2)),
                    Measure.round1(firstAccounts.get(Math.max(0, (int) Math.ceil(0.95 * firstAccounts.size()) - 1))),
                    Measure.round1(firstAccounts.get(firstAccounts.size() - 1)), detail);
        } finally {
            // The rest of the queue stays behind, undelivered: the system is gone.
            admin.delete("/realms/" + realm + "/components/" + componentId);
        }
    }

    /** A borough system for everyone of the council, at the target, its secret in a file of its own. */
    private String system(AdminApi admin, Council council, ScimTargetRealm target) {
        Path secret;
        try {
            secret = Files.createTempFile("bench-scim-", ".secret");
            Files.writeString(secret, target.secret());
            secret.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the SCIM system's secret file: " + e.getMessage(), e);
        }
        ObjectNode component = JSON.createObjectNode().put("name", SYSTEM).put("providerId", ScimSystemKeys.PROVIDER_ID)
                .put("providerType", ScimSystemKeys.PROVIDER_TYPE)
                .put("parentId", admin.get("/realms/" + realm).path("id").asText());
        ObjectNode config = component.putObject("config");
        config.putArray(ScimSystemKeys.BASE_URL).add(target.scimUrl());
        config.putArray(ScimSystemKeys.ALLOW_PLAIN_HTTP).add("true");
        config.putArray(ScimSystemKeys.AUTH).add(ScimSystemKeys.AUTH_CLIENT_CREDENTIALS);
        config.putArray(ScimSystemKeys.TOKEN_URL).add(target.tokenUrl());
        config.putArray(ScimSystemKeys.CLIENT_ID).add(ScimTargetRealm.CLIENT_ID);
        config.putArray(ScimSystemKeys.CLIENT_SECRET_FILE).add(secret.toString());
        config.putArray(ScimSystemKeys.COUNCILS).add(council.id());
        admin.post("/realms/" + realm + "/components", component);
        for (JsonNode found : admin.get("/realms/" + realm + "/components?name=" + SYSTEM)) {
            return found.path("id").asText();
        }
        throw new IllegalStateException("the SCIM system " + SYSTEM + " was not created in " + realm);
    }
}
