package uk.boroughbroker.keycloak.directory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import org.jboss.logging.Logger;
import org.keycloak.models.LDAPConstants;
import org.keycloak.storage.UserStoragePrivateUtil;

/**
 * Applies what changed in a council's directory since the last pass ({@link DirectoryChangeSet}):
 * changed people re-applied (joiners, disabled or expired accounts, renames), movers found through
 * the groups that changed, and people deleted or moved out of the users container disabled as leavers.
 *
 * <p>A membership change stamps the group, not the person (AD keeps {@code memberOf} as a back-link),
 * so each changed group's people are read again: those in it now (through nested groups, bounded),
 * and those the broker last saw in it, who may just have been taken out.
 */
final class CouncilChanges {

    private static final Logger LOG = Logger.getLogger(CouncilChanges.class);
    /** A bound on the people one pass re-reads for group changes; the rest wait for the next full pass. */
    static final int MAX_MOVERS = 5_000;
    private static final int BATCH = DirectoryListing.PAGE_SIZE;

    private final CouncilSync sync;
    private final CouncilDirectoryConfig config;
    private final String realmId;

    CouncilChanges(CouncilSync sync, CouncilDirectoryConfig config, String realmId) {
        this.sync = sync;
        this.config = config;
        this.realmId = realmId;
    }

    SyncSummary apply(LDAPConnection dc, DirectoryChangeSet changes, SyncTally tally) throws LDAPException {
        tally.read(changes.changedUsers().size() + changes.leftUsers().size());
        for (int i = 0; i < changes.refused(); i++) {
            tally.refused("no 16-byte objectGUID");
        }
        Map<UUID, DirectoryUser> people = new LinkedHashMap<>();
        changes.changedUsers().forEach(changed -> people.put(changed.user().objectGuid(), changed.user()));
        for (DirectoryChangeSet.ChangedGroup group : changes.changedGroups()) {
            if (people.size() >= MAX_MOVERS) {
                LOG.warnf("Council %s: more than %d people in changed groups; the rest wait for the next full pass",
                        config.councilId(), MAX_MOVERS);
                break;
            }
            movers(dc, group, people);
        }
        List<DirectoryUser> all = new ArrayList<>(people.values());
        for (int from = 0; from < all.size(); from += BATCH) {
            sync.apply(all.subList(from, Math.min(all.size(), from + BATCH)), tally);
        }
        List<String> gone = changes.leftUsers().stream()
                .map(guid -> DirectoryImport.brokerUserId(realmId, config.councilId(), guid)).toList();
        sync.leaveAll(gone, "deleted, or moved out of the users container", tally);
        return tally.summary(changes.complete());
    }

    /** Adds to {@code people} everyone the group's change may have moved: its people now, and before. */
    private void movers(LDAPConnection dc, DirectoryChangeSet.ChangedGroup group, Map<UUID, DirectoryUser> people)
            throws LDAPException {
        DN users = new DN(config.usersDn());
        Deque<String> members = new ArrayDeque<>(group.members());
        Set<String> seenGroups = new HashSet<>(Set.of(group.dn().toLowerCase(java.util.Locale.ROOT)));
        int groupsRead = 0;
        while (!members.isEmpty() && people.size() < MAX_MOVERS) {
            String member = members.pop();
            SearchResultEntry entry = dc.getEntry(member, all());
            if (entry == null) {
                continue;
            }
            if (entry.hasObjectClass("group")) {
                // A nested group: its people take the changed group's roles too.
                if (seenGroups.add(member.toLowerCase(java.util.Locale.ROOT))
                        && groupsRead++ < config.groupNestingDepth() * 10) {
                    String[] nested = entry.getAttributeValues("member");
                    if (nested != null) {
                        members.addAll(List.of(nested));
                    }
                }
            } else if (entry.hasObjectClass("user") && !entry.hasObjectClass("computer")
                    && new DN(entry.getDN()).isDescendantOf(users, false)) {
                person(entry).ifPresent(p -> people.putIfAbsent(p.objectGuid(), p));
            }
        }
        // Those the broker last saw in the group, who may have been taken out of it.
        List<String> before = new ArrayList<>();
        sync.inTransaction(session -> UserStoragePrivateUtil.userLocalStorage(session)
                .searchForUserByUserAttributeStream(session.getContext().getRealm(), DirectoryAttributes.GROUPS,
                        group.dn())
                .filter(user -> config.councilId().equals(user.getFirstAttribute(DirectoryAttributes.COUNCIL)))
                .map(user -> user.getFirstAttribute(LDAPConstants.LDAP_ID)).filter(java.util.Objects::nonNull)
                .limit(MAX_MOVERS).forEach(before::add));
        for (String guid : before) {
            UUID id = UUID.fromString(guid);
            if (people.containsKey(id) || people.size() >= MAX_MOVERS) {
                continue;
            }
            SearchResultEntry entry = dc.searchForEntry(config.usersDn(), SearchScope.SUB, Filter.createEqualityFilter(
                    "objectGUID", DirectoryUser.uuidToGuid(id)), all());
            if (entry != null) {
                person(entry).ifPresent(p -> people.putIfAbsent(p.objectGuid(), p));
            }
        }
    }

    private static java.util.Optional<DirectoryUser> person(SearchResultEntry entry) {
        try {
            return java.util.Optional.of(DirectoryUser.from(entry));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    private static String[] all() {
        String[] attributes = java.util.Arrays.copyOf(DirectoryUser.ATTRIBUTES, DirectoryUser.ATTRIBUTES.length + 2);
        attributes[attributes.length - 2] = "objectClass";
        attributes[attributes.length - 1] = "member";
        return attributes;
    }
}
