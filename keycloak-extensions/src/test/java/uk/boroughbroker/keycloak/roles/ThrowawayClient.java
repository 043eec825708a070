package uk.boroughbroker.keycloak.roles;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import uk.boroughbroker.realms.AdminApi;

/**
 * An app added to the borough realm for one test through the Admin REST API, as an admin adds one in
 * the console (so with the realm's default client scopes, the {@code council} scope among them), and
 * deleted again on close.
 */
final class ThrowawayClient implements AutoCloseable {

    private final AdminApi admin;
    private final String id;
    private final String clientId;
    private final String secret;

    private ThrowawayClient(AdminApi admin, String id, String clientId, String secret) {
        this.admin = admin;
        this.id = id;
        this.clientId = clientId;
        this.secret = secret;
    }

    /**
     * A confidential client with the password grant, and its own service account when asked.
     *
     * @param councilScopes the {@code council:<id>} scopes it is offered (optional scopes)
     */
    static ThrowawayClient create(AdminApi admin, String clientId, boolean serviceAccount, List<String> councilScopes) {
        String secret = UUID.randomUUID().toString();
        ObjectNode client = new ObjectMapper().createObjectNode().put("clientId", clientId)
                .put("protocol", "openid-connect").put("publicClient", false).put("secret", secret)
                .put("standardFlowEnabled", false).put("directAccessGrantsEnabled", true)
                .put("serviceAccountsEnabled", serviceAccount);
        String id = admin.post("/realms/borough/clients", client).orElseThrow();
        ThrowawayClient created = new ThrowawayClient(admin, id, clientId, secret);
        for (JsonNode scope : admin.get("/realms/borough/client-scopes")) {
            if (councilScopes.contains(scope.path("name").asText())) {
                admin.put("/realms/borough/clients/" + id + "/optional-client-scopes/" + scope.path("id").asText());
            }
        }
        return created;
    }

    String clientId() {
        return clientId;
    }

    String secret() {
        return secret;
    }

    @Override
    public void close() {
        admin.delete("/realms/borough/clients/" + id);
    }
}
