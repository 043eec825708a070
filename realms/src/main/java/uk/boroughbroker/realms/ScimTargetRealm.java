package uk.boroughbroker.realms;

import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A borough system that speaks SCIM 2.0 for real: a realm of a Keycloak with Keycloak's own SCIM API
 * on (feature {@code scim-api}, preview), a confidential client whose service account may manage
 * users, an audience mapper (the SCIM API refuses other audiences) and a user profile that stores
 * what the broker sends (the SCIM API silently drops attributes the profile does not map). The
 * demo's housing system ({@code ./broker.sh up}) and the provisioning ITs' systems are such realms.
 */
public final class ScimTargetRealm {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The client the broker signs in with (client credentials). */
    public static final String CLIENT_ID = "borough-provisioner";

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

    /**
     * A new realm {@code name}, replacing one of that name with all its accounts, with a new secret
     * (tests: the server is shared by the test classes).
     */
    public static ScimTargetRealm ensure(AdminApi admin, String serverUrl, String name) {
        if (admin.find("/realms/" + name).isPresent()) {
            admin.delete("/realms/" + name);
        }
        return create(admin, serverUrl, name, UUID.randomUUID().toString());
    }

    /**
     * The realm {@code name}, created with {@code secret} unless it is there already, in which case
     * it and its accounts are kept and its client is given {@code secret} (the demo: a restart keeps
     * what the system got).
     *
     * @return whether it was created
     */
    public static boolean createOrKeep(AdminApi admin, String serverUrl, String name, String secret) {
        Optional<JsonNode> clients = admin.find("/realms/" + name + "/clients?clientId=" + CLIENT_ID);
        if (clients.isPresent() && !clients.get().isEmpty()) {
            // A partial representation: Keycloak updates only what it carries.
            admin.put("/realms/" + name + "/clients/" + clients.get().get(0).path("id").asText(),
                    JSON.createObjectNode().put("secret", secret));
            return false;
        }
        if (clients.isPresent()) {
            // The realm without the broker's client (deleted by hand): start it again.
            admin.delete("/realms/" + name);
        }
        create(admin, serverUrl, name, secret);
        return true;
    }

    private static ScimTargetRealm create(AdminApi admin, String serverUrl, String name, String secret) {
        String scimUrl = scimUrl(serverUrl, name);
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

    /** The SCIM base URL of realm {@code name} of the Keycloak at {@code serverUrl}. */
    public static String scimUrl(String serverUrl, String name) {
        return serverUrl + "/realms/" + name + "/scim/v2";
    }

    /** The token endpoint of realm {@code name} of the Keycloak at {@code serverUrl}. */
    public static String tokenUrl(String serverUrl, String name) {
        return serverUrl + "/realms/" + name + "/protocol/openid-connect/token";
    }

    public String name() {
        return name;
    }

    public String scimUrl() {
        return baseUrl;
    }

    public String tokenUrl() {
        return tokenUrl(admin.baseUrl(), name);
    }

    public String secret() {
        return secret;
    }

    /** The realm's users as Keycloak holds them (the truth, not a SCIM echo). */
    public JsonNode users(String query) {
        return admin.get("/realms/" + name + "/users?briefRepresentation=false&" + query);
    }
}
