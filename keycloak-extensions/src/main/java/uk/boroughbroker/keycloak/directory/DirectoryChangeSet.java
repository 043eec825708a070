package uk.boroughbroker.keycloak.directory;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What one pass of {@link DirectoryChanges} found on one DC (decision 0028).
 *
 * @param watermark        the DC's invocationId and highestCommittedUSN, read before any search (so
 *                         nothing written during the pass is missed; some changes may come twice)
 * @param fullReconcile    the caller had no USN for this invocationId: {@code changedUsers} lists
 *                         every user under the users container (up to {@code reached}), and once a
 *                         pass is complete, every person the caller has that no pass listed is gone
 * @param complete         everything up to {@code watermark} was read; false when the pass hit its
 *                         limits: then store {@link #next()} and the next pass reads the rest
 * @param reached          the USN up to which everything was read: the next pass starts above it
 * @param changedUsers     people ({@code objectClass=user}, not computers) under the users
 *                         container created or changed above the caller's USN: joiners, disabled
 *                         or expired accounts, renames
 * @param leftUsers        objectGUIDs of people deleted (tombstones) or now outside the users
 *                         container (moved to a leavers' OU, say)
 * @param changedGroups    groups created, changed or deleted above the caller's USN, with their
 *                         current direct members: movers are mostly group changes (a membership
 *                         change stamps the group, not the member, in AD)
 * @param deletionsVisible whether the broker's account can read tombstones (the grant decision 0028
 *                         asks councils for); without it a deleted person is never in
 *                         {@code leftUsers}, and only a full reconcile finds them gone
 * @param refused          entries skipped because they have no 16-byte objectGUID (no identity)
 */
record DirectoryChangeSet(DirectoryChangeWatermark watermark, boolean fullReconcile, boolean complete, long reached,
        List<ChangedUser> changedUsers, Set<UUID> leftUsers, List<ChangedGroup> changedGroups,
        boolean deletionsVisible, int refused) {

    /** What to store for this DC after the pass. */
    DirectoryChangeWatermark next() {
        return new DirectoryChangeWatermark(watermark.invocationId(), reached);
    }

    boolean isEmpty() {
        return changedUsers.isEmpty() && leftUsers.isEmpty() && changedGroups.isEmpty();
    }

    /** A person as the DC has them now, and the USN of their last change. */
    record ChangedUser(DirectoryUser user, long usnChanged) {
    }

    /**
     * A group and its direct members now. A deleted group has no members and its DN is the one it
     * had (its container and name before deletion), so mappings by DN find it.
     */
    record ChangedGroup(String dn, List<String> members, boolean deleted, long usnChanged) {
    }
}
