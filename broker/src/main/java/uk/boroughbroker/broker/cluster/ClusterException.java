package uk.boroughbroker.broker.cluster;

/** Something the operator must fix (a missing package, a port in use, a node that did not start); the message says what. */
public final class ClusterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ClusterException(String message) {
        super(message);
    }

    ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
