package uk.boroughbroker.keycloak.provisioning;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.EnterpriseUserExtension;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.UserResource;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * What one borough system should hold about one person: the SCIM projection of their broker user.
 * {@code externalId} is the broker user id (council + objectGUID, decision 0005), never a name: it is
 * how the system's account is found again after renames.
 *
 * @param active whether the account should be usable there: the broker user is enabled and still
 *               qualifies for the system
 * @param groups the system's groups the account should be in: its council roles there ({@link ScimGroups})
 */
record ScimPerson(String userName, String externalId, String givenName, String familyName, String email,
        boolean active, String department, String employeeNumber, List<String> groups) {

    ScimPerson {
        // A change queued before groups were sent has none.
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    ScimPerson(String userName, String externalId, String givenName, String familyName, String email, boolean active,
            String department, String employeeNumber) {
        this(userName, externalId, givenName, familyName, email, active, department, employeeNumber, List.of());
    }

    /** User attributes read for the enterprise extension when the directory supplies them. */
    static final String DEPARTMENT = "department";
    static final String EMPLOYEE_NUMBER = "employeeNumber";

    /** @param groups the groups an active account should be in (an inactive one is in none) */
    static ScimPerson of(UserModel user, boolean active, List<String> groups) {
        return new ScimPerson(user.getUsername(), user.getId(), user.getFirstName(), user.getLastName(),
                user.getEmail(), active, user.getFirstAttribute(DEPARTMENT), user.getFirstAttribute(EMPLOYEE_NUMBER),
                active ? groups : List.of());
    }

    /** What a system should hold about this user, with the roles they hold (as groups, if it takes them). */
    static ScimPerson of(UserModel user, boolean active, Set<String> realmRoles, ScimSystemConfig system) {
        return of(user, active, system.groups() ? ScimGroups.wanted(realmRoles, system.councils()) : List.of());
    }

    static Set<String> realmRoles(UserModel user) {
        return user.getRealmRoleMappingsStream().map(RoleModel::getName).collect(Collectors.toUnmodifiableSet());
    }

    /** The SCIM User resource, built with the SCIM library (no hand-written SCIM JSON). */
    UserResource toUserResource() {
        UserResource resource = new UserResource().setUserName(userName).setActive(active);
        resource.setExternalId(externalId);
        if (givenName != null || familyName != null) {
            resource.setName(new Name().setGivenName(givenName).setFamilyName(familyName));
        }
        if (email != null) {
            resource.setEmails(new Email().setValue(email).setType("work").setPrimary(true));
        }
        if (department != null || employeeNumber != null) {
            resource.setExtension(new EnterpriseUserExtension().setDepartment(department)
                    .setEmployeeNumber(employeeNumber));
        }
        return resource;
    }

    /** A short digest of everything sent, kept on the user to skip unchanged re-reads cheaply. */
    String fingerprint(ChangeKind kind) {
        String canonical = String.join("\u0000", kind.name(), userName, externalId, String.valueOf(givenName),
                String.valueOf(familyName), String.valueOf(email), String.valueOf(active), String.valueOf(department),
                String.valueOf(employeeNumber), String.join(",", groups));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
