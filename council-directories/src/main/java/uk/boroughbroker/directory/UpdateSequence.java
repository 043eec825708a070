package uk.boroughbroker.directory;

import java.util.TreeSet;
import java.util.UUID;

/**
 * One domain controller's update sequence numbers (USNs): the counter AD stamps into
 * {@code uSNCreated}/{@code uSNChanged} on every originating write, and the {@code highestCommittedUSN}
 * its root DSE reports, with the {@code invocationId} that names this copy of the database.
 *
 * <p>A USN is handed out before its write and is "in flight" until the write is done or failed.
 * {@link #highestCommitted()} stays below the lowest USN still in flight, as AD's does: a reader
 * that takes it as its next watermark must find every change at or below it already visible, or a
 * change whose write finished a moment later would be skipped for ever.
 */
final class UpdateSequence {

    /** Where the counter starts: the first entries loaded get the next numbers, as after provisioning. */
    static final long FIRST_USN = 1_000;

    private final UUID invocationId;
    private final TreeSet<Long> inFlight = new TreeSet<>();
    private long highest = FIRST_USN;

    UpdateSequence(UUID invocationId) {
        this.invocationId = invocationId;
    }

    UUID invocationId() {
        return invocationId;
    }

    /** The next USN, in flight until {@link #end(long)}. */
    synchronized long begin() {
        highest++;
        inFlight.add(highest);
        return highest;
    }

    /** The write stamped with {@code usn} is visible (or failed): readers may move past it. */
    synchronized void end(long usn) {
        inFlight.remove(usn);
    }

    /** The highest USN with every write at or below it finished. */
    synchronized long highestCommitted() {
        return inFlight.isEmpty() ? highest : inFlight.first() - 1;
    }
}
