package uk.boroughbroker.directory;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;

import java.util.List;

/**
 * What AD leaves of a deleted entry: a tombstone under {@code CN=Deleted Objects,<base>}, so that
 * change readers learn of the deletion (a deleted entry that simply vanished could not be told from
 * one never seen). As on a DC (Samba 4.17 checked, decision 0028):
 * <ul>
 *   <li>the RDN is mangled to {@code CN=<name>\0ADEL:<objectGUID>}, so names can be reused at once;</li>
 *   <li>{@code isDeleted: TRUE}, {@code lastKnownParent} (the container it was deleted from) and a new
 *       {@code uSNChanged};</li>
 *   <li>it keeps {@code objectGUID}, {@code objectSid}, {@code sAMAccountName}, {@code objectClass} and
 *       {@code uSNCreated}; everything else, group links included, is stripped.</li>
 * </ul>
 * One difference: {@code sn} is kept too, because the in-memory server checks the schema and
 * {@code person} requires it (AD strips it).
 *
 * <p>Only entries with an {@code objectGUID} (users and groups here) get a tombstone: the mangled
 * name needs it.
 */
final class Tombstones {

    private static final List<String> KEPT = List.of("objectClass", "objectGUID", "objectSid", "sAMAccountName",
            "uSNCreated", "sn");

    private Tombstones() {
    }

    /** Whether {@code dn} is the Deleted Objects container or under it. */
    static boolean isDeletedObject(DN dn, DN deletedObjects) {
        return dn.isDescendantOf(deletedObjects, true);
    }

    /** The tombstone of {@code deleted}, or null when it has no objectGUID to be named by. */
    static Entry of(Entry deleted, long usn, String deletedObjectsDn) {
        byte[] guid = deleted.getAttributeValueBytes("objectGUID");
        if (guid == null || guid.length != 16) {
            return null;
        }
        DN original;
        try {
            original = deleted.getParsedDN();
        } catch (LDAPException e) {
            return null; // not reachable: the server only holds entries with valid DNs
        }
        String[] names = original.getRDN().getAttributeValues();
        String mangled = names[0] + "\nDEL:" + AdGuid.fromBytes(guid);
        DN dn;
        try {
            dn = new DN(new RDN("CN", mangled), new DN(deletedObjectsDn));
        } catch (LDAPException e) {
            throw new IllegalStateException("Cannot name the tombstone of " + original + ": " + e.getMessage(), e);
        }
        Entry tombstone = new Entry(dn);
        for (String name : KEPT) {
            Attribute attribute = deleted.getAttribute(name);
            if (attribute != null) {
                tombstone.addAttribute(attribute);
            }
        }
        tombstone.setAttribute("cn", mangled);
        tombstone.setAttribute("isDeleted", "TRUE");
        tombstone.setAttribute("lastKnownParent", original.getParentString());
        tombstone.setAttribute("uSNChanged", Long.toString(usn));
        return tombstone;
    }
}
