package uk.boroughbroker.keycloak.provisioning;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.unboundid.scim2.client.ScimService;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ResourceConflictException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.types.Group;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Member;
import com.unboundid.scim2.common.utils.JsonUtils;
import jakarta.ws.rs.core.HttpHeaders;
import uk.boroughbroker.model.names.CouncilRole;

/**
 * A person's council roles as SCIM groups at one borough system: one group per council role, named
 * as the realm role ({@code camden/housing:caseworker}), so the system's own access rules can follow
 * the broker's role catalogue. Only roles held at one of the system's councils are sent (a Camden
 * system has no use for a Lewisham role), and none for an inactive account.
 *
 * <p>The broker manages only groups whose name is a council role: memberships of the system's own
 * groups are never touched. A missing group is created on first use; group ids are remembered per
 * system (a group deleted at the system is found again by name).
 */
final class ScimGroups {

    static final String GROUPS = "Groups";
    private static final int PAGE = 100;

    /** Group ids at this system by name, for the groups the broker manages. */
    private final Map<String, String> ids = new ConcurrentHashMap<>();

    /** The groups a person should be in at a system of these councils: their council roles there, sorted. */
    static List<String> wanted(Collection<String> realmRoles, Set<String> councils) {
        Set<String> groups = new TreeSet<>();
        for (String role : realmRoles) {
            CouncilRole.parse(role).filter(r -> councils.contains(r.council())).ifPresent(r -> groups.add(r.name()));
        }
        return List.copyOf(groups);
    }

    /** Whether the broker manages a group of this name (a council role); the system's own groups it leaves. */
    static boolean managed(String name) {
        return CouncilRole.parse(name).isPresent();
    }

    /**
     * Makes the account's memberships of managed groups equal {@code wanted}.
     *
     * @param heldGroups the account's {@code groups}, as the system returned them
     * @return whether a membership changed
     */
    boolean apply(ScimService scim, String bearer, String accountId, List<Group> heldGroups, List<String> wanted)
            throws ScimException {
        Map<String, String> held = held(scim, bearer, heldGroups);
        boolean changed = false;
        for (String name : wanted) {
            if (!held.containsKey(name)) {
                join(scim, bearer, name, accountId);
                changed = true;
            }
        }
        for (Map.Entry<String, String> group : held.entrySet()) {
            if (!wanted.contains(group.getKey())) {
                scim.modifyRequest(GROUPS, group.getValue()).header(HttpHeaders.AUTHORIZATION, bearer)
                        .removeValues(path("members[value eq \"" + accountId + "\"]")).invoke(GroupResource.class);
                changed = true;
            }
        }
        return changed;
    }

    /** Whether the account's managed groups are {@code wanted} (group names as the system gave them). */
    static boolean same(List<Group> heldGroups, List<String> wanted) {
        Set<String> held = new TreeSet<>();
        if (heldGroups != null) {
            heldGroups.stream().map(Group::getDisplay).filter(n -> n != null && managed(n)).forEach(held::add);
        }
        return held.equals(new TreeSet<>(wanted));
    }

    /** The managed groups an account is in: name to id (a group given without its name is looked up). */
    private Map<String, String> held(ScimService scim, String bearer, List<Group> groups) throws ScimException {
        Map<String, String> held = new java.util.TreeMap<>();
        for (Group group : groups == null ? List.<Group>of() : groups) {
            String name = group.getDisplay();
            if (name == null) {
                name = nameOf(group.getValue());
                if (name == null) {
                    find(scim, bearer, "");
                    name = nameOf(group.getValue());
                }
            }
            if (name != null && managed(name)) {
                held.put(name, group.getValue());
            }
        }
        return held;
    }

    private String nameOf(String id) {
        return ids.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey).findFirst()
                .orElse(null);
    }

    private void join(ScimService scim, String bearer, String name, String accountId) throws ScimException {
        PatchOperation add = PatchOperation.add(path("members"),
                JsonUtils.valueToNode(List.of(new Member().setValue(accountId))));
        String id = id(scim, bearer, name);
        try {
            scim.modifyRequest(GROUPS, id).header(HttpHeaders.AUTHORIZATION, bearer).addOperation(add)
                    .invoke(GroupResource.class);
        } catch (ResourceNotFoundException e) {
            // Deleted at the system since it was remembered: find or make it again, once.
            ids.remove(name);
            scim.modifyRequest(GROUPS, id(scim, bearer, name)).header(HttpHeaders.AUTHORIZATION, bearer)
                    .addOperation(add).invoke(GroupResource.class);
        }
    }

    /** The group's id at the system, created when the system has no group of that name. */
    private String id(ScimService scim, String bearer, String name) throws ScimException {
        String known = ids.get(name);
        if (known != null) {
            return known;
        }
        String found = find(scim, bearer, name);
        if (found == null) {
            try {
                found = scim.createRequest(GROUPS, new GroupResource().setDisplayName(name))
                        .header(HttpHeaders.AUTHORIZATION, bearer).invoke().getId();
            } catch (ResourceConflictException e) {
                // Another worker created it meanwhile.
                found = find(scim, bearer, name);
            }
            if (found == null) {
                throw new ScimException(409, "uniqueness", "the system neither has nor would create group " + name);
            }
        }
        ids.put(name, found);
        return found;
    }

    /**
     * The id of the system's group of that name. Every managed group is remembered from the listing, so
     * one listing serves a whole catalogue (filters on group names are not supported everywhere).
     */
    private String find(ScimService scim, String bearer, String name) throws ScimException {
        List<GroupResource> all = new ArrayList<>();
        for (int start = 1;; start += PAGE) {
            ListResponse<GroupResource> page = scim.searchRequest(GROUPS).page(start, PAGE)
                    .attributes("displayName").header(HttpHeaders.AUTHORIZATION, bearer).invoke(GroupResource.class);
            List<GroupResource> groups = page.getResources() == null ? List.of() : page.getResources();
            all.addAll(groups);
            if (groups.isEmpty() || start + groups.size() > page.getTotalResults()) {
                break;
            }
        }
        all.stream().filter(g -> g.getDisplayName() != null && managed(g.getDisplayName()))
                .forEach(g -> ids.putIfAbsent(g.getDisplayName(), g.getId()));
        return all.stream().filter(g -> name.equals(g.getDisplayName())).map(GroupResource::getId).findFirst()
                .orElse(null);
    }

    private static Path path(String path) {
        try {
            return Path.fromString(path);
        } catch (BadRequestException e) {
            throw new IllegalArgumentException("not a SCIM path: " + path, e);
        }
    }
}
