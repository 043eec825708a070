package uk.boroughbroker.keycloak.apply;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import uk.boroughbroker.keycloak.testing.DemoBroker;
import uk.boroughbroker.realms.AdminApi;

/**
 * A realm a test applies for itself from the demo realm files, beside the demo realm: its variables
 * (the demo directories' and fresh client secrets), a clean start, and its federations as Keycloak
 * has them.
 */
final class OwnRealm {

    private OwnRealm() {
    }

    /** The demo directories' variables and a fresh secret for each confidential client. */
    static Map<String, String> variables(DemoBroker broker) {
        Map<String, String> values = new HashMap<>(broker.directories().variables());
        values.put("BROKER_DEMO_SERVICE_SECRET", UUID.randomUUID().toString());
        values.put("BROKER_LEWISHAM_REVENUES_SECRET", UUID.randomUUID().toString());
        return values;
    }

    /** Deletes the realm at {@code base} ({@code /realms/<name>}) if an earlier test left it. */
    static void deleteIfPresent(AdminApi admin, String base) {
        if (admin.find(base).isPresent()) {
            admin.delete(base);
        }
    }

    /** The council's federation (user storage component) in the realm at {@code base}, as Keycloak has it. */
    static JsonNode federation(AdminApi admin, String base, String council) {
        String realmId = admin.get(base).path("id").asText();
        for (JsonNode f : admin.get(base + "/components?parent=" + realmId
                + "&type=org.keycloak.storage.UserStorageProvider")) {
            if (council.equals(f.path("name").asText())) {
                return f;
            }
        }
        throw new AssertionError("no federation " + council);
    }
}
