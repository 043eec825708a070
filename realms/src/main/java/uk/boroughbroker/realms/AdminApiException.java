package uk.boroughbroker.realms;

/** Keycloak's Admin REST API refused a call or could not be reached; the message says which and why. */
public final class AdminApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int status;

    AdminApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, or 0 when the server could not be reached. */
    public int status() {
        return status;
    }
}
