package uk.boroughbroker.model.policy;

import java.util.Optional;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;

/**
 * Group DNs compared as directories compare them: normalised (case, spacing, escaping), whole DN,
 * never by first RDN (Keycloak issue 52048 grants roles by first RDN, so two councils' groups named
 * alike would grant each other's roles).
 */
public final class GroupDns {

    private GroupDns() {
    }

    /** The normalised form of a DN, or empty when it is not a DN (which then matches nothing). */
    public static Optional<String> normalise(String dn) {
        if (dn == null || dn.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DN(dn).toNormalizedString());
        } catch (LDAPException e) {
            return Optional.empty();
        }
    }
}
