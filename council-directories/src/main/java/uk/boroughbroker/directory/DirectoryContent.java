package uk.boroughbroker.directory;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.schema.EntryValidator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Builds every entry a council directory starts with, checked, before anything reaches the server.
 *
 * <p>The directory creates its own skeleton (base entry, OU=Staff, OU=Groups, OU=Service Accounts and
 * the service account Keycloak binds as), because the bind DN and password must match what the
 * directory reports and the demo LDIF files should only hold the council's people and groups.
 * An LDIF that also contains one of those entries is refused rather than merged, so there is only one
 * source for each.
 *
 * <p>Everything is checked here, rather than left to the server, so that a mistake is reported with
 * the LDIF file and line it came from: DNs outside the base, duplicates, missing parents, group
 * members that do not exist, and schema violations.
 *
 * <p>Filled in on the way: a deterministic {@code objectGUID} for users and groups without one,
 * {@code userAccountControl} 512 for users without one, and {@code memberOf} on every group member
 * (a domain controller maintains memberOf itself; the in-memory server does not).
 */
final class DirectoryContent {

    static final int NORMAL_ACCOUNT = 512;
    /** NORMAL_ACCOUNT | DONT_EXPIRE_PASSWORD: how service accounts are usually set up. */
    private static final int SERVICE_ACCOUNT = 512 | 0x10000;

    private final String councilId;
    private final DirectoryLayout layout;
    private final Map<DN, SourcedEntry> entries = new LinkedHashMap<>();

    private DirectoryContent(String councilId, DirectoryLayout layout) {
        this.councilId = councilId;
        this.layout = layout;
    }

    /** The entries in an order the server can add them in (parents first). */
    static List<Entry> assemble(String councilId, DirectoryLayout layout, List<LdifSource> sources,
                                int generatedUsers, String generatedUserPassword, String bindPassword,
                                UUID invocationId) {
        DirectoryContent content = new DirectoryContent(councilId, layout);
        content.addSkeleton(bindPassword);
        DomainControllerEntries.create(councilId, layout, invocationId)
                .forEach(entry -> content.add(SourcedEntry.builtIn(entry)));
        List<SourcedEntry> fromLdif = new ArrayList<>();
        for (LdifSource source : sources) {
            for (SourcedEntry entry : LdifLoader.load(source)) {
                content.addFromLdif(entry);
                fromLdif.add(entry);
            }
        }
        content.checkParents(fromLdif);
        fromLdif.forEach(content::fillInAdAttributes);
        if (generatedUsers > 0) {
            List<Entry> groups = fromLdif.stream().map(SourcedEntry::entry)
                    .filter(entry -> entry.hasObjectClass("group")).toList();
            for (Entry user : GeneratedUsers.create(councilId, layout, generatedUsers, generatedUserPassword, groups)) {
                content.add(new SourcedEntry(user, "generated users", -1));
            }
        }
        content.computeMemberOf();
        content.checkSchema(fromLdif);
        return content.inAddOrder();
    }

    /** Deterministic so demo identities (and Keycloak's ids for them) survive restarts. */
    static byte[] objectGuidFor(String councilId, String dn) {
        String name = councilId + ":" + dn.toLowerCase(Locale.ROOT);
        return AdGuid.toBytes(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
    }

    private void addSkeleton(String bindPassword) {
        add(SourcedEntry.builtIn(baseEntry()));
        add(SourcedEntry.builtIn(organizationalUnit(layout.usersDn(), "Staff", "People who work for the council")));
        add(SourcedEntry.builtIn(organizationalUnit(layout.groupsDn(), "Groups", "Security groups")));
        add(SourcedEntry.builtIn(organizationalUnit(layout.serviceAccountsDn(), "Service Accounts",
                "Accounts used by applications, not people")));
        String name = DirectoryLayout.SERVICE_ACCOUNT_NAME;
        add(SourcedEntry.builtIn(new Entry(layout.bindDn(),
                new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
                new Attribute("cn", name),
                new Attribute("sn", name),
                new Attribute("displayName", "Borough Broker service account"),
                new Attribute("description", "Read-only account the Borough Broker uses to look up staff"),
                new Attribute("sAMAccountName", name),
                new Attribute("userPrincipalName", name + "@" + layout.upnSuffix()),
                new Attribute("userAccountControl", Integer.toString(SERVICE_ACCOUNT)),
                new Attribute("objectGUID", objectGuidFor(councilId, layout.bindDn())),
                new Attribute("userPassword", bindPassword))));
    }

    private Entry baseEntry() {
        RDN rdn = layout.parsedBaseDn().getRDN();
        String namingAttribute = rdn.getAttributeNames()[0].toLowerCase(Locale.ROOT);
        String objectClass = switch (namingAttribute) {
            case "dc" -> "domain";
            case "o" -> "organization";
            case "ou" -> "organizationalUnit";
            case "cn" -> "container";
            default -> throw new IllegalArgumentException("Base DN " + layout.baseDn() + " of council " + councilId
                    + " must start with DC=, O=, OU= or CN=");
        };
        Entry base = new Entry(layout.baseDn(), new Attribute("objectClass", "top", objectClass));
        String[] names = rdn.getAttributeNames();
        String[] values = rdn.getAttributeValues();
        for (int i = 0; i < names.length; i++) {
            base.addAttribute(names[i], values[i]);
        }
        return base;
    }

    private static Entry organizationalUnit(String dn, String name, String description) {
        return new Entry(dn,
                new Attribute("objectClass", "top", "organizationalUnit"),
                new Attribute("ou", name),
                new Attribute("description", description));
    }

    private void addFromLdif(SourcedEntry sourced) {
        DN dn = parsedDn(sourced);
        if (!dn.isDescendantOf(layout.parsedBaseDn(), true)) {
            throw problem(sourced, "the entry is not under the base DN " + layout.baseDn() + " of council " + councilId);
        }
        SourcedEntry existing = entries.get(dn);
        if (existing != null && existing.isBuiltIn()) {
            throw problem(sourced, "the directory creates the base entry, OU=Staff, OU=Groups, OU=Service Accounts"
                    + " and the service account itself; remove this entry from the LDIF");
        }
        if (existing != null) {
            throw problem(sourced, "the same DN is already defined in " + existing.describe());
        }
        add(sourced);
    }

    private void add(SourcedEntry sourced) {
        DN dn = parsedDn(sourced);
        if (entries.putIfAbsent(dn, sourced) != null) {
            throw problem(sourced, "the same DN is already defined in " + entries.get(dn).describe());
        }
    }

    private void checkParents(List<SourcedEntry> fromLdif) {
        for (SourcedEntry sourced : fromLdif) {
            DN parent = parsedDn(sourced).getParent();
            if (!entries.containsKey(parent)) {
                throw problem(sourced, "its parent " + parent + " does not exist; put users under "
                        + layout.usersDn() + " and groups under " + layout.groupsDn());
            }
        }
    }

    private void fillInAdAttributes(SourcedEntry sourced) {
        Entry entry = sourced.entry();
        boolean user = entry.hasObjectClass("user");
        if (!user && !entry.hasObjectClass("group")) {
            return;
        }
        byte[] guid = entry.getAttributeValueBytes("objectGUID");
        if (guid == null) {
            entry.setAttribute("objectGUID", objectGuidFor(councilId, entry.getDN()));
        } else if (guid.length != 16) {
            throw problem(sourced, "objectGUID must be 16 bytes, but it is " + guid.length);
        }
        if (user && !entry.hasAttribute("userAccountControl")) {
            entry.setAttribute("userAccountControl", Integer.toString(NORMAL_ACCOUNT));
        }
        // memberOf is derived from the groups' member values below; a value written in the LDIF
        // could only disagree with them.
        entry.removeAttribute("memberOf");
    }

    private void computeMemberOf() {
        Map<DN, List<String>> memberOf = new HashMap<>();
        for (SourcedEntry group : entries.values()) {
            String[] members = group.entry().getAttributeValues("member");
            if (members == null) {
                continue;
            }
            for (String member : members) {
                DN memberDn;
                try {
                    memberDn = new DN(member);
                } catch (LDAPException e) {
                    throw problem(group, "member '" + member + "' is not a valid DN: " + e.getMessage());
                }
                if (!entries.containsKey(memberDn)) {
                    throw problem(group, "member " + member + " does not exist in the " + councilId + " directory");
                }
                memberOf.computeIfAbsent(memberDn, dn -> new ArrayList<>()).add(group.entry().getDN());
            }
        }
        // One setAttribute per entry: adding values one by one copies the value set every time.
        memberOf.forEach((dn, groups) -> entries.get(dn).entry().setAttribute("memberOf", groups));
    }

    private void checkSchema(List<SourcedEntry> fromLdif) {
        EntryValidator validator = new EntryValidator(AdSchema.schema());
        for (SourcedEntry sourced : fromLdif) {
            List<String> reasons = new ArrayList<>();
            if (!validator.entryIsValid(sourced.entry(), reasons)) {
                throw problem(sourced, String.join(" ", reasons));
            }
        }
    }

    private List<Entry> inAddOrder() {
        // A stable sort by depth puts every parent before its children, whatever order the LDIF used.
        return entries.entrySet().stream()
                .sorted(Comparator.comparingInt(e -> e.getKey().getRDNs().length))
                .map(e -> e.getValue().entry())
                .toList();
    }

    private static DN parsedDn(SourcedEntry sourced) {
        try {
            return sourced.entry().getParsedDN();
        } catch (LDAPException e) {
            throw problem(sourced, "the DN is not valid: " + e.getMessage());
        }
    }

    private static DirectoryStartException problem(SourcedEntry sourced, String problem) {
        return new DirectoryStartException("Cannot load LDIF " + sourced.describe() + ": " + problem);
    }
}
