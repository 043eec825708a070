package uk.boroughbroker.realms;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import uk.boroughbroker.model.names.CouncilRole;
import uk.boroughbroker.model.policy.CouncilPolicy;

/**
 * The council policy in Keycloak: a realm role per council and catalogue role, the validated
 * policy itself as a realm attribute (which the broker's extension reads), and, last, the council
 * roles of catalogue roles the policy no longer has: revoked from everyone and deleted, so that no
 * token carries a role the catalogue dropped (issue 11 item 6). Only a policy that passed
 * {@link PolicyLoader} gets here, so Keycloak keeps the last good one when an edit is wrong.
 */
final class PolicyApplier {

    /** Ends the description of every council role an apply creates: how a role is known to be ours. */
    static final String ROLE_MARK = "from the council policy)";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 200;
    private static final int NAMES_SHOWN = 10;

    private final Writes writes;
    private final AdminApi api;
    private final String base;
    /** The catalogue of the policy in force before this apply (empty when there was none). */
    private Set<String> previousCatalogue = Set.of();

    PolicyApplier(Writes writes, String realmPath) {
        this.writes = writes;
        this.api = writes.api();
        this.base = realmPath;
    }

    /** Creates missing council roles and puts the policy in force. */
    void apply(Councils councils, Policy policy, List<String> changes) {
        Set<String> existing = new HashSet<>();
        roles().forEach(r -> existing.add(r.path("name").asText()));
        int created = 0;
        for (Council council : councils.councils()) {
            for (Map.Entry<String, String> role : policy.roles().entrySet()) {
                String name = CouncilRole.name(council.id(), role.getKey());
                if (!existing.contains(name)) {
                    ObjectNode body = JSON.createObjectNode().put("name", name).put("description",
                            role.getValue() + " (at " + council.displayName() + ", " + ROLE_MARK);
                    // Keycloak's Location for a role is its name, which has a '/': delete by id, looked up.
                    writes.create(base + "/roles", body, "created council role '" + name + "'",
                            id -> () -> findRole(name).ifPresent(r -> api.delete(base + "/roles-by-id/"
                                    + r.path("id").asText())));
                    created++;
                }
            }
        }
        if (created > 0) {
            changes.add(writes.line(Verb.CREATE, created + " council roles (council/role)"));
        }
        JsonNode realm = api.get(base);
        String current = realm.path("attributes").path(CouncilPolicy.REALM_ATTRIBUTE).asText("");
        previousCatalogue = catalogue(current);
        String serverForm = policy.serverForm().toString();
        if (!serverForm.equals(current)) {
            ObjectNode attributes = realm.path("attributes").isObject()
                    ? ((ObjectNode) realm.path("attributes")).deepCopy() : JSON.createObjectNode();
            ObjectNode previous = JSON.createObjectNode();
            // All current attributes go back with ours: the realm update must not drop any. Blank
            // means "no policy" to the extension, the state before a first policy.
            previous.set("attributes", attributes.deepCopy().put(CouncilPolicy.REALM_ATTRIBUTE, current));
            attributes.put(CouncilPolicy.REALM_ATTRIBUTE, serverForm);
            ObjectNode update = JSON.createObjectNode();
            update.set("attributes", attributes);
            writes.update(base, update, previous, "updated the council policy");
            changes.add(writes.line(Verb.UPDATE, "council policy (" + policy.rules().size() + " rules from "
                    + policy.source() + ")"));
        }
    }

    /**
     * Revokes and deletes the council roles of catalogue roles the policy dropped. A role is one of
     * ours when its name is {@code council/service:function} and the previous policy's catalogue had
     * it or an apply created it (its description); roles an admin made otherwise are never touched.
     */
    void dropRemovedRoles(Policy policy, List<String> changes) {
        for (JsonNode role : roles()) {
            String name = role.path("name").asText();
            Optional<CouncilRole> councilRole = CouncilRole.parse(name);
            if (councilRole.isEmpty()) {
                continue;
            }
            String catalogueRole = councilRole.get().role();
            boolean ours = previousCatalogue.contains(catalogueRole)
                    || role.path("description").asText("").endsWith(ROLE_MARK);
            if (!ours || !PolicyLoader.ROLE_ID.matcher(catalogueRole).matches()
                    || policy.roles().containsKey(catalogueRole)) {
                continue;
            }
            revokeAndDelete(role, "no longer in the catalogue", changes);
        }
    }

    /**
     * Revokes and deletes the council roles at councils that leave (decision 0031): roles at a council
     * no longer in the service would otherwise stay on the people of other councils it was shared
     * with, until their next directory read. Only roles of ours, as above.
     */
    void dropRolesAt(java.util.Collection<String> leaving, List<String> changes) {
        for (JsonNode role : roles()) {
            String name = role.path("name").asText();
            Optional<CouncilRole> councilRole = CouncilRole.parse(name);
            if (councilRole.isPresent() && leaving.contains(councilRole.get().council())
                    && (previousCatalogue.contains(councilRole.get().role())
                            || role.path("description").asText("").endsWith(ROLE_MARK))) {
                revokeAndDelete(role, "its council leaves", changes);
            }
        }
    }

    private void revokeAndDelete(JsonNode role, String why, List<String> changes) {
        String name = role.path("name").asText();
        List<JsonNode> holders = holders(name);
        List<String> names = holders.stream().map(u -> u.path("username").asText()).toList();
        changes.add(writes.line(Verb.REVOKE_AND_DELETE, "council role '" + name + "' (" + why + "; "
                + heldBy(names) + ")"));
        String description = role.path("description").asText("");
        writes.write("deleted council role '" + name + "' (held by " + holders.size() + ")",
                () -> api.delete(base + "/roles-by-id/" + role.path("id").asText()),
                () -> restore(name, description, holders));
    }

    /** "held by 2 people: a, b" (the first few), or "held by nobody". */
    private static String heldBy(List<String> names) {
        if (names.isEmpty()) {
            return "held by nobody";
        }
        return "held by " + names.size() + (names.size() == 1 ? " person: " : " people: ")
                + String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())))
                + (names.size() > NAMES_SHOWN ? ", ..." : "");
    }

    /** Puts a deleted role back, and back on everyone who held it. */
    private void restore(String name, String description, List<JsonNode> holders) {
        api.post(base + "/roles", JSON.createObjectNode().put("name", name).put("description", description));
        JsonNode role = findRole(name).orElseThrow(() -> new IllegalStateException("role '" + name + "' not re-created"));
        ArrayNode grant = JSON.createArrayNode();
        grant.addObject().put("id", role.path("id").asText()).put("name", name);
        for (JsonNode user : holders) {
            api.post(base + "/users/" + user.path("id").asText() + "/role-mappings/realm", grant);
        }
    }

    private List<JsonNode> holders(String roleName) {
        List<JsonNode> holders = new ArrayList<>();
        for (int first = 0; ; first += PAGE) {
            JsonNode page = api.get(base + "/roles/" + Representations.encode(roleName) + "/users?briefRepresentation=true"
                    + "&first=" + first + "&max=" + PAGE);
            page.forEach(holders::add);
            if (page.size() < PAGE) {
                return holders;
            }
        }
    }

    private JsonNode roles() {
        return api.get(base + "/roles?briefRepresentation=true&first=0&max=-1");
    }

    private Optional<JsonNode> findRole(String name) {
        for (JsonNode role : roles()) {
            if (name.equals(role.path("name").asText())) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    private static Set<String> catalogue(String serverForm) {
        Set<String> roles = new HashSet<>();
        if (serverForm.isBlank()) {
            return roles;
        }
        try {
            JSON.readTree(serverForm).path("roles").fieldNames().forEachRemaining(roles::add);
        } catch (IOException e) {
            // Unreadable: only roles an apply created (by their description) count as ours.
        }
        return roles;
    }
}
