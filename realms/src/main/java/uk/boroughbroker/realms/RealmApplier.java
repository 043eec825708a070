package uk.boroughbroker.realms;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Makes a running Keycloak match a {@link RealmDefinition}: creates the realm when it is missing;
 * otherwise brings its settings, client scopes, clients and council federations in line with the
 * files. Idempotent: applying the same definition twice changes nothing the second time.
 *
 * <p>All or nothing (decision 0016): every name the files use is checked against Keycloak before
 * the first write ({@link ReferenceCheck}); if Keycloak still refuses a write, every write this
 * apply made is put back ({@link UndoLog}) and an {@link ApplyException} says so.
 *
 * <p>What the files declare wins over what an admin changed by hand. What the files do not declare
 * (users, a federation for a council no longer listed, a client added in the console) is left alone:
 * removing a council's federation would delete its users, which must be a deliberate act. Council
 * roles of catalogue roles the policy dropped are the exception: they are revoked and deleted.
 */
public final class RealmApplier {

    /** Parts of a realm representation that are applied piece by piece, not with the realm PUT. */
    private static final Set<String> NOT_REALM_SETTINGS = Set.of("components", "clients", "clientScopes",
            "defaultDefaultClientScopes", "defaultOptionalClientScopes", "users", "groups", "roles",
            "identityProviders", "identityProviderMappers", "authenticationFlows", "authenticatorConfig",
            "requiredActions", "scopeMappings", "clientScopeMappings");
    private static final String MASKED = "**********";
    private static final List<String> FLOW_FIELDS = List.of("authenticationFlows", "browserFlow", "directGrantFlow",
            "registrationFlow", "resetCredentialsFlow", "clientAuthenticationFlow", "dockerAuthenticationFlow",
            "firstBrokerLoginFlow");

    private static final String PLANNED = Writes.PLANNED;

    private final AdminApi api;
    private final boolean dryRun;
    private Writes writes;

    public RealmApplier(AdminApi api) {
        this(api, false);
    }

    /** @param dryRun only read Keycloak and report what would change; write nothing */
    public RealmApplier(AdminApi api, boolean dryRun) {
        this.api = api;
        this.dryRun = dryRun;
    }

    /**
     * @return one line per change made (or, in a dry run, that would be made); empty when Keycloak
     *         already matched
     * @throws ConfigurationException when the files name something that does not exist; nothing written
     * @throws ApplyException when Keycloak refused a write; what was written was put back
     */
    public synchronized List<String> apply(RealmDefinition definition) {
        writes = new Writes(api, dryRun);
        try {
            List<String> changes = applyAll(definition);
            changes.addAll(writes.log().commit());
            return changes;
        } catch (RuntimeException e) {
            if (writes.log().isEmpty()) {
                throw e;
            }
            List<String> notPutBack = writes.log().rollBack();
            throw new ApplyException(reason(e), notPutBack, e);
        } finally {
            writes = null;
        }
    }

    private static String reason(RuntimeException e) {
        return e instanceof AdminApiException || e instanceof ConfigurationException ? e.getMessage()
                : "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private List<String> applyAll(RealmDefinition definition) {
        ObjectNode wanted = definition.representation();
        String realm = definition.realmName();
        String base = "/realms/" + encode(realm);
        List<String> changes = new ArrayList<>();
        Optional<JsonNode> current = api.find(base);
        ReferenceCheck.check(api, current.isPresent() ? base : null, definition);
        if (current.isEmpty()) {
            // Flows are created through the flow API below, for new and existing realms alike, so the
            // realm is created without them and without bindings to them.
            ObjectNode creation = wanted.deepCopy();
            creation.remove(FLOW_FIELDS);
            writes.create("/realms", creation, "created realm '" + realm + "'", id -> () -> api.delete(base));
            changes.add("created realm '" + realm + "' with federations " + definition.federationNames());
            if (dryRun) {
                return changes;
            }
            current = api.find(base);
        }

        String realmId = current.orElseThrow().path("id").asText();
        checkFederationTypes(base, realmId, definition.federations());
        for (RequiredActions.Update update : RequiredActions.plan(api, base, wanted.path("requiredActions"))) {
            writes.update(update.path(), update.updated(), update.current(), update.change());
            changes.add(update.change());
        }
        new FlowApplier(writes, base).apply(wanted.path("authenticationFlows"), changes);
        applyRealmSettings(base, wanted, current.orElseThrow(), changes);
        Map<String, String> scopeIds = applyClientScopes(base, wanted, changes);
        for (JsonNode name : wanted.path("defaultDefaultClientScopes")) {
            String id = scopeIds.get(name.asText());
            if (id != null && !contains(api.get(base + "/default-default-client-scopes"), id)) {
                writes.link(base + "/default-default-client-scopes/" + id, "made client scope '" + name.asText()
                        + "' a realm default");
                changes.add("made client scope '" + name.asText() + "' a realm default");
            }
        }
        applyClients(base, wanted, scopeIds, changes);
        applyUserProfile(base, definition.userProfile(), changes);
        PolicyApplier policies = new PolicyApplier(writes, base);
        definition.policy().ifPresent(policy -> policies.apply(definition.councils(), policy, changes));
        applyFederations(base, realmId, definition.federations(), changes);
        // Last: the only step that takes something from people, once everything else is in place.
        definition.policy().ifPresent(policy -> policies.dropRemovedRoles(policy, changes));
        return changes;
    }

    private void applyRealmSettings(String base, ObjectNode wanted, JsonNode current, List<String> changes) {
        ObjectNode settings = wanted.deepCopy();
        settings.remove(NOT_REALM_SETTINGS);
        if (settings.path("attributes") instanceof ObjectNode attributes) {
            // Only meaningful when a realm is created.
            attributes.remove("CreateDefaultClientScopes");
        }
        if (!isSubset(settings, current)) {
            writes.update(base, settings, Writes.previous(settings, current), "updated realm settings");
            changes.add("updated realm settings");
        }
    }

    private Map<String, String> applyClientScopes(String base, ObjectNode wanted, List<String> changes) {
        Map<String, String> ids = new HashMap<>();
        Map<String, JsonNode> existing = byField(api.get(base + "/client-scopes"), "name");
        existing.forEach((name, scope) -> ids.put(name, scope.path("id").asText()));
        for (JsonNode declared : wanted.path("clientScopes")) {
            String name = declared.path("name").asText();
            ObjectNode scope = ((ObjectNode) declared).deepCopy();
            JsonNode mappers = scope.remove("protocolMappers");
            JsonNode found = existing.get(name);
            String id;
            if (found == null) {
                id = writes.create(base + "/client-scopes", scope, "created client scope '" + name + "'").orElseThrow();
                changes.add("created client scope '" + name + "'");
            } else {
                id = found.path("id").asText();
                scope.put("id", id);
                if (!isSubset(scope, found)) {
                    writes.update(base + "/client-scopes/" + id, scope, found, "updated client scope '" + name + "'");
                    changes.add("updated client scope '" + name + "'");
                }
            }
            ids.put(name, id);
            if (PLANNED.equals(id)) {
                continue;
            }
            String mappersPath = base + "/client-scopes/" + id + "/protocol-mappers/models";
            reconcileChildren(mappersPath, mappersPath, mappers, "protocol mapper of client scope '" + name + "'",
                    changes, null);
        }
        return ids;
    }

    private void applyClients(String base, ObjectNode wanted, Map<String, String> scopeIds, List<String> changes) {
        for (JsonNode declared : wanted.path("clients")) {
            String clientId = declared.path("clientId").asText();
            ObjectNode client = ((ObjectNode) declared).deepCopy();
            JsonNode defaultScopes = client.remove("defaultClientScopes");
            JsonNode optionalScopes = client.remove("optionalClientScopes");
            JsonNode found = api.get(base + "/clients?clientId=" + encode(clientId)).path(0);
            if (found.isMissingNode()) {
                client.set("defaultClientScopes", defaultScopes);
                client.set("optionalClientScopes", optionalScopes);
                writes.create(base + "/clients", client, "created client '" + clientId + "'");
                changes.add("created client '" + clientId + "'");
                continue;
            }
            String id = found.path("id").asText();
            client.put("id", id);
            boolean visible = !isSubset(client, found);
            // The secret is never shown back; re-applying it is harmless and keeps it as configured.
            if (visible || client.has("secret")) {
                writes.update(base + "/clients/" + id, client, found, "updated client '" + clientId + "'");
            }
            if (visible) {
                changes.add("updated client '" + clientId + "'");
            }
            linkScopes(base + "/clients/" + id, "default-client-scopes", defaultScopes, scopeIds, clientId, changes);
            linkScopes(base + "/clients/" + id, "optional-client-scopes", optionalScopes, scopeIds, clientId, changes);
        }
    }

    private void linkScopes(String clientPath, String kind, JsonNode names, Map<String, String> scopeIds,
            String clientId, List<String> changes) {
        if (names == null || !names.isArray()) {
            return;
        }
        JsonNode linked = api.get(clientPath + "/" + kind);
        for (JsonNode name : names) {
            String scopeId = scopeIds.get(name.asText());
            if (scopeId == null) {
                // ReferenceCheck found every name before the first write; this is a change made meanwhile.
                throw new AdminApiException(400, "client '" + clientId + "' names client scope '" + name.asText()
                        + "', which does not exist in the realm");
            }
            if (!contains(linked, scopeId)) {
                String change = "added " + kind.replace('-', ' ') + " '" + name.asText() + "' to client '" + clientId + "'";
                writes.link(clientPath + "/" + kind + "/" + scopeId, change);
                changes.add(change);
            }
        }
    }

    /** Merges the declared top-level settings into the realm's user profile configuration. */
    private void applyUserProfile(String base, ObjectNode declared, List<String> changes) {
        if (declared.isEmpty()) {
            return;
        }
        JsonNode current = api.get(base + "/users/profile");
        if (isSubset(declared, current)) {
            return;
        }
        ObjectNode merged = ((ObjectNode) current).deepCopy();
        merged.setAll(declared);
        writes.update(base + "/users/profile", merged, current, "updated user profile settings");
        changes.add("updated user profile settings " + declared.propertyStream().map(Map.Entry::getKey).toList());
    }

    /**
     * Before anything changes: a federation of the same name but another type cannot be updated in
     * place (Keycloak cannot change a component's type), and replacing it would delete the users it
     * imported, which must be an admin's decision. Checked first so that nothing is half-applied.
     */
    private void checkFederationTypes(String base, String realmId, List<ObjectNode> federations) {
        Map<String, JsonNode> existing = byField(api.get(base + "/components?parent=" + encode(realmId) + "&type="
                + RealmDefinition.USER_STORAGE), "name");
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

    private void applyFederations(String base, String realmId, List<ObjectNode> federations, List<String> changes) {
        Map<String, JsonNode> existing = byField(api.get(base + "/components?parent=" + encode(realmId) + "&type="
                + RealmDefinition.USER_STORAGE), "name");
        for (ObjectNode declared : federations) {
            String name = declared.path("name").asText();
            ObjectNode component = declared.deepCopy();
            JsonNode mappers = component.remove("subComponents");
            component.put("parentId", realmId);
            component.put("providerType", RealmDefinition.USER_STORAGE);
            JsonNode found = existing.get(name);
            String id;
            if (found == null) {
                id = writes.create(base + "/components", component, "created federation '" + name + "'").orElseThrow();
                changes.add("created federation '" + name + "'");
            } else {
                id = found.path("id").asText();
                component.put("id", id);
                boolean visible = !isSubset(component, found);
                // Credentials come back masked, so they are always re-applied; put back, the masked
                // one keeps the credential just sent (Keycloak cannot show the old one).
                writes.update(base + "/components/" + id, component, Writes.previous(component, found),
                        "updated federation '" + name + "'");
                if (visible) {
                    changes.add("updated federation '" + name + "'");
                }
            }
            if (PLANNED.equals(id)) {
                continue;
            }
            JsonNode declaredMappers = mappers == null ? null : mappers.path(RealmDefinition.LDAP_MAPPER);
            reconcileChildren(base + "/components?parent=" + encode(id) + "&type=" + RealmDefinition.LDAP_MAPPER,
                    base + "/components", declaredMappers, "LDAP mapper of federation '" + name + "'", changes,
                    Map.of("parentId", id, "providerType", RealmDefinition.LDAP_MAPPER));
        }
    }

    /**
     * Children (protocol mappers, LDAP mappers) match by name: declared ones are created or updated,
     * others deleted, because Keycloak creates defaults of its own when a federation is created.
     */
    private void reconcileChildren(String listPath, String itemPath, JsonNode declared, String what,
            List<String> changes, Map<String, String> extraFields) {
        if (declared == null || !declared.isArray()) {
            return;
        }
        Map<String, JsonNode> existing = byField(api.get(listPath), "name");
        for (JsonNode child : declared) {
            String name = child.path("name").asText();
            ObjectNode body = ((ObjectNode) child).deepCopy();
            if (extraFields != null) {
                extraFields.forEach(body::put);
            }
            JsonNode found = existing.remove(name);
            if (found == null) {
                writes.create(itemPath, body, "created " + what + ": '" + name + "'");
                changes.add("created " + what + ": '" + name + "'");
            } else {
                body.put("id", found.path("id").asText());
                if (!isSubset(body, found)) {
                    writes.update(itemPath + "/" + found.path("id").asText(), body, Writes.previous(body, found),
                            "updated " + what + ": '" + name + "'");
                    changes.add("updated " + what + ": '" + name + "'");
                }
            }
        }
        for (Map.Entry<String, JsonNode> extra : existing.entrySet()) {
            ObjectNode previous = ((ObjectNode) extra.getValue()).deepCopy();
            if (extraFields != null) {
                extraFields.forEach(previous::put);
            }
            writes.remove(itemPath + "/" + extra.getValue().path("id").asText(), previous, itemPath,
                    "removed " + what + ": '" + extra.getKey() + "'");
            changes.add("removed " + what + " not in the files: '" + extra.getKey() + "'");
        }
    }

    /** True when every field declared is already so in Keycloak (masked secrets count as equal). */
    static boolean isSubset(JsonNode declared, JsonNode current) {
        if (declared.isObject()) {
            if (!current.isObject()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> field : declared.properties()) {
                JsonNode other = current.get(field.getKey());
                if (field.getValue().isNull() && (other == null || other.isNull())) {
                    continue;
                }
                if (isEmptyList(field.getValue()) && (other == null || other.isNull() || isEmptyList(other))) {
                    // A setting sent empty to clear it: Keycloak then leaves it out (see RealmDefinition).
                    continue;
                }
                if (other == null || !isSubset(field.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (declared.isArray()) {
            if (!current.isArray() || current.size() != declared.size()) {
                return false;
            }
            if (allValues(declared) && allValues(current) && !current.toString().contains(MASKED)) {
                // Lists of plain values (redirect URIs, web origins) are sets to Keycloak: order is not kept.
                java.util.Set<String> a = new java.util.HashSet<>();
                java.util.Set<String> b = new java.util.HashSet<>();
                declared.forEach(v -> a.add(v.asText()));
                current.forEach(v -> b.add(v.asText()));
                return a.equals(b);
            }
            for (int i = 0; i < declared.size(); i++) {
                if (!isSubset(declared.get(i), current.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (MASKED.equals(current.asText(null))) {
            return true;
        }
        if (declared.isValueNode() && current.isValueNode()) {
            // Keycloak stores some numbers and booleans as text (attributes, config).
            return declared.asText().equals(current.asText());
        }
        return declared.equals(current);
    }

    private static boolean isEmptyList(JsonNode node) {
        return node.isArray() && node.isEmpty();
    }

    private static boolean allValues(JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isValueNode()) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, JsonNode> byField(JsonNode list, String field) {
        Map<String, JsonNode> map = new HashMap<>();
        for (JsonNode item : list) {
            map.put(item.path(field).asText(), item);
        }
        return map;
    }

    private static boolean contains(JsonNode scopes, String id) {
        for (JsonNode scope : scopes) {
            if (id.equals(scope.path("id").asText())) {
                return true;
            }
        }
        return false;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
