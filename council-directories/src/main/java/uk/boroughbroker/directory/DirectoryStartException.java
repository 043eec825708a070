package uk.boroughbroker.directory;

/**
 * A council directory could not start: bad LDIF, a port already in use, and the like.
 *
 * <p>The message is written for the person running the demo or the tests: it names the council, the
 * LDIF source (and line) or the port, and what to change. Callers can print it without a stack trace.
 */
public final class DirectoryStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DirectoryStartException(String message) {
        super(message);
    }

    DirectoryStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
