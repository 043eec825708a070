package uk.boroughbroker.realms;

import java.util.List;

/**
 * Keycloak refused part of an apply. What the apply had written was then put back; the message
 * says so ("nothing was changed: ...") or lists what could not be put back. Meant to be shown to
 * the operator as is.
 */
public final class ApplyException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final List<String> notPutBack;

    ApplyException(String reason, List<String> notPutBack, Throwable cause) {
        super(message(reason, notPutBack), cause);
        this.notPutBack = List.copyOf(notPutBack);
    }

    private static String message(String reason, List<String> notPutBack) {
        if (notPutBack.isEmpty()) {
            return "nothing was changed: " + reason;
        }
        return reason + "\nWhat this apply had written was put back, except:\n  - " + String.join("\n  - ", notPutBack)
                + "\nCheck these in the admin console, then apply again.";
    }

    /** The writes that could not be put back; empty when the realm is as it was before the apply. */
    public List<String> notPutBack() {
        return notPutBack;
    }
}
