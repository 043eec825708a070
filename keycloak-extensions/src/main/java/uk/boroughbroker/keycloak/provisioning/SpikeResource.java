package uk.boroughbroker.keycloak.provisioning;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.UserResource;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

public final class SpikeResource {
    private final AdminPermissionEvaluator auth;

    SpikeResource(AdminPermissionEvaluator auth) {
        this.auth = auth;
    }

    @POST
    @Path("spike")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response spike(Map<String, String> in) throws Exception {
        auth.realm().requireManageRealm();
        Map<String, Object> out = new LinkedHashMap<>();
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(in.get("clientId"), StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(in.get("clientSecret"), StandardCharsets.UTF_8);
        HttpResponse<String> t = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(in.get("tokenUrl")))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode tok = new ObjectMapper().readTree(t.body());
        String token = tok.path("access_token").asText();
        out.put("runtimeDelegate", jakarta.ws.rs.ext.RuntimeDelegate.getInstance().getClass().getName());
        try (ScimConnection c = new ScimConnection(in.get("baseUrl"), Duration.ofSeconds(5), Duration.ofSeconds(10), () -> token)) {
            UserResource u = new UserResource().setUserName(in.get("userName"))
                    .setName(new Name().setGivenName("Spike").setFamilyName("Person"))
                    .setEmails(new Email().setValue(in.get("userName") + "@example.org").setPrimary(true)).setActive(true);
            u.setExternalId("ext-" + in.get("userName"));
            long t0 = System.nanoTime();
            UserResource created = c.scim().create("Users", u);
            out.put("createdId", created.getId());
            ListResponse<UserResource> found = c.scim().searchRequest("Users").filter(Filter.eq("externalId", "ext-" + in.get("userName"))).invoke(UserResource.class);
            out.put("found", found.getTotalResults());
            UserResource patched = c.scim().modifyRequest("Users", created.getId()).replaceValue("active", false).invoke(UserResource.class);
            out.put("activeAfterPatch", patched.getActive());
            try {
                c.scim().create("Users", u);
                out.put("conflict", "none");
            } catch (Exception e) {
                out.put("conflict", e.getClass().getName() + ": " + e.getMessage());
            }
            out.put("ms", (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception e) {
            java.io.StringWriter sw = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(sw));
            out.put("error", sw.toString());
        }
        return Response.ok(out).build();
    }
}
