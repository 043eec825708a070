package uk.boroughbroker.keycloak.directory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import uk.boroughbroker.realms.AdminApi;

/**
 * One council's federation on the demo broker, as a test changes it (a directory down, a DC hung)
 * through the admin REST API and puts it back afterwards ({@link #restore()}).
 */
final class CouncilFederation {

    private final AdminApi admin;
    private final JsonNode original;

    private CouncilFederation(AdminApi admin, JsonNode original) {
        this.admin = admin;
        this.original = original;
    }

    /** The council's federation as it is now; {@link #restore()} puts it back so. */
    static CouncilFederation of(AdminApi admin, String council) {
        return new CouncilFederation(admin, read(admin, council));
    }

    /** The federation's component as the admin REST API shows it now. */
    static JsonNode read(AdminApi admin, String council) {
        String realmId = admin.get("/realms/borough").path("id").asText();
        for (JsonNode component : admin.get("/realms/borough/components?parent=" + realmId
                + "&type=org.keycloak.storage.UserStorageProvider")) {
            if (component.path("name").asText().equals(council)) {
                return component;
            }
        }
        throw new AssertionError("no federation " + council);
    }

    /** The first directory URL it had. */
    String originalUrl() {
        return original.path("config").path("connectionUrls").path(0).asText();
    }

    /** Points the council at other directory URLs, short timeouts, the circuit open after 2 failures. */
    void pointAt(String... urlsInOrder) {
        change("connectionUrls", String.join("##", urlsInOrder), "readTimeoutMillis", "1000",
                "connectTimeoutMillis", "1000", "failureThreshold", "2");
    }

    /** Changes settings (key, value, key, value...), keeping the (masked) credential as it is. */
    void change(String... settings) {
        ObjectNode changed = original.deepCopy();
        ObjectNode config = (ObjectNode) changed.path("config");
        for (int i = 0; i < settings.length; i += 2) {
            ((ArrayNode) config.putArray(settings[i])).add(settings[i + 1]);
        }
        admin.put("/realms/borough/components/" + original.path("id").asText(), changed);
    }

    void restore() {
        admin.put("/realms/borough/components/" + original.path("id").asText(), original);
    }

    /** A loopback port nothing listens on: a directory that refuses connections. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
