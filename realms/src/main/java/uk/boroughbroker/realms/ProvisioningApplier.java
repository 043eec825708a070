package uk.boroughbroker.realms;

import static uk.boroughbroker.realms.Representations.byField;
import static uk.boroughbroker.realms.Representations.encode;
import static uk.boroughbroker.realms.Representations.isSubset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import uk.boroughbroker.model.provisioning.ScimSystemKeys;

/**
 * The borough systems of {@code provisioning.yaml}: {@code borough-scim-system} components of the realm
 * (decision 0029), named by system id, created when missing and updated when their settings differ.
 * A system the file no longer declares is reported and left alone, unless the apply prunes: then it
 * is deleted, after the rest of the apply committed (as {@link FederationPruner} does with councils),
 * since a deleted component cannot be put back with its id (the outbox and the people's fingerprints
 * name it). Without a provisioning file the systems are not managed by files at all: none is
 * reported or deleted.
 */
final class ProvisioningApplier {

    private final Writes writes;
    private final AdminApi api;
    private final String base;
    private final String realmId;
    private final List<JsonNode> undeclared = new ArrayList<>();

    ProvisioningApplier(Writes writes, String realmPath, String realmId) {
        this.writes = writes;
        this.api = writes.api();
        this.base = realmPath;
        this.realmId = realmId;
    }

    void apply(Optional<Provisioning> declared, List<String> changes) {
        if (declared.isEmpty()) {
            return;
        }
        Map<String, JsonNode> existing = new TreeMap<>(byField(api.get(base + "/components?parent=" + encode(realmId) + "&type="
                + encode(ScimSystemKeys.PROVIDER_TYPE)), "name"));
        for (Provisioning.ScimSystem system : declared.get().systems()) {
            String what = "system '" + system.name() + "'";
            ObjectNode component = component(system);
            JsonNode found = existing.remove(system.name());
            if (found == null) {
                changes.add(writes.created(base + "/components", component, what));
            } else if (!isSubset(component, found)) {
                String id = found.path("id").asText();
                component.put("id", id);
                writes.update(base + "/components/" + encode(id), component, Writes.previous(component, found),
                        "updated " + what);
                changes.add(writes.line(Verb.UPDATE, what));
            }
        }
        undeclared.addAll(existing.values());
    }

    /**
     * After the rest of the apply committed: each system the file no longer declares, deleted when
     * {@code prune}, otherwise said in a notice.
     *
     * @return the notices
     */
    List<String> undeclared(boolean prune, List<String> changes) {
        List<String> notices = new ArrayList<>();
        for (JsonNode system : undeclared) {
            String what = "system '" + system.path("name").asText() + "'";
            if (!prune) {
                notices.add(what + " is no longer declared in " + ProvisioningLoader.FILE + "; it still provisions "
                        + "accounts. Declare it again, or apply with --prune to delete it (its accounts at the system "
                        + "stay as they are)");
                continue;
            }
            if (!writes.dryRun()) {
                api.delete(base + "/components/" + encode(system.path("id").asText()));
            }
            changes.add(writes.line(Verb.DELETE, what + " (no longer declared in " + ProvisioningLoader.FILE + ")"));
        }
        return notices;
    }

    private ObjectNode component(Provisioning.ScimSystem system) {
        ObjectNode component = JsonNodeFactory.instance.objectNode();
        component.put("name", system.name());
        component.put("providerId", ScimSystemKeys.PROVIDER_ID);
        component.put("providerType", ScimSystemKeys.PROVIDER_TYPE);
        component.put("parentId", realmId);
        ObjectNode config = component.putObject("config");
        // Every key, those not given sent empty: Keycloak then clears what an earlier file (or an admin) set.
        for (String key : ScimSystemKeys.KEYS) {
            config.putArray(key);
            system.config().getOrDefault(key, List.of()).forEach(config.withArray(key)::add);
        }
        return component;
    }
}
