package uk.boroughbroker.realms;

import static uk.boroughbroker.realms.Representations.byField;
import static uk.boroughbroker.realms.Representations.encode;
import static uk.boroughbroker.realms.Representations.isSubset;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import uk.boroughbroker.model.directory.CouncilRetirement;

/**
 * The council federations (user storage components, one per council, named by council id): created
 * when missing, updated when their settings differ. A federation the files no longer declare is left
 * alone here: a council that left is retired, and deleted after the retention, only by
 * {@code councils apply --prune} ({@link FederationPruner}). A retired council declared again comes
 * back: the template enables its federation, and its retirement date is cleared.
 */
final class FederationApplier {

    private final Writes writes;
    private final AdminApi api;
    private final String base;
    private final String realmId;

    FederationApplier(Writes writes, String realmPath, String realmId) {
        this.writes = writes;
        this.api = writes.api();
        this.base = realmPath;
        this.realmId = realmId;
    }

    /**
     * Before anything changes: a federation of the same name but another type cannot be updated in
     * place (Keycloak cannot change a component's type), and replacing it would delete the users it
     * imported, which must be an admin's decision. Checked first so that nothing is half-applied.
     */
    void checkTypes(List<ObjectNode> federations) {
        Map<String, JsonNode> existing = existing();
        for (ObjectNode declared : federations) {
            JsonNode found = existing.get(declared.path("name").asText());
            String wantedType = declared.path("providerId").asText();
            if (found != null && !found.path("providerId").asText().equals(wantedType)) {
                throw new AdminApiException(409, "Federation '" + declared.path("name").asText()
                        + "' exists in Keycloak as type '" + found.path("providerId").asText()
                        + "', but the realm files declare type '" + wantedType + "'. Nothing was changed. Delete it in "
                        + "the admin console (its imported users go with it) and apply again; for the demo, "
                        + "./broker.sh reset starts afresh.");
            }
        }
    }

    void apply(List<ObjectNode> federations, List<String> changes) {
        Map<String, JsonNode> existing = existing();
        for (ObjectNode declared : federations) {
            String what = "federation '" + declared.path("name").asText() + "'";
            ObjectNode component = declared.deepCopy();
            component.put("parentId", realmId);
            component.put("providerType", RealmDefinition.USER_STORAGE);
            // Sent empty, so cleared: a council declared again is no longer retired (decision 0031).
            component.with("config").putArray(CouncilRetirement.RETIRED_AT);
            JsonNode found = existing.get(declared.path("name").asText());
            if (found == null) {
                changes.add(writes.created(base + "/components", component, what));
                continue;
            }
            String id = found.path("id").asText();
            component.put("id", id);
            boolean visible = !isSubset(component, found);
            // Credentials come back masked, so they are always re-applied; put back, the masked one
            // keeps the credential just sent (Keycloak cannot show the old one).
            writes.update(base + "/components/" + id, component, Writes.previous(component, found), "updated " + what);
            if (visible) {
                changes.add(writes.line(Verb.UPDATE, what));
            }
        }
    }

    private Map<String, JsonNode> existing() {
        return byField(api.get(base + "/components?parent=" + encode(realmId) + "&type=" + RealmDefinition.USER_STORAGE),
                "name");
    }
}
