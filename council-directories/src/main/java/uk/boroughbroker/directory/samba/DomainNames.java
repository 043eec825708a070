package uk.boroughbroker.directory.samba;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import uk.boroughbroker.directory.DirectoryLayout;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Every name a council's domain has, derived from the council id and base DN, and the same
 * directory layout as the embedded directories ({@link DirectoryLayout}): people in OU=Staff,
 * groups in OU=Groups, the broker's account in OU=Service Accounts.
 *
 * <p>AD's base DN is the DNS domain (DC=brent,DC=gov,DC=uk is brent.gov.uk), so the base DN must be
 * DC components only. The NetBIOS domain name is the council id in capitals and the DC's host name
 * {@code dc-<council>}; both are NetBIOS names, at most 15 characters.
 */
record DomainNames(String councilId, String baseDn, String realm, String netbiosDomain, String hostName,
                   String dnsHostName, String usersDn, String groupsDn, String serviceAccountsDn, String bindDn,
                   String upnSuffix) {

    private static final Pattern COUNCIL_ID = Pattern.compile("[a-z][a-z0-9-]{1,11}");

    static DomainNames of(String councilId, String baseDn) {
        if (councilId == null || !COUNCIL_ID.matcher(councilId).matches()) {
            throw new IllegalArgumentException("Council id '" + councilId + "' must be 2-12 of a-z 0-9 -, starting"
                    + " with a letter: the domain controller is named dc-<council>, a NetBIOS name of at most 15 characters");
        }
        List<String> labels = new ArrayList<>();
        try {
            for (RDN rdn : new DN(baseDn).getRDNs()) {
                if (rdn.isMultiValued() || !rdn.hasAttribute("dc")) {
                    throw new IllegalArgumentException("Base DN '" + baseDn + "' of council " + councilId
                            + " must be made of DC= components only (an AD domain's DN is its DNS name)");
                }
                labels.add(rdn.getAttributeValues()[0].toLowerCase(Locale.ROOT));
            }
        } catch (LDAPException e) {
            throw new IllegalArgumentException("Base DN '" + baseDn + "' of council " + councilId + " is not a valid DN: "
                    + e.getMessage(), e);
        }
        if (labels.size() < 2) {
            throw new IllegalArgumentException("Base DN '" + baseDn + "' of council " + councilId
                    + " needs at least two DC= components, such as DC=brent,DC=gov,DC=uk");
        }
        String dnsDomain = String.join(".", labels);
        String hostName = "dc-" + councilId;
        DirectoryLayout layout = DirectoryLayout.of(councilId, baseDn);
        return new DomainNames(councilId, baseDn, dnsDomain.toUpperCase(Locale.ROOT), councilId.toUpperCase(Locale.ROOT),
                hostName, hostName + "." + dnsDomain, layout.usersDn(), layout.groupsDn(), layout.serviceAccountsDn(),
                layout.bindDn(), layout.upnSuffix());
    }
}
