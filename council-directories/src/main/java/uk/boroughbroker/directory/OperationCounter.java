package uk.boroughbroker.directory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the requests clients send over LDAP, so tests can tell how much traffic each council's
 * directory received (for example: a login for a Brent user must not touch Lewisham). Fed by
 * {@link ClientRequests}, which says which requests count.
 */
final class OperationCounter {

    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong binds = new AtomicLong();

    long count() {
        return operations.get();
    }

    long binds() {
        return binds.get();
    }

    void received(boolean simpleBind) {
        operations.incrementAndGet();
        if (simpleBind) {
            binds.incrementAndGet();
        }
    }
}
