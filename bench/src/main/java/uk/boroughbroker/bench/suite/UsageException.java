package uk.boroughbroker.bench.suite;

/** A wrong command line: the message names the option and what is wrong with it. */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
