package uk.boroughbroker.directory.samba;

/**
 * A Samba domain controller could not be provisioned, seeded, started or reached.
 *
 * <p>The message names the council and the step that failed and, where Samba or one of its tools
 * said why, ends with the tail of that output, so it can be printed as it is.
 */
public final class SambaStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SambaStartException(String message) {
        super(message);
    }

    SambaStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
