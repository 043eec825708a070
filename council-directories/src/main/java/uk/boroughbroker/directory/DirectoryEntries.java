package uk.boroughbroker.directory;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchScope;

import java.util.Map;
import java.util.Objects;

/**
 * The running directory's entries, read and changed the way a council's AD admin (or a domain
 * controller itself) would: the work behind {@link CouncilDirectory}'s test-support methods. It goes
 * to the server directly, not over LDAP, so none of it is counted or delayed.
 *
 * <p>Each change is stamped with a new {@code uSNChanged} as a DC stamps it (decision 0028): a
 * membership change on the group only ({@code memberOf} is a back link in AD: the member's entry
 * does not change, checked on Samba 4.17), a delete as a {@link Tombstones tombstone}.
 */
final class DirectoryEntries {

    private final String councilId;
    private final String usersDn;
    private final String deletedObjectsDn;
    private final InMemoryDirectoryServer server;
    private final UpdateSequence sequence;

    DirectoryEntries(String councilId, DirectoryLayout layout, InMemoryDirectoryServer server,
                     UpdateSequence sequence) {
        this.councilId = councilId;
        this.usersDn = layout.usersDn();
        this.deletedObjectsDn = DomainControllerEntries.deletedObjectsDn(layout);
        this.server = server;
        this.sequence = sequence;
    }

    int userCount() {
        try {
            return server.search(usersDn, SearchScope.SUB, "(objectClass=person)", "1.1").getEntryCount();
        } catch (LDAPException e) {
            throw failure("count the users", e);
        }
    }

    synchronized void addMember(String groupDn, String memberDn) {
        Entry group = existingGroup(groupDn);
        Entry member = existing(memberDn);
        if (group.hasAttributeValue("member", member.getDN())) {
            return;
        }
        stampedModify(group.getDN(), new Modification(ModificationType.ADD, "member", member.getDN()));
        modify(member.getDN(), new Modification(ModificationType.ADD, "memberOf", group.getDN()));
    }

    synchronized void removeMember(String groupDn, String memberDn) {
        Entry group = existingGroup(groupDn);
        Entry member = existing(memberDn);
        if (group.hasAttributeValue("member", member.getDN())) {
            stampedModify(group.getDN(), new Modification(ModificationType.DELETE, "member", member.getDN()));
        }
        if (member.hasAttributeValue("memberOf", group.getDN())) {
            modify(member.getDN(), new Modification(ModificationType.DELETE, "memberOf", group.getDN()));
        }
    }

    synchronized String addPerson(String rdnName, Map<String, Object> attributes) {
        String dn;
        try {
            dn = new DN(new RDN("CN", rdnName), new DN(usersDn)).toString();
        } catch (LDAPException e) {
            throw new IllegalArgumentException("Cannot name an entry CN=" + rdnName + ": " + e.getMessage(), e);
        }
        Entry entry = new Entry(dn);
        entry.addAttribute("objectClass", "top", "person", "organizationalPerson", "user");
        entry.addAttribute("cn", rdnName);
        attributes.forEach((name, value) -> {
            if (value instanceof byte[] bytes) {
                entry.addAttribute(name, bytes);
            } else {
                entry.addAttribute(name, String.valueOf(value));
            }
        });
        long usn = sequence.begin();
        try {
            entry.setAttribute("uSNCreated", Long.toString(usn));
            entry.setAttribute("uSNChanged", Long.toString(usn));
            server.add(entry);
        } catch (LDAPException e) {
            throw failure("add " + dn, e);
        } finally {
            sequence.end(usn);
        }
        return dn;
    }

    /** Deletes the entry and leaves its tombstone, one USN for both, as a DC does. */
    synchronized void delete(String dn) {
        Entry deleted = existing(dn);
        long usn = sequence.begin();
        try {
            server.delete(dn);
            Entry tombstone = Tombstones.of(deleted, usn, deletedObjectsDn);
            if (tombstone != null) {
                server.add(tombstone);
            }
        } catch (LDAPException e) {
            throw failure("delete " + dn, e);
        } finally {
            sequence.end(usn);
        }
    }

    /** Replaces an attribute's values on an existing entry (no values: removes the attribute). */
    synchronized void replace(String dn, String attribute, String... values) {
        existing(dn);
        stampedModify(dn, new Modification(ModificationType.REPLACE, attribute, values));
    }

    private Entry existing(String dn) {
        Objects.requireNonNull(dn, "dn");
        Entry entry;
        try {
            entry = server.getEntry(dn);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("'" + dn + "' is not a valid DN: " + e.getMessage(), e);
        }
        if (entry == null) {
            throw new IllegalArgumentException("There is no entry " + dn + " in the " + councilId + " directory");
        }
        return entry;
    }

    private Entry existingGroup(String dn) {
        Entry entry = existing(dn);
        if (!entry.hasObjectClass("group")) {
            throw new IllegalArgumentException(dn + " in the " + councilId + " directory is not a group");
        }
        return entry;
    }

    private void modify(String dn, Modification... modifications) {
        try {
            server.modify(dn, modifications);
        } catch (LDAPException e) {
            throw failure("modify " + dn, e);
        }
    }

    /** A change a DC would stamp with a new uSNChanged. */
    private void stampedModify(String dn, Modification modification) {
        long usn = sequence.begin();
        try {
            modify(dn, modification, new Modification(ModificationType.REPLACE, "uSNChanged", Long.toString(usn)));
        } finally {
            sequence.end(usn);
        }
    }

    private IllegalStateException failure(String what, LDAPException e) {
        return new IllegalStateException("Cannot " + what + " in the " + councilId + " directory: "
                + e.getMessage(), e);
    }
}
