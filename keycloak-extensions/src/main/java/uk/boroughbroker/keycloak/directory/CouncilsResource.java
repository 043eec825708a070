package uk.boroughbroker.keycloak.directory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.component.ComponentModel;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.storage.UserStorageProvider;

import uk.boroughbroker.model.directory.CouncilRetirement;

/**
 * {@code /admin/realms/{realm}/borough-councils}: every council directory as the broker sees it
 * (available, unavailable, retrying, with the last problem), a connection test and a sync per
 * council, and a council's retirement when it leaves the shared service (decision 0031). Viewing
 * needs view-realm; a test, which opens connections, needs manage-realm.
 */
public final class CouncilsResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    CouncilsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list() {
        auth.realm().requireViewRealm();
        return councils().map(model -> {
            CouncilDirectoryProviderFactory.Health health = factory().health(model);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("council", health.council());
            row.put("federationId", model.getId());
            row.put("enabled", CouncilDeparture.enabled(model));
            // Keycloak's component API shows only declared settings: the realm tooling reads it here.
            CouncilDeparture.retiredAt(model).ifPresent(at -> row.put("retiredAt", at.toString()));
            row.put("domainControllers", health.domainControllers());
            row.put("state", health.state());
            row.put("lastProblem", health.lastProblem());
            return row;
        }).toList();
    }

    @POST
    @Path("{council}/test")
    @Produces(MediaType.APPLICATION_JSON)
    public Response test(@PathParam("council") String council) {
        auth.realm().requireManageRealm();
        Optional<ComponentModel> model = council(council);
        if (model.isEmpty()) {
            return unknown(council);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("council", council);
        try {
            result.put("ok", true);
            result.put("millis", factory().test(session, model.get()));
        } catch (DirectoryUnavailableException e) {
            result.put("ok", false);
            result.put("problem", e.getMessage());
        }
        return Response.ok(result, MediaType.APPLICATION_JSON).build();
    }

    /**
     * Starts a full sync of the council now (joiners imported, everyone re-read, leavers disabled), in
     * the background: 202, then follow it with GET. 409 when one is already running on this node
     * (follow that one, then ask again); a pass running on another node makes this one wait its turn.
     */
    @POST
    @Path("{council}/sync")
    @Produces(MediaType.APPLICATION_JSON)
    public Response startSync(@PathParam("council") String council) {
        auth.users().requireManage();
        Optional<ComponentModel> model = council(council);
        if (model.isEmpty()) {
            return unknown(council);
        }
        if (!CouncilDeparture.enabled(model.get())) {
            Map<String, Object> refused = new LinkedHashMap<>();
            refused.put("error", "council_disabled");
            refused.put("error_description", "The directory of " + council + " is disabled"
                    + CouncilDeparture.retiredAt(model.get()).map(at -> " (the council was retired on " + at + ")")
                            .orElse("") + ": it is not synced");
            return Response.status(Response.Status.CONFLICT).entity(refused).type(MediaType.APPLICATION_JSON).build();
        }
        long requestedAt = System.currentTimeMillis();
        boolean started = factory().startSync(realm.getId(), model.get());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("council", council);
        result.put("requestedAt", requestedAt);
        if (!started) {
            result.put("error", "sync_running");
            result.put("error_description", "A sync of " + council + " is already running; follow it with GET, "
                    + "then ask again");
            return Response.status(Response.Status.CONFLICT).entity(result).type(MediaType.APPLICATION_JSON).build();
        }
        return Response.accepted(result).type(MediaType.APPLICATION_JSON).build();
    }

    /** The council's sync under way or last finished (within the hour): counts, refusals, state. */
    @GET
    @Path("{council}/sync")
    @Produces(MediaType.APPLICATION_JSON)
    public Response sync(@PathParam("council") String council) {
        auth.users().requireView();
        Optional<ComponentModel> model = council(council);
        if (model.isEmpty()) {
            return unknown(council);
        }
        Map<String, String> progress = SyncProgress.of(session, model.get().getId());
        Map<String, Object> result = new LinkedHashMap<>(progress);
        result.putIfAbsent("council", council);
        result.putIfAbsent("state", "none in the last hour");
        return Response.ok(result, MediaType.APPLICATION_JSON).build();
    }

    /**
     * What retiring the council would touch (for {@code councils apply --prune --dry-run}): its people,
     * how many are still enabled, the first few by name, and the council roles they hold.
     */
    @GET
    @Path("{council}/retire")
    @Produces(MediaType.APPLICATION_JSON)
    public Response retirement(@PathParam("council") String council) {
        auth.users().requireView();
        auth.realm().requireViewRealm();
        Optional<ComponentModel> model = council(council);
        if (model.isEmpty()) {
            return unknown(council);
        }
        return Response.ok(departure(model.get()).preview(session, realm), MediaType.APPLICATION_JSON).build();
    }

    /**
     * Retires the council (it left the shared service): its federation disabled and every enabled
     * person of it disabled as a leaver; nothing deleted. 200 with when it was retired, when it may be
     * deleted and how many people this call disabled (0 the second time); 409 when a sync pass of the
     * council under way on some node did not finish in time (the federation is disabled already:
     * ask again).
     */
    @POST
    @Path("{council}/retire")
    @Produces(MediaType.APPLICATION_JSON)
    public Response retire(@PathParam("council") String council) {
        auth.realm().requireManageRealm();
        auth.users().requireManage();
        Optional<ComponentModel> model = council(council);
        if (model.isEmpty()) {
            return unknown(council);
        }
        CouncilDeparture.Retired retired = departure(model.get()).retire();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("council", council);
        result.put("retiredAt", retired.retiredAt().toString());
        result.put("deletableFrom", CouncilRetirement.deletableFrom(retired.retiredAt()).toString());
        result.put("left", retired.left());
        adminEvent.operation(OperationType.ACTION).resource(ResourceType.COMPONENT)
                .resourcePath(session.getContext().getUri()).representation(result).success();
        if (retired.syncRunning()) {
            result.put("error", "sync_running");
            result.put("error_description", "The directory of " + council + " is disabled, so nobody of it can sign "
                    + "in or refresh, but a sync pass of it was still running; retire it again in a minute to "
                    + "disable its people and end their sessions");
            return Response.status(Response.Status.CONFLICT).entity(result).type(MediaType.APPLICATION_JSON).build();
        }
        return Response.ok(result, MediaType.APPLICATION_JSON).build();
    }

    private CouncilDeparture departure(ComponentModel model) {
        return new CouncilDeparture(session.getKeycloakSessionFactory(), realm.getId(), model,
                Clock.systemUTC());
    }

    private Response unknown(String council) {
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "unknown_council", "error_description", "No council directory named '"
                        + council + "' in realm " + realm.getName())).build();
    }

    private java.util.stream.Stream<ComponentModel> councils() {
        return CouncilDirectoryProviderFactory.federations(realm);
    }

    /** The council's federation in this realm, by council id. */
    private Optional<ComponentModel> council(String council) {
        return councils().filter(m -> m.getName().equals(council)).findFirst();
    }

    private CouncilDirectoryProviderFactory factory() {
        return (CouncilDirectoryProviderFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(UserStorageProvider.class, CouncilDirectoryProviderFactory.PROVIDER_ID);
    }
}
