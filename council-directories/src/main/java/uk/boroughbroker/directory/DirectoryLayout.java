package uk.boroughbroker.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where things live in a council's directory: people in {@code OU=Staff}, groups in {@code OU=Groups},
 * the broker's service account in {@code OU=Service Accounts}. Every council uses the same layout, in
 * the embedded directories and the Samba domains alike (one definition for both), so Keycloak's
 * federation settings differ only by base DN.
 */
public final class DirectoryLayout {

    /** The account the broker binds as: {@code CN=svc-borough-broker,OU=Service Accounts,<base>}. */
    public static final String SERVICE_ACCOUNT_NAME = "svc-borough-broker";

    private final String baseDn;
    private final DN parsedBaseDn;
    private final String upnSuffix;

    private DirectoryLayout(String baseDn, DN parsedBaseDn, String upnSuffix) {
        this.baseDn = baseDn;
        this.parsedBaseDn = parsedBaseDn;
        this.upnSuffix = upnSuffix;
    }

    /**
     * @throws IllegalArgumentException naming the council if the base DN is not a valid, non-empty DN
     */
    public static DirectoryLayout of(String councilId, String baseDn) {
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
        return new DirectoryLayout(baseDn, parsed, upnSuffix(councilId, parsed));
    }

    public String baseDn() {
        return baseDn;
    }

    DN parsedBaseDn() {
        return parsedBaseDn;
    }

    public String usersDn() {
        return "OU=Staff," + baseDn;
    }

    public String groupsDn() {
        return "OU=Groups," + baseDn;
    }

    public String serviceAccountsDn() {
        return "OU=Service Accounts," + baseDn;
    }

    public String bindDn() {
        return "CN=" + SERVICE_ACCOUNT_NAME + "," + serviceAccountsDn();
    }

    /** The default UPN suffix, such as {@code brent.gov.uk}: see {@link #upnSuffix(String, DN)}. */
    public String upnSuffix() {
        return upnSuffix;
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
