package uk.boroughbroker.broker;

/** The command line is wrong: unknown command or option, missing or malformed value. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
