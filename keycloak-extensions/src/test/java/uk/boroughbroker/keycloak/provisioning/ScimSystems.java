package uk.boroughbroker.keycloak.provisioning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import uk.boroughbroker.model.provisioning.ScimSystemKeys;
import uk.boroughbroker.realms.AdminApi;
import uk.boroughbroker.realms.ScimTargetRealm;

/**
 * Borough systems on the demo realm as an admin (or the realm tooling) creates them: a
 * {@code borough-scim-system} component through the admin REST API. Secrets go to files the server
 * reads (test JVM and server share the machine), never into the component.
 */
final class ScimSystems {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String REALM = "borough";

    private final AdminApi admin;

    ScimSystems(AdminApi admin) {
        this.admin = admin;
    }

    /** A secret in a file only this user can read; returns its path. */
    static Path secretFile(String secret) {
        try {
            Path file = Files.createTempFile("borough-scim-", ".secret");
            Files.writeString(file, secret);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the system; settings are the component's config (lists for councils and roles). */
    String create(String name, Map<String, List<String>> settings) {
        ObjectNode component = JSON.createObjectNode().put("name", name)
                .put("providerId", ScimSystemProviderFactory.PROVIDER_ID)
                .put("providerType", ScimSystemProvider.class.getName())
                .put("parentId", admin.get("/realms/" + REALM).path("id").asText());
        component.set("config", JSON.valueToTree(settings));
        return admin.post("/realms/" + REALM + "/components", component).orElseThrow();
    }

    /** A system at Keycloak's SCIM API on {@code target}, for Camden people holding {@code roles} (none: any). */
    String keycloakSystem(String name, ScimTargetRealm target, List<String> roles) {
        return keycloakSystem(name, target, roles, Map.of());
    }

    /** The same, with further settings (such as the leaver action). */
    String keycloakSystem(String name, ScimTargetRealm target, List<String> roles, Map<String, String> more) {
        Map<String, List<String>> settings = new java.util.HashMap<>(Map.of(
                ScimSystemKeys.BASE_URL, List.of(target.scimUrl()),
                ScimSystemKeys.ALLOW_PLAIN_HTTP, List.of("true"),
                // Keycloak's SCIM API serves /Groups: each account's council roles go as groups.
                ScimSystemKeys.GROUPS, List.of("true"),
                ScimSystemKeys.AUTH, List.of(ScimSystemKeys.AUTH_CLIENT_CREDENTIALS),
                ScimSystemKeys.TOKEN_URL, List.of(target.tokenUrl()),
                ScimSystemKeys.CLIENT_ID, List.of(ScimTargetRealm.CLIENT_ID),
                ScimSystemKeys.CLIENT_SECRET_FILE, List.of(secretFile(target.secret()).toString()),
                ScimSystemKeys.COUNCILS, List.of("camden"),
                ScimSystemKeys.ROLES, roles));
        more.forEach((key, value) -> settings.put(key, List.of(value)));
        return create(ScimSystems.name(name), settings);
    }

    void remove(String id) {
        admin.delete("/realms/" + REALM + "/components/" + id);
    }

    /** This system's delivery status, as {@code GET borough-provisioning/systems} reports it. */
    JsonNode status(String id) {
        for (JsonNode system : admin.get("/realms/" + REALM + "/borough-provisioning/systems").path("systems")) {
            if (system.path("id").asText().equals(id)) {
                return system;
            }
        }
        throw new AssertionError("no system " + id + " in the status");
    }

    /** A unique name, so that each test's system is its own. */
    static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
