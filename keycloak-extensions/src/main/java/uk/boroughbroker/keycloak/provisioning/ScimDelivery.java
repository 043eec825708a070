package uk.boroughbroker.keycloak.provisioning;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.unboundid.scim2.client.ScimService;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.ResourceConflictException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.EnterpriseUserExtension;
import com.unboundid.scim2.common.types.UserResource;
import com.unboundid.scim2.common.utils.JsonUtils;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Makes one system's account for one person match one queued change, idempotently: the account is
 * always found by {@code externalId} (the broker id) first, so delivering a change twice (a lease
 * that ran out, a retry after a timeout whose request did arrive) does no harm. A create that meets
 * 409 looks again and updates what it finds. Updates are PATCHes of the attributes that differ
 * (PUT neither clears attributes left out at Keycloak's SCIM API nor works without the id).
 */
final class ScimDelivery {

    static final String USERS = "Users";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    /**
     * The attributes read back to compare; asked for by name because {@code groups} is returned only
     * when asked for (RFC 7643 "returned: request", as Keycloak's SCIM API does).
     */
    private static final List<String> COMPARED = List.of("userName", "externalId", "name", "emails", "active",
            ENTERPRISE + ":department", ENTERPRISE + ":employeeNumber");

    /** What the call did at the system (each outcome becomes an event). */
    enum Outcome { CREATED, UPDATED, UNCHANGED, DELETED, ABSENT }

    private final ScimService scim;
    private final String bearer;
    private final ScimGroups groups;

    /**
     * @param groups the system's groups, as this system's deliveries have come to know them; null when
     *               the system does not take groups (their memberships there are then never touched)
     */
    ScimDelivery(ScimService scim, String bearer, ScimGroups groups) {
        this.scim = scim;
        this.bearer = "Bearer " + bearer;
        this.groups = groups;
    }

    Outcome deliver(ChangeKind kind, ScimPerson person) throws ScimException {
        try {
            UserResource held = find(person.externalId());
            if (kind == ChangeKind.DELETE) {
                if (held == null) {
                    return Outcome.ABSENT;
                }
                scim.deleteRequest(USERS, held.getId()).header(HttpHeaders.AUTHORIZATION, bearer).invoke();
                return Outcome.DELETED;
            }
            if (held == null) {
                if (!person.active()) {
                    // A leaver the system never had: nothing to deactivate, and no reason to create.
                    return Outcome.ABSENT;
                }
                try {
                    UserResource created = scim.createRequest(USERS, person.toUserResource())
                            .header(HttpHeaders.AUTHORIZATION, bearer).invoke();
                    if (groups != null && !person.groups().isEmpty()) {
                        String id = created.getId() != null ? created.getId() : find(person.externalId()).getId();
                        groups.apply(scim, bearer, id, List.of(), person.groups());
                    }
                    return Outcome.CREATED;
                } catch (ResourceConflictException e) {
                    // Created meanwhile by an earlier attempt whose answer was lost, or the userName is
                    // someone else's at the system: look again by externalId.
                    held = find(person.externalId());
                    if (held == null) {
                        throw new ScimException(409, "uniqueness", "the system refused to create " + person.userName()
                                + " (409: " + e.getMessage() + ") and holds no account with externalId "
                                + person.externalId() + ": the userName or email belongs to another account there");
                    }
                }
            }
            List<PatchOperation> changes = changes(held, person);
            if (!changes.isEmpty()) {
                var patch = scim.modifyRequest(USERS, held.getId()).header(HttpHeaders.AUTHORIZATION, bearer);
                changes.forEach(patch::addOperation);
                patch.invoke(UserResource.class);
            }
            boolean regrouped = groups != null
                    && groups.apply(scim, bearer, held.getId(), held.getGroups(), person.groups());
            return changes.isEmpty() && !regrouped ? Outcome.UNCHANGED : Outcome.UPDATED;
        } catch (ProcessingException e) {
            // No HTTP answer at all (refused, reset, timed out): the SCIM library does not map these.
            throw new ScimException(503, null, "no answer from the system (" + rootCause(e) + ")", e);
        }
    }

    /** The system's account with this externalId, if any (two are a problem an admin must solve). */
    UserResource find(String externalId) throws ScimException {
        ListResponse<UserResource> found = scim.searchRequest(USERS).filter(Filter.eq("externalId", externalId))
                .attributes(compared(groups != null)).header(HttpHeaders.AUTHORIZATION, bearer).invoke(UserResource.class);
        List<UserResource> accounts = found.getResources() == null ? List.of() : found.getResources();
        if (accounts.size() > 1) {
            throw new ScimException(409, "uniqueness", "the system holds " + accounts.size()
                    + " accounts with externalId " + externalId + "; remove all but one there");
        }
        return accounts.isEmpty() ? null : accounts.get(0);
    }

    /** The attributes to read back to compare an account: {@code groups} only from a system that takes them. */
    static String[] compared(boolean groups) {
        List<String> names = new ArrayList<>(COMPARED);
        if (groups) {
            names.add("groups");
        }
        return names.toArray(String[]::new);
    }

    /** The PATCH operations that make {@code held} say what {@code person} says; none when it does. */
    static List<PatchOperation> changes(UserResource held, ScimPerson person) {
        List<PatchOperation> ops = new ArrayList<>();
        if (!person.userName().equalsIgnoreCase(String.valueOf(held.getUserName()))) {
            ops.add(PatchOperation.replace(path("userName"), JsonUtils.valueToNode(person.userName())));
        }
        String heldGiven = held.getName() == null ? null : held.getName().getGivenName();
        String heldFamily = held.getName() == null ? null : held.getName().getFamilyName();
        set(ops, "name.givenName", heldGiven, person.givenName());
        set(ops, "name.familyName", heldFamily, person.familyName());
        String heldEmail = held.getEmails() == null || held.getEmails().isEmpty() ? null : held.getEmails().get(0).getValue();
        if (!equalsIgnoreCase(heldEmail, person.email())) {
            ops.add(person.email() == null ? PatchOperation.remove(path("emails"))
                    : PatchOperation.replace(path("emails"), JsonUtils.valueToNode(List.of(
                            new Email().setValue(person.email()).setType("work").setPrimary(true)))));
        }
        boolean heldActive = held.getActive() == null || held.getActive();
        if (heldActive != person.active()) {
            ops.add(PatchOperation.replace(path("active"), JsonUtils.valueToNode(person.active())));
        }
        EnterpriseUserExtension enterprise = enterprise(held);
        set(ops, ENTERPRISE + ":department", enterprise == null ? null : enterprise.getDepartment(), person.department());
        set(ops, ENTERPRISE + ":employeeNumber", enterprise == null ? null : enterprise.getEmployeeNumber(),
                person.employeeNumber());
        return ops;
    }

    private static void set(List<PatchOperation> ops, String path, String held, String wanted) {
        if (Objects.equals(held, wanted)) {
            return;
        }
        ops.add(wanted == null ? PatchOperation.remove(path(path))
                : PatchOperation.replace(path(path), JsonUtils.valueToNode(wanted)));
    }

    private static Path path(String path) {
        try {
            return Path.fromString(path);
        } catch (com.unboundid.scim2.common.exceptions.BadRequestException e) {
            throw new IllegalArgumentException("not a SCIM path: " + path, e);
        }
    }

    static EnterpriseUserExtension enterprise(UserResource held) {
        try {
            return held.getExtension(EnterpriseUserExtension.class);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean equalsIgnoreCase(String a, String b) {
        return a == null ? b == null : a.equalsIgnoreCase(b);
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
