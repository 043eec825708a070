package uk.boroughbroker.keycloak.roles;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import uk.boroughbroker.keycloak.homecouncil.HomeCouncil;
import uk.boroughbroker.keycloak.directory.DirectoryAttributes;
import uk.boroughbroker.model.policy.CouncilPolicy;

/**
 * The council roles explained, under {@code /admin/realms/{realm}/borough-roles}:
 * <ul>
 * <li>{@code GET why?user=&role=&council=}: why a person holds (or does not hold) a catalogue role at
 * a council, with the policy rule, its group DN and its line in the policy file;</li>
 * <li>{@code POST preview?first=&max=} with a proposed policy (its server form, as the realm tooling
 * writes it): which people would gain and lose which roles, from the groups their directories last
 * reported, at most {@value PolicyPreview.Page#MAX} people per call. Changes nothing.</li>
 * </ul>
 * Both check view-users first, before anything is looked up, and only tell about users the caller
 * may view.
 */
public final class CouncilRolesResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    CouncilRolesResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Path("why")
    @Produces(MediaType.APPLICATION_JSON)
    public Response why(@QueryParam("user") String username, @QueryParam("role") String role,
            @QueryParam("council") String council) {
        // First, before any lookup: whether a user exists is itself something only viewers may learn.
        auth.users().requireView();
        if (blank(username) || blank(role) || blank(council)) {
            return error(Response.Status.BAD_REQUEST, "missing_parameter",
                    "Give user (username), role (such as revenues-benefits:officer) and council (such as lewisham)");
        }
        UserModel user = session.users().getUserByUsername(realm, username);
        if (user == null || !auth.users().canView(user)) {
            return error(Response.Status.NOT_FOUND, "unknown_user", "No user '" + username + "' that you may view");
        }
        Optional<CouncilPolicy> policy = RealmPolicy.of(realm);
        if (policy.isEmpty()) {
            return error(Response.Status.NOT_FOUND, "no_policy", "Realm " + realm.getName() + " has no council policy");
        }
        // From the federation link, never an attribute (decision 0005).
        String home = HomeCouncil.of(realm, user).orElse(null);
        List<String> groups = user.getAttributeStream(DirectoryAttributes.GROUPS).toList();
        List<CouncilPolicy.Rule> because = home == null ? List.of() : policy.get().why(home, groups, role, council);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("user", user.getUsername());
        answer.put("homeCouncil", home);
        answer.put("role", role);
        answer.put("council", council);
        answer.put("holds", !because.isEmpty());
        answer.put("because", because.stream().map(r -> Map.of("group", r.groupAsWritten(), "scopeCouncils",
                r.grantedAt(), "source", r.source())).toList());
        if (because.isEmpty()) {
            answer.put("note", home == null ? "The user comes from no council directory."
                    : "No rule of " + home + " gives this role at " + council + " to the user's groups.");
        }
        return Response.ok(answer, MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response preview(@QueryParam("first") String first, @QueryParam("max") String max, String proposedPolicy) {
        auth.users().requireView();
        // Parameters as text and checked here: JAX-RS answers a malformed number with a bare 404.
        Optional<Integer> from = PolicyPreview.Page.first(first);
        if (from.isEmpty()) {
            return error(Response.Status.BAD_REQUEST, "invalid_parameter", "first must be a whole number from 0 "
                    + "(the position of the first person to compare), not '" + first + "'");
        }
        Optional<Integer> size = PolicyPreview.Page.max(max);
        if (size.isEmpty()) {
            return error(Response.Status.BAD_REQUEST, "invalid_parameter", "max must be a whole number from 1 to "
                    + PolicyPreview.Page.MAX + " (people compared per call), not '" + max + "'");
        }
        CouncilPolicy proposed;
        try {
            proposed = CouncilPolicy.parse(proposedPolicy == null ? "" : proposedPolicy);
        } catch (java.io.IOException | RuntimeException e) {
            return error(Response.Status.BAD_REQUEST, "invalid_policy",
                    "The body must be a council policy in its server form (JSON): " + e.getMessage());
        }
        PolicyPreview preview = PolicyPreview.compare(session, realm, proposed, auth.users()::canView,
                new PolicyPreview.Page(from.get(), size.get()));
        return Response.ok(preview.toMap(), MediaType.APPLICATION_JSON).build();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Response error(Response.Status status, String error, String description) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", error, "error_description", description)).build();
    }
}
