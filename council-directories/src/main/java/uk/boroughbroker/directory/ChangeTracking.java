package uk.boroughbroker.directory;

import java.util.UUID;

/**
 * What a change reader sees of a council directory as a domain controller (decision 0028): its
 * {@code invocationId}, the {@code highestCommittedUSN} its root DSE reports, where its NTDS
 * Settings object and its tombstones are, and whether the broker's account may read those.
 */
public final class ChangeTracking {

    private final UpdateSequence sequence;
    private final String ntdsSettingsDn;
    private final String deletedObjectsDn;
    private final DeletedObjectsAccess deletedObjects;

    ChangeTracking(UpdateSequence sequence, String ntdsSettingsDn, String deletedObjectsDn,
                   DeletedObjectsAccess deletedObjects) {
        this.sequence = sequence;
        this.ntdsSettingsDn = ntdsSettingsDn;
        this.deletedObjectsDn = deletedObjectsDn;
        this.deletedObjects = deletedObjects;
    }

    UpdateSequence sequence() {
        return sequence;
    }

    /** The DC's invocationId (the NTDS Settings object's, as a UUID read from AD's byte order). */
    public UUID invocationId() {
        return sequence.invocationId();
    }

    /** The root DSE's {@code highestCommittedUSN} now. */
    public long highestCommittedUsn() {
        return sequence.highestCommitted();
    }

    /** The root DSE's {@code dsServiceName}: the NTDS Settings object carrying the invocationId. */
    public String ntdsSettingsDn() {
        return ntdsSettingsDn;
    }

    /** {@code CN=Deleted Objects,<base>}: where tombstones are. */
    public String deletedObjectsDn() {
        return deletedObjectsDn;
    }

    /**
     * Whether the broker's service account may read tombstones with the Show Deleted control (List
     * Contents + Read Property on CN=Deleted Objects, what decision 0028 asks councils to grant).
     */
    public boolean deletedObjectsGranted() {
        return deletedObjects.granted();
    }

    /**
     * Grants (the default) or revokes the broker's read of CN=Deleted Objects, as a council's AD admin
     * would; without it deletions are invisible to the broker, as on AD. Takes effect for the next search.
     */
    public void deletedObjectsGranted(boolean granted) {
        deletedObjects.granted(granted);
    }
}
