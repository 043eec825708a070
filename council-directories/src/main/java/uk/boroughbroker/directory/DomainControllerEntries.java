package uk.boroughbroker.directory;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.RDN;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The entries that make the directory look like one domain controller to a change reader: the NTDS
 * Settings object its root DSE's {@code dsServiceName} names, carrying the 16-byte
 * {@code invocationId} that watermarks are kept per (USNs are per DC, and per copy of its
 * database), and {@code CN=Deleted Objects}, where deleted entries live on as tombstones.
 *
 * <p>As in AD the NTDS Settings object sits in the configuration partition, {@code CN=Configuration}
 * under the domain here (AD keeps that partition beside the domain: this server has one naming
 * context). The site, servers and server containers are plain {@code container}s, not AD's
 * site/server classes: nothing reads their classes.
 */
final class DomainControllerEntries {

    private DomainControllerEntries() {
    }

    static String configurationDn(DirectoryLayout layout) {
        return "CN=Configuration," + layout.baseDn();
    }

    /** {@code CN=NTDS Settings,CN=DC-BRENT,CN=Servers,CN=Default-First-Site-Name,CN=Sites,CN=Configuration,<base>} */
    static String ntdsSettingsDn(String councilId, DirectoryLayout layout) {
        return "CN=NTDS Settings," + serverDn(councilId, layout);
    }

    static String deletedObjectsDn(DirectoryLayout layout) {
        return "CN=Deleted Objects," + layout.baseDn();
    }

    /** Parents first. */
    static List<Entry> create(String councilId, DirectoryLayout layout, UUID invocationId) {
        String sites = "CN=Sites," + configurationDn(layout);
        String site = "CN=Default-First-Site-Name," + sites;
        String servers = "CN=Servers," + site;
        Entry deletedObjects = container(deletedObjectsDn(layout), "Deleted Objects");
        deletedObjects.addAttribute("isDeleted", "TRUE");
        return List.of(
                container(configurationDn(layout), "Configuration"),
                container(sites, "Sites"),
                container(site, "Default-First-Site-Name"),
                container(servers, "Servers"),
                container(serverDn(councilId, layout), serverName(councilId)),
                new Entry(ntdsSettingsDn(councilId, layout),
                        new Attribute("objectClass", "top", "nTDSDSA"),
                        new Attribute("cn", "NTDS Settings"),
                        new Attribute("invocationId", AdGuid.toBytes(invocationId))),
                deletedObjects);
    }

    private static String serverDn(String councilId, DirectoryLayout layout) {
        return new RDN("CN", serverName(councilId)) + ",CN=Servers,CN=Default-First-Site-Name,CN=Sites,"
                + configurationDn(layout);
    }

    private static String serverName(String councilId) {
        return "DC-" + councilId.toUpperCase(Locale.ROOT);
    }

    private static Entry container(String dn, String name) {
        return new Entry(dn, new Attribute("objectClass", "top", "container"), new Attribute("cn", name));
    }
}
