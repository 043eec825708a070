package uk.boroughbroker.directory.samba;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldif.LDIFAddChangeRecord;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFModifyChangeRecord;
import com.unboundid.ldif.LDIFReader;
import uk.boroughbroker.directory.DirectoryLayout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the council LDIF files (the same files the embedded directories load) into the changes that
 * seed a freshly provisioned Samba domain offline, through {@code ldbmodify} on its sam.ldb.
 *
 * <p>What changes on the way, and why:
 * <ul>
 *   <li>{@code userPassword} becomes {@code unicodePwd} (the quoted password in UTF-16LE): the real AD
 *       password, hashed by Samba into NT hash and Kerberos keys.</li>
 *   <li>{@code objectGUID} and {@code memberOf} are dropped: a DC assigns the first and derives the
 *       second from the groups' {@code member} values.</li>
 *   <li>{@code member} values are added after every entry exists, so groups may contain groups that
 *       come later in the file (nesting).</li>
 *   <li>{@code lockoutTime} (any value other than 0) marks an account to lock: no DC lets a client
 *       write it, so it is dropped here and {@link AccountLockout} locks the account with failed binds
 *       after every start.</li>
 *   <li>{@code pwdLastSet} other than 0 (must change) or -1 (now) backdates the password: Samba refuses
 *       such values except with the control its upgrade path uses (see {@link #BYPASS_LAST_SET_CONTROL}),
 *       so they go into a second set of changes applied with that control.</li>
 * </ul>
 * Like the embedded directories, the seed creates OU=Staff, OU=Groups, OU=Service Accounts and the
 * service account itself and refuses an LDIF that contains them.
 */
final class SeedLdif {

    /**
     * DSDB_CONTROL_PASSWORD_BYPASS_LAST_SET_OID, Samba's "importing passwords on upgrade" control: with
     * it, password_hash.c stores the given pwdLastSet instead of refusing anything but 0 and -1.
     * Only for local (ldb) access: over LDAP a DC rejects it.
     */
    static final String BYPASS_LAST_SET_CONTROL = "1.3.6.1.4.1.7165.4.3.20";

    /** Failed binds before an account locks: a common council setting (5 to 10). */
    static final int LOCKOUT_THRESHOLD = 5;
    /** Lockout duration and observation window: long, so a locked account stays locked for a test run. */
    static final int LOCKOUT_MINUTES = 60;

    /** userAccountControl NORMAL_ACCOUNT | DONT_EXPIRE_PASSWD, as the embedded directories' service account. */
    private static final int SERVICE_ACCOUNT_CONTROL = 512 | 0x10000;

    /** The changes for ldbmodify; {@code backdated} may be empty. */
    record Seed(String changes, String backdated, List<String> lockedOut) {
    }

    /** One LDIF input with the name used in messages. */
    record Source(String name, byte[] content) {
    }

    private final DomainNames names;
    private final List<String> adds = new ArrayList<>();
    private final List<String> memberships = new ArrayList<>();
    private final List<String> backdated = new ArrayList<>();
    private final List<String> lockedOut = new ArrayList<>();

    private SeedLdif(DomainNames names) {
        this.names = names;
    }

    static Seed build(DomainNames names, List<Source> sources, String bindPassword) {
        SeedLdif seed = new SeedLdif(names);
        seed.addSkeleton(bindPassword);
        List<Entry> entries = new ArrayList<>();
        Map<DN, String> origin = new LinkedHashMap<>();
        Set<DN> builtIn = Set.of(dn(names.baseDn()), dn(names.usersDn()), dn(names.groupsDn()),
                dn(names.serviceAccountsDn()), dn(names.bindDn()));
        for (Source source : sources) {
            for (Entry entry : read(names, source)) {
                DN parsed = parsedDn(names, source, entry);
                if (!parsed.isDescendantOf(dn(names.baseDn()), false)) {
                    throw problem(names, source.name(), entry, "not under the base DN " + names.baseDn());
                }
                if (builtIn.contains(parsed)) {
                    throw problem(names, source.name(), entry, "the domain creates the base entry, OU=Staff, OU=Groups,"
                            + " OU=Service Accounts and the service account itself; remove this entry from the LDIF");
                }
                String earlier = origin.putIfAbsent(parsed, source.name());
                if (earlier != null) {
                    throw problem(names, source.name(), entry, "the same DN is already defined in " + earlier);
                }
                entries.add(entry);
            }
        }
        // Parents before children, whatever order the files use; a stable sort keeps file order otherwise.
        entries.sort(Comparator.comparingInt(entry -> parsedDn(names, null, entry).getRDNs().length));
        entries.forEach(seed::addEntry);
        seed.addDomainPolicy();
        List<String> changes = new ArrayList<>(seed.adds);
        changes.addAll(seed.memberships);
        return new Seed(String.join("\n", changes), String.join("\n", seed.backdated), List.copyOf(seed.lockedOut));
    }

    /** The value of unicodePwd: the password in double quotes, UTF-16LE, as AD requires. */
    static byte[] unicodePwd(String password) {
        return ("\"" + password + "\"").getBytes(StandardCharsets.UTF_16LE);
    }

    private void addSkeleton(String bindPassword) {
        adds.add(organizationalUnit(names.usersDn(), "Staff", "People who work for the council"));
        adds.add(organizationalUnit(names.groupsDn(), "Groups", "Security groups"));
        adds.add(organizationalUnit(names.serviceAccountsDn(), "Service Accounts", "Accounts used by applications, not people"));
        Entry account = new Entry(names.bindDn(),
                new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
                new Attribute("cn", DirectoryLayout.SERVICE_ACCOUNT_NAME),
                new Attribute("sn", DirectoryLayout.SERVICE_ACCOUNT_NAME),
                new Attribute("displayName", "Borough Broker service account"),
                new Attribute("description", "Read-only account the Borough Broker uses to look up staff"
                        + " (an ordinary domain user: Domain Users only)"),
                new Attribute("sAMAccountName", DirectoryLayout.SERVICE_ACCOUNT_NAME),
                new Attribute("userPrincipalName", DirectoryLayout.SERVICE_ACCOUNT_NAME + "@" + names.upnSuffix()),
                new Attribute("userAccountControl", Integer.toString(SERVICE_ACCOUNT_CONTROL)),
                new Attribute("unicodePwd", unicodePwd(bindPassword)));
        adds.add(new LDIFAddChangeRecord(account).toLDIFString());
    }

    private static String organizationalUnit(String dn, String name, String description) {
        return new LDIFAddChangeRecord(new Entry(dn,
                new Attribute("objectClass", "top", "organizationalUnit"),
                new Attribute("ou", name),
                new Attribute("description", description))).toLDIFString();
    }

    private void addEntry(Entry source) {
        Entry entry = source.duplicate();
        entry.removeAttribute("objectGUID");
        entry.removeAttribute("memberOf");
        String password = entry.getAttributeValue("userPassword");
        if (password != null) {
            entry.removeAttribute("userPassword");
            entry.setAttribute("unicodePwd", unicodePwd(password));
        }
        String lockoutTime = entry.getAttributeValue("lockoutTime");
        entry.removeAttribute("lockoutTime");
        if (lockoutTime != null && !lockoutTime.equals("0")) {
            lockedOut.add(entry.getDN());
        }
        String pwdLastSet = entry.getAttributeValue("pwdLastSet");
        if (pwdLastSet != null && !pwdLastSet.equals("0") && !pwdLastSet.equals("-1")) {
            entry.removeAttribute("pwdLastSet");
            backdated.add(new LDIFModifyChangeRecord(entry.getDN(),
                    new Modification(ModificationType.REPLACE, "pwdLastSet", pwdLastSet)).toLDIFString());
        }
        String[] members = entry.getAttributeValues("member");
        if (members != null) {
            entry.removeAttribute("member");
            memberships.add(new LDIFModifyChangeRecord(entry.getDN(),
                    new Modification(ModificationType.ADD, "member", members)).toLDIFString());
        }
        adds.add(new LDIFAddChangeRecord(entry).toLDIFString());
    }

    /**
     * AD's defaults stay (history 24, minimum length 7, minimum age 1 day, maximum age 42 days) except:
     * complexity off, because the demo passwords contain the account name (Brent!jsmith1), which
     * complexity forbids; and a lockout policy, which a new domain does not have, so that accounts can
     * be locked at all.
     */
    private void addDomainPolicy() {
        String window = Long.toString(-LOCKOUT_MINUTES * 60L * 10_000_000L); // negative 100-ns units, as AD stores them
        adds.add(new LDIFModifyChangeRecord(names.baseDn(),
                new Modification(ModificationType.REPLACE, "pwdProperties", "0"),
                new Modification(ModificationType.REPLACE, "lockoutThreshold", Integer.toString(LOCKOUT_THRESHOLD)),
                new Modification(ModificationType.REPLACE, "lockoutDuration", window),
                new Modification(ModificationType.REPLACE, "lockOutObservationWindow", window)).toLDIFString());
    }

    private static List<Entry> read(DomainNames names, Source source) {
        List<Entry> entries = new ArrayList<>();
        try (LDIFReader reader = new LDIFReader(new ByteArrayInputStream(source.content()))) {
            Entry entry;
            while ((entry = reader.readEntry()) != null) {
                entries.add(entry);
            }
        } catch (LDIFException e) {
            throw new SambaStartException("Council " + names.councilId() + ": cannot read LDIF " + source.name()
                    + (e.getLineNumber() >= 0 ? " at line " + e.getLineNumber() : "") + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new SambaStartException("Council " + names.councilId() + ": cannot read LDIF " + source.name()
                    + ": " + e.getMessage(), e);
        }
        return entries;
    }

    private static DN parsedDn(DomainNames names, Source source, Entry entry) {
        try {
            return entry.getParsedDN();
        } catch (LDAPException e) {
            throw problem(names, source == null ? "an LDIF" : source.name(), entry, "the DN is not valid: " + e.getMessage());
        }
    }

    private static DN dn(String dn) {
        try {
            return new DN(dn);
        } catch (LDAPException e) {
            throw new IllegalArgumentException(dn + " is not a valid DN", e);
        }
    }

    private static SambaStartException problem(DomainNames names, String source, Entry entry, String problem) {
        return new SambaStartException("Council " + names.councilId() + ": LDIF " + source + ", entry " + entry.getDN()
                + ": " + problem);
    }
}
