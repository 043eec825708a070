package uk.boroughbroker.keycloak.provisioning;

import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import uk.boroughbroker.realms.AdminApi;

/**
 * A borough system that speaks SCIM 2.0 for real: a realm of the test server with Keycloak's own
 * SCIM API on (feature {@code scim-api}), a confidential client whose service account may manage
 * users, an audience mapper (the SCIM API refuses other audiences) and a user profile that stores
 * what we send (the SCIM API silently drops attributes the profile does not map).
 */
final class ScimTargetRealm {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CLIENT_ID = "borough-provisioner";

    private final AdminApi admin;
    private final String name;
    private final String baseUrl;
    private final String secret;

    private ScimTargetRealm(AdminApi admin, String name, String baseUrl, String secret) {
        this.admin = admin;
        this.name = name;
        this.baseUrl = baseUrl;
        this.secret = secret;
    }

    /** Creates the realm if it is not there yet (the server is shared by the test classes). */
    static ScimTargetRealm ensure(AdminApi admin, String serverUrl, String name) {
        String scimUrl = serverUrl + "/realms/" + name + "/scim/v2";
        Optional<JsonNode> existing = admin.find("/realms/" + name);
        if (existing.isPresent()) {
            admin.delete("/realms/" + name);
        }
        String secret = UUID.randomUUID().toString();
        ObjectNode realm = JSON.createObjectNode().put("realm", name).put("enabled", true).put("scimApiEnabled", true)
                .put("adminEventsEnabled", true);
        ObjectNode client = realm.putArray("clients").addObject().put("clientId", CLIENT_ID).put("secret", secret)
                .put("publicClient", false).put("serviceAccountsEnabled", true).put("standardFlowEnabled", false);
        client.putArray("protocolMappers").addObject().put("name", "scim-audience").put("protocol", "openid-connect")
                .put("protocolMapper", "oidc-audience-mapper")
                .set("config", JSON.createObjectNode().put("included.custom.audience", scimUrl)
                        .put("access.token.claim", "true").put("id.token.claim", "false"));
        ObjectNode account = realm.putArray("users").addObject().put("username", "service-account-" + CLIENT_ID)
                .put("enabled", true).put("serviceAccountClientId", CLIENT_ID);
        account.putObject("clientRoles").putArray("realm-management").add("manage-users");
        realm.putObject("components").putArray("org.keycloak.userprofile.UserProfileProvider").addObject()
                .put("providerId", "declarative-user-profile").putObject("config").putArray("kc.user.profile.config")
                .add(userProfile());
        admin.post("/realms", realm);
        return new ScimTargetRealm(admin, name, scimUrl, secret);
    }

    /** Username, email, names, and the SCIM attributes we send mapped by kc.scim.schema.attribute. */
    private static String userProfile() {
        ObjectNode profile = JSON.createObjectNode();
        ArrayNode attributes = profile.putArray("attributes");
        for (String plain : new String[] {"username", "email", "firstName", "lastName"}) {
            attributes.addObject().put("name", plain).put("displayName", plain).putObject("permissions")
                    .putArray("view").add("admin").add("user");
        }
        mapped(attributes, "externalId", "externalId");
        mapped(attributes, "employeeNumber", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber");
        mapped(attributes, "department", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department");
        profile.putArray("groups").addObject().put("name", "user-metadata").put("displayHeader", "User metadata");
        return profile.toString();
    }

    private static void mapped(ArrayNode attributes, String name, String scimPath) {
        ObjectNode attribute = attributes.addObject().put("name", name).put("displayName", name);
        attribute.putObject("annotations").put("kc.scim.schema.attribute", scimPath);
        ObjectNode permissions = attribute.putObject("permissions");
        permissions.putArray("view").add("admin");
        permissions.putArray("edit").add("admin");
    }

    String name() {
        return name;
    }

    String scimUrl() {
        return baseUrl;
    }

    String tokenUrl() {
        return admin.baseUrl() + "/realms/" + name + "/protocol/openid-connect/token";
    }

    String secret() {
        return secret;
    }

    /** The realm's users as Keycloak holds them (the truth, not a SCIM echo). */
    JsonNode users(String query) {
        return admin.get("/realms/" + name + "/users?briefRepresentation=false&" + query);
    }
}
