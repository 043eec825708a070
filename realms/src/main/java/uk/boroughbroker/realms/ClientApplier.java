package uk.boroughbroker.realms;

import static uk.boroughbroker.realms.Representations.byField;
import static uk.boroughbroker.realms.Representations.encode;
import static uk.boroughbroker.realms.Representations.hasId;
import static uk.boroughbroker.realms.Representations.isSubset;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Brings the realm's client scopes (with their protocol mappers), its default client scopes and its
 * clients (with the scopes each one gets) in line with the files. A client scope a dry run would
 * create has no id yet: what would use it is reported as it would be, and nothing of it is read.
 */
final class ClientApplier {

    private final Writes writes;
    private final AdminApi api;
    private final String base;
    private final Map<String, String> scopeIds = new HashMap<>();
    /** Client scopes a dry run would create: no id to read or link them by. */
    private final Set<String> plannedScopes = new HashSet<>();

    ClientApplier(Writes writes, String realmPath) {
        this.writes = writes;
        this.api = writes.api();
        this.base = realmPath;
    }

    void apply(ObjectNode wanted, List<String> changes) {
        applyClientScopes(wanted.path("clientScopes"), changes);
        for (JsonNode name : wanted.path("defaultDefaultClientScopes")) {
            makeRealmDefault(name.asText(), changes);
        }
        applyClients(wanted.path("clients"), changes);
    }

    private void applyClientScopes(JsonNode declaredScopes, List<String> changes) {
        Map<String, JsonNode> existing = byField(api.get(base + "/client-scopes"), "name");
        existing.forEach((name, scope) -> scopeIds.put(name, scope.path("id").asText()));
        for (JsonNode declared : declaredScopes) {
            String name = declared.path("name").asText();
            String what = "client scope '" + name + "'";
            ObjectNode scope = ((ObjectNode) declared).deepCopy();
            JsonNode mappers = scope.remove("protocolMappers");
            JsonNode found = existing.get(name);
            if (found == null) {
                Optional<String> created = writes.create(base + "/client-scopes", scope, "created " + what);
                changes.add(writes.line(Verb.CREATE, what));
                if (writes.dryRun()) {
                    // No scope to read mappers from or link by: all of its mappers would be created.
                    plannedScopes.add(name);
                    for (JsonNode mapper : mappers != null && mappers.isArray() ? mappers : List.<JsonNode>of()) {
                        changes.add(writes.line(Verb.CREATE, mapper(name, mapper.path("name").asText())));
                    }
                    continue;
                }
                String id = created.orElseThrow(() -> new IllegalStateException("Keycloak did not say which id it gave "
                        + what));
                scopeIds.put(name, id);
                applyMappers(name, id, mappers, changes);
                continue;
            }
            String id = found.path("id").asText();
            scope.put("id", id);
            if (!isSubset(scope, found)) {
                writes.update(base + "/client-scopes/" + id, scope, found, "updated " + what);
                changes.add(writes.line(Verb.UPDATE, what));
            }
            applyMappers(name, id, mappers, changes);
        }
    }

    /**
     * Protocol mappers match by name: declared ones are created or updated, others deleted, because
     * Keycloak creates defaults of its own.
     */
    private void applyMappers(String scope, String scopeId, JsonNode declared, List<String> changes) {
        if (declared == null || !declared.isArray()) {
            return;
        }
        String path = base + "/client-scopes/" + scopeId + "/protocol-mappers/models";
        Map<String, JsonNode> existing = byField(api.get(path), "name");
        for (JsonNode child : declared) {
            String name = child.path("name").asText();
            ObjectNode body = ((ObjectNode) child).deepCopy();
            JsonNode found = existing.remove(name);
            String what = mapper(scope, name);
            if (found == null) {
                changes.add(writes.created(path, body, what));
            } else {
                body.put("id", found.path("id").asText());
                if (!isSubset(body, found)) {
                    writes.update(path + "/" + found.path("id").asText(), body, Writes.previous(body, found),
                            "updated " + what);
                    changes.add(writes.line(Verb.UPDATE, what));
                }
            }
        }
        for (Map.Entry<String, JsonNode> extra : existing.entrySet()) {
            writes.remove(path + "/" + extra.getValue().path("id").asText(), extra.getValue(), path,
                    "removed " + mapper(scope, extra.getKey()));
            changes.add(writes.line(Verb.REMOVE, "protocol mapper of client scope '" + scope + "' not in the files: '"
                    + extra.getKey() + "'"));
        }
    }

    private void makeRealmDefault(String name, List<String> changes) {
        String what = "client scope '" + name + "' a realm default";
        if (plannedScopes.contains(name)) {
            changes.add(writes.line(Verb.MAKE, what));
            return;
        }
        String id = scopeIds.get(name);
        if (id != null && !hasId(api.get(base + "/default-default-client-scopes"), id)) {
            writes.link(base + "/default-default-client-scopes/" + id, "made " + what);
            changes.add(writes.line(Verb.MAKE, what));
        }
    }

    private void applyClients(JsonNode declaredClients, List<String> changes) {
        for (JsonNode declared : declaredClients) {
            String clientId = declared.path("clientId").asText();
            String what = "client '" + clientId + "'";
            ObjectNode client = ((ObjectNode) declared).deepCopy();
            JsonNode defaultScopes = client.remove("defaultClientScopes");
            JsonNode optionalScopes = client.remove("optionalClientScopes");
            JsonNode found = api.get(base + "/clients?clientId=" + encode(clientId)).path(0);
            if (found.isMissingNode()) {
                client.set("defaultClientScopes", defaultScopes);
                client.set("optionalClientScopes", optionalScopes);
                changes.add(writes.created(base + "/clients", client, what));
                continue;
            }
            String id = found.path("id").asText();
            client.put("id", id);
            boolean visible = !isSubset(client, found);
            // The secret is never shown back; re-applying it is harmless and keeps it as configured.
            if (visible || client.has("secret")) {
                writes.update(base + "/clients/" + id, client, found, "updated " + what);
            }
            if (visible) {
                changes.add(writes.line(Verb.UPDATE, what));
            }
            linkScopes(base + "/clients/" + id, "default-client-scopes", defaultScopes, clientId, changes);
            linkScopes(base + "/clients/" + id, "optional-client-scopes", optionalScopes, clientId, changes);
        }
    }

    private void linkScopes(String clientPath, String kind, JsonNode names, String clientId, List<String> changes) {
        if (names == null || !names.isArray()) {
            return;
        }
        JsonNode linked = api.get(clientPath + "/" + kind);
        for (JsonNode name : names) {
            String what = kind.replace('-', ' ') + " '" + name.asText() + "' to client '" + clientId + "'";
            if (plannedScopes.contains(name.asText())) {
                changes.add(writes.line(Verb.ADD, what));
                continue;
            }
            String scopeId = scopeIds.get(name.asText());
            if (scopeId == null) {
                // ReferenceCheck found every name before the first write; this is a change made meanwhile.
                throw new AdminApiException(400, "client '" + clientId + "' names client scope '" + name.asText()
                        + "', which does not exist in the realm");
            }
            if (!hasId(linked, scopeId)) {
                writes.link(clientPath + "/" + kind + "/" + scopeId, "added " + what);
                changes.add(writes.line(Verb.ADD, what));
            }
        }
    }

    private static String mapper(String scope, String name) {
        return "protocol mapper of client scope '" + scope + "': '" + name + "'";
    }
}
