package uk.boroughbroker.keycloak.provisioning;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import uk.boroughbroker.model.provisioning.ScimSystemKeys;

/**
 * The borough systems' delivery, under {@code /admin/realms/{realm}/borough-provisioning}:
 * <ul>
 * <li>{@code GET systems}: per system, changes pending and failed (with reasons) and the last
 * successful delivery (view-realm);</li>
 * <li>{@code POST systems/{system}/retry}: failed changes, and those waiting out a backoff, are due
 * now (manage-realm);</li>
 * <li>{@code POST systems/{system}/reconcile?dryRun=true|false}: what the system holds against what
 * it should; without dry run the differences are queued (manage-realm).</li>
 * </ul>
 * {@code {system}} is the component's name or id. Each checks permission first, before any lookup.
 */
public final class ProvisioningResource {

    static final int FAILURES_SHOWN = 20;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final ProvisioningWorkers workers;

    ProvisioningResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            ProvisioningWorkers workers) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.workers = workers;
    }

    @GET
    @Path("systems")
    @Produces(MediaType.APPLICATION_JSON)
    public Response systems() {
        auth.realm().requireViewRealm();
        Outbox outbox = Outbox.of(session);
        List<Map<String, Object>> systems = components().map(model -> status(outbox, model)).toList();
        return Response.ok(Map.of("realm", realm.getName(), "systems", systems), MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("systems/{system}/retry")
    @Produces(MediaType.APPLICATION_JSON)
    public Response retry(@PathParam("system") String system) {
        auth.realm().requireManageRealm();
        Optional<ScimSystemConfig> config = system(system);
        if (config.isEmpty()) {
            return unknown(system);
        }
        int due = Outbox.of(session).retry(config.get().id(), System.currentTimeMillis());
        ProvisioningEvents.adminAction(session, realm, config.get(), adminId(),
                Map.of("system", config.get().name(), "step", "retry", "changes", String.valueOf(due)));
        wakeAfterCommit();
        return Response.ok(Map.of("system", config.get().name(), "due", due), MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("systems/{system}/reconcile")
    @Produces(MediaType.APPLICATION_JSON)
    public Response reconcile(@PathParam("system") String system, @QueryParam("dryRun") String dryRun) {
        auth.realm().requireManageRealm();
        if (dryRun != null && !dryRun.equals("true") && !dryRun.equals("false")) {
            return error(Response.Status.BAD_REQUEST, "invalid_parameter", "dryRun must be true or false, not \""
                    + dryRun + "\"");
        }
        Optional<ScimSystemConfig> config = system(system);
        if (config.isEmpty()) {
            return unknown(system);
        }
        return Reconciliation.run(session, realm, workers.runnerFor(config.get()), !"false".equals(dryRun), adminId(),
                this::wakeAfterCommit);
    }

    /** The workers look once the queued rows are committed, not at their next poll. */
    private void wakeAfterCommit() {
        AfterCommit.run(session, workers::wake);
    }

    private Map<String, Object> status(Outbox outbox, ComponentModel model) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("id", model.getId());
        status.put("name", model.getName());
        status.put("baseUrl", model.get(ScimSystemKeys.BASE_URL));
        try {
            ScimSystemConfig.of(model);
        } catch (InvalidScimSystemException e) {
            status.put("invalid", e.problems());
        }
        status.put("pending", outbox.count(model.getId(), Outbox.PENDING));
        status.put("failed", outbox.count(model.getId(), Outbox.FAILED));
        status.put("failures", outbox.latest(model.getId(), Outbox.FAILED, FAILURES_SHOWN).stream()
                .map(row -> Map.of("user", row.getUserId(), "change", row.getKind(), "attempts", row.getAttempts(),
                        "reason", String.valueOf(row.getLastError()), "queuedAt",
                        Instant.ofEpochMilli(row.getCreatedAt()).toString())).toList());
        // Changes being retried (the system is down, slow or answering 5xx), with the last error.
        status.put("retrying", outbox.retrying(model.getId(), FAILURES_SHOWN).stream()
                .map(row -> Map.of("user", row.getUserId(), "change", row.getKind(), "attempts", row.getAttempts(),
                        "lastError", String.valueOf(row.getLastError()), "nextAttemptAt",
                        Instant.ofEpochMilli(row.getNextAttemptAt()).toString())).toList());
        status.put("lastSuccess", outbox.lastSuccess(model.getId()).map(t -> Instant.ofEpochMilli(t).toString())
                .orElse(null));
        return status;
    }

    private java.util.stream.Stream<ComponentModel> components() {
        return realm.getComponentsStream(realm.getId(), ScimSystemProvider.class.getName());
    }

    /** The system by component name or id; empty when unknown or its settings are invalid. */
    private Optional<ScimSystemConfig> system(String nameOrId) {
        return components().filter(m -> m.getName().equals(nameOrId) || m.getId().equals(nameOrId)).findFirst()
                .flatMap(m -> {
                    try {
                        return Optional.of(ScimSystemConfig.of(m));
                    } catch (InvalidScimSystemException e) {
                        return Optional.empty();
                    }
                });
    }

    private String adminId() {
        return auth.adminAuth().getUser().getId();
    }

    private Response unknown(String system) {
        return error(Response.Status.NOT_FOUND, "unknown_system", "Realm " + realm.getName()
                + " has no valid SCIM system named \"" + system + "\" (GET systems lists them)");
    }

    static Response error(Response.Status status, String error, String description) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", error, "error_description", description)).build();
    }
}
