package uk.boroughbroker.keycloak.directory;

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
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.storage.UserStorageProvider;

/**
 * {@code /admin/realms/{realm}/borough-councils}: every council directory as the broker sees it
 * (available, unavailable, retrying, with the last problem), and a connection test per council.
 * Viewing needs view-realm; a test, which opens connections, needs manage-realm.
 */
public final class CouncilsResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    CouncilsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
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
            row.put("enabled", !"false".equals(model.get("enabled")));
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
        Optional<ComponentModel> model = councils().filter(m -> m.getName().equals(council)).findFirst();
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
        Optional<ComponentModel> model = councils().filter(m -> m.getName().equals(council)).findFirst();
        if (model.isEmpty()) {
            return unknown(council);
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
        Optional<ComponentModel> model = councils().filter(m -> m.getName().equals(council)).findFirst();
        if (model.isEmpty()) {
            return unknown(council);
        }
        Map<String, String> progress = SyncProgress.of(session, model.get().getId());
        Map<String, Object> result = new LinkedHashMap<>(progress);
        result.putIfAbsent("council", council);
        result.putIfAbsent("state", "none in the last hour");
        return Response.ok(result, MediaType.APPLICATION_JSON).build();
    }

    private Response unknown(String council) {
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "unknown_council", "error_description", "No council directory named '"
                        + council + "' in realm " + realm.getName())).build();
    }

    private java.util.stream.Stream<ComponentModel> councils() {
        return realm.getComponentsStream(realm.getId(), UserStorageProvider.class.getName())
                .filter(c -> CouncilDirectoryProviderFactory.PROVIDER_ID.equals(c.getProviderId()));
    }

    private CouncilDirectoryProviderFactory factory() {
        return (CouncilDirectoryProviderFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(UserStorageProvider.class, CouncilDirectoryProviderFactory.PROVIDER_ID);
    }
}
