package uk.boroughbroker.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where things live in a council's directory. Every council uses the same layout, so Keycloak's
 * federation settings differ only by base DN.
 */
record DirectoryLayout(String baseDn, DN parsedBaseDn, String usersDn, String groupsDn,
                       String serviceAccountsDn, String bindDn, String upnSuffix) {

    static final String SERVICE_ACCOUNT_NAME = "svc-borough-broker";

    static DirectoryLayout of(String councilId, String baseDn) {
        DN parsed;
        try {
            parsed = new DN(baseDn);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("Base DN '" + baseDn + "' of council " + councilId
                    + " is not a valid DN: " + e.getMessage(), e);
        }
        if (parsed.isNullDN()) {
            throw new IllegalArgumentException("Base DN of council " + councilId + " must not be empty");
        }
        String serviceAccounts = "OU=Service Accounts," + baseDn;
        return new DirectoryLayout(baseDn, parsed, "OU=Staff," + baseDn, "OU=Groups," + baseDn,
                serviceAccounts, "CN=" + SERVICE_ACCOUNT_NAME + "," + serviceAccounts,
                upnSuffix(councilId, parsed));
    }

    /**
     * The DNS name AD uses as the default UPN suffix: the DC components of the base DN
     * (DC=brent,DC=gov,DC=uk becomes brent.gov.uk). A base without DC components has no DNS name, so
     * it gets a name under the reserved .invalid domain rather than one that could exist.
     */
    private static String upnSuffix(String councilId, DN baseDn) {
        List<String> labels = new ArrayList<>();
        for (RDN rdn : baseDn.getRDNs()) {
            if (rdn.hasAttribute("dc")) {
                labels.add(rdn.getAttributeValues()[0].toLowerCase(Locale.ROOT));
            }
        }
        return labels.isEmpty() ? councilId + ".invalid" : String.join(".", labels);
    }
}
