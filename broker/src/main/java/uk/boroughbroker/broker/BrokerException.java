package uk.boroughbroker.broker;

/** Something the operator must fix; the message says what and how, and is printed without a stack trace. */
public final class BrokerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BrokerException(String message) {
        super(message);
    }

    BrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
