package uk.boroughbroker.keycloak.directory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import org.jboss.logging.Logger;
import uk.boroughbroker.keycloak.directory.DirectoryChangeSet.ChangedGroup;
import uk.boroughbroker.keycloak.directory.DirectoryChangeSet.ChangedUser;

/**
 * Asks ONE domain controller "what changed since my watermark", the way directory sync agents
 * follow AD (decision 0028): objects whose {@code uSNChanged} is above the last USN read from that
 * DC, deletions through tombstones (the Show Deleted control), all paged and bounded.
 *
 * <p>USNs are per DC: a pass reads one connection to one DC and must not fail over mid-way. The
 * watermark (invocationId, highestCommittedUSN) is read before any search, so a change written
 * during the pass is read now or by the next pass. Without a USN for the DC's invocationId (a new
 * DC, a DC restored from backup, the first pass) the pass is a full reconcile.
 *
 * <p>A pass reads USN windows in order, each no wider than the entries it may still read: every
 * entry carries its own uSNChanged, so a window of n USNs holds at most n entries and the bound is
 * never overrun. When the pass stops (entries or time), everything up to the last finished window
 * has been read: that is where the next pass starts.
 */
final class DirectoryChanges {

    private static final Logger LOG = Logger.getLogger(DirectoryChanges.class);
    private static final String[] GROUP_AND_STATE_ATTRIBUTES = {"uSNChanged", "isDeleted", "lastKnownParent",
        "member", "objectClass", "cn"};
    /** The RDN of a tombstone is the old name, this, and the objectGUID. */
    private static final String TOMBSTONE_MARK = "\nDEL:";

    private final LDAPInterface dc;
    private final DN usersDn;
    private final DirectoryChangeLimits limits;
    private final Clock clock;
    private final String[] attributes;

    private DirectoryChanges(LDAPInterface dc, DN usersDn, DirectoryChangeLimits limits, Clock clock) {
        this.dc = dc;
        this.usersDn = usersDn;
        this.limits = limits;
        this.clock = clock;
        List<String> all = new ArrayList<>(List.of(DirectoryUser.ATTRIBUTES));
        all.addAll(List.of(GROUP_AND_STATE_ATTRIBUTES));
        this.attributes = all.toArray(String[]::new);
    }

    /**
     * @param dc      one connection to one DC, bound as the broker's service account
     * @param usersDn the council's users container: people elsewhere have left
     * @param known   the USN read up to, per DC invocationId (the caller's {@link DirectoryChangeSet#next()}s)
     * @throws LDAPException if the DC cannot be read, or does not track changes as AD does (no
     *                       highestCommittedUSN, dsServiceName or invocationId)
     */
    static DirectoryChangeSet changesSince(LDAPInterface dc, String usersDn, Map<UUID, Long> known,
            DirectoryChangeLimits limits, Clock clock) throws LDAPException {
        Objects.requireNonNull(known, "known");
        return new DirectoryChanges(dc, new DN(usersDn), limits, clock).read(known);
    }

    /** The DC's invocationId (from its NTDS Settings object) and its root DSE's highestCommittedUSN. */
    static DirectoryChangeWatermark watermark(LDAPInterface dc) throws LDAPException {
        return rootDse(dc).watermark();
    }

    private record RootDse(String namingContext, DirectoryChangeWatermark watermark) {
    }

    private static RootDse rootDse(LDAPInterface dc) throws LDAPException {
        SearchResultEntry dse = dc.getEntry("", "highestCommittedUSN", "dsServiceName", "defaultNamingContext");
        Long usn = dse == null ? null : dse.getAttributeValueAsLong("highestCommittedUSN");
        String service = dse == null ? null : dse.getAttributeValue("dsServiceName");
        String namingContext = dse == null ? null : dse.getAttributeValue("defaultNamingContext");
        if (usn == null || service == null || namingContext == null) {
            throw new LDAPException(ResultCode.NOT_SUPPORTED, "the directory's root DSE has no highestCommittedUSN,"
                    + " dsServiceName or defaultNamingContext: it does not track changes as Active Directory does");
        }
        SearchResultEntry ntds = dc.getEntry(service, "invocationId");
        byte[] invocationId = ntds == null ? null : ntds.getAttributeValueBytes("invocationId");
        if (invocationId == null || invocationId.length != 16) {
            throw new LDAPException(ResultCode.NOT_SUPPORTED, "the DC's NTDS Settings object " + service
                    + " shows the broker's account no 16-byte invocationId");
        }
        return new RootDse(namingContext, new DirectoryChangeWatermark(DirectoryUser.guidToUuid(invocationId), usn));
    }

    private DirectoryChangeSet read(Map<UUID, Long> known) throws LDAPException {
        Instant deadline = clock.instant().plus(limits.timeLimit());
        RootDse dse = rootDse(dc);
        DirectoryChangeWatermark watermark = dse.watermark();
        Long from = known.get(watermark.invocationId());
        if (from != null && from > watermark.usn()) {
            // Never on AD (an invocation's USNs only grow): the caller's USN is not this DC's.
            LOG.warnf("The DC %s reports highestCommittedUSN %d below the %d read before; reconciling in full",
                    watermark.invocationId(), watermark.usn(), from);
            from = null;
        }
        boolean full = from == null;
        Pass pass = new Pass(full);
        long reached = full ? 0 : from;
        int budget = limits.maxEntries();
        boolean stopped = false;
        while (reached < watermark.usn() && !stopped) {
            long end = Math.min(watermark.usn(), reached + budget);
            DirectoryChangePages.Read window = DirectoryChangePages.read(dc, window(dse, reached + 1, end),
                    limits.pageSize(), (int) ((end - reached) / limits.pageSize()) + 2, deadline, clock);
            for (SearchResultEntry entry : window.entries()) {
                pass.add(entry);
            }
            budget -= window.entries().size();
            stopped = !window.completed() || budget <= 0 || !clock.instant().isBefore(deadline);
            if (window.completed()) {
                reached = end;
            }
        }
        boolean complete = reached >= watermark.usn();
        if (!complete) {
            LOG.debugf("Change pass on DC %s stopped at USN %d of %d (limits %s); the next pass continues",
                    watermark.invocationId(), reached, watermark.usn(), limits);
        }
        return new DirectoryChangeSet(watermark, full, complete, reached, List.copyOf(pass.changedUsers.values()),
                Set.copyOf(pass.leftUsers), List.copyOf(pass.changedGroups.values()),
                deletionsVisible(dse), pass.refused);
    }

    /** People (not computers) and groups, live or deleted, whose uSNChanged is in [from, to]. */
    private SearchRequest window(RootDse dse, long from, long to) {
        Filter filter = Filter.createANDFilter(
                Filter.createGreaterOrEqualFilter("uSNChanged", Long.toString(from)),
                Filter.createLessOrEqualFilter("uSNChanged", Long.toString(to)),
                Filter.createORFilter(
                        Filter.createANDFilter(Filter.createEqualityFilter("objectClass", "user"),
                                Filter.createNOTFilter(Filter.createEqualityFilter("objectClass", "computer"))),
                        Filter.createEqualityFilter("objectClass", "group")));
        return new SearchRequest(dse.namingContext(), SearchScope.SUB, filter, attributes);
    }

    /**
     * Whether tombstones are readable: CN=Deleted Objects shows its own isDeleted only to accounts
     * with Read Property on it, the grant that also lets them list it (decision 0028).
     */
    private boolean deletionsVisible(RootDse dse) throws LDAPException {
        SearchRequest request = new SearchRequest("CN=Deleted Objects," + dse.namingContext(), SearchScope.BASE,
                Filter.createPresenceFilter("objectClass"), "isDeleted");
        request.addControl(new com.unboundid.ldap.sdk.Control(DirectoryChangePages.SHOW_DELETED_OID, false));
        try {
            return dc.search(request).getSearchEntries().stream().anyMatch(e -> e.hasAttribute("isDeleted"));
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT || e.getResultCode() == ResultCode.INSUFFICIENT_ACCESS_RIGHTS) {
                return false;
            }
            throw e;
        }
    }

    /** What one pass collected, latest first-seen order kept; an entry read twice counts once. */
    private final class Pass {
        private final boolean full;
        private final Map<UUID, ChangedUser> changedUsers = new LinkedHashMap<>();
        private final Set<UUID> leftUsers = new LinkedHashSet<>();
        private final Map<String, ChangedGroup> changedGroups = new LinkedHashMap<>();
        private int refused;

        Pass(boolean full) {
            this.full = full;
        }

        void add(SearchResultEntry entry) throws LDAPException {
            boolean deleted = "TRUE".equalsIgnoreCase(entry.getAttributeValue("isDeleted"));
            long usn = entry.getAttributeValueAsLong("uSNChanged") == null ? 0 : entry.getAttributeValueAsLong("uSNChanged");
            if (entry.hasObjectClass("group")) {
                if (!(full && deleted)) {
                    ChangedGroup group = deleted
                            ? new ChangedGroup(nameBeforeDeletion(entry), List.of(), true, usn)
                            : new ChangedGroup(entry.getDN(), DirectoryChangeMembers.of(dc, entry), false, usn);
                    changedGroups.put(new DN(group.dn()).toNormalizedString(), group);
                }
                return;
            }
            byte[] guid = entry.getAttributeValueBytes("objectGUID");
            if (guid == null || guid.length != 16) {
                // objectGUID is the person's identity in the broker (decision 0005): without one, nobody.
                refused++;
                LOG.debugf("Skipping %s: no 16-byte objectGUID", entry.getDN());
                return;
            }
            UUID id = DirectoryUser.guidToUuid(guid);
            if (!deleted && entry.getParsedDN().isDescendantOf(usersDn, false)) {
                leftUsers.remove(id);
                changedUsers.put(id, new ChangedUser(DirectoryUser.from(entry), usn));
            } else if (!full) {
                // Deleted, or moved out of the users container: either way they have left.
                changedUsers.remove(id);
                leftUsers.add(id);
            }
        }

        /** {@code CN=name\0ADEL:guid,CN=Deleted Objects,...} with lastKnownParent back to {@code CN=name,<parent>}. */
        private String nameBeforeDeletion(SearchResultEntry tombstone) throws LDAPException {
            String cn = tombstone.getParsedDN().getRDN().getAttributeValues()[0];
            int mark = cn.indexOf(TOMBSTONE_MARK);
            String parent = tombstone.getAttributeValue("lastKnownParent");
            if (mark < 0 || parent == null) {
                return tombstone.getDN();
            }
            return new DN(new RDN("CN", cn.substring(0, mark)), new DN(parent)).toString();
        }
    }
}
