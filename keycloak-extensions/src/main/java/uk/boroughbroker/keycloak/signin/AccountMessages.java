package uk.boroughbroker.keycloak.signin;

import uk.boroughbroker.keycloak.directory.DirectoryOutcome;

/** What staff are told when their council's directory refuses them, in words they can act on. */
final class AccountMessages {

    /** Keycloak's own answer to a wrong password in the password grant, which tells a guesser nothing. */
    static final String INVALID = "Invalid user credentials";

    private AccountMessages() {
    }

    static String unavailable(String council) {
        return "Your council's directory (" + council + ") is unavailable at the moment. Please try again in a few "
                + "minutes; if it persists, contact your IT service desk.";
    }

    /** The theme message key (borough theme, messages_en.properties) for what the person is told. */
    static String messageKey(DirectoryOutcome.Kind told) {
        return switch (told) {
            case DISABLED -> "accountDisabledMessage";
            case LOCKED -> "boroughAccountLocked";
            case EXPIRED -> "boroughAccountExpired";
            case PASSWORD_EXPIRED -> "boroughPasswordExpired";
            case PASSWORD_MUST_CHANGE -> "boroughPasswordMustChange";
            case UNAVAILABLE, NONE -> "invalidUserMessage";
        };
    }

    /** The {@code error_description} of the password grant for what the person is told. */
    static String describe(DirectoryOutcome.Kind told) {
        return switch (told) {
            case DISABLED -> "Account disabled";
            case LOCKED -> "Account locked in your council's directory after too many wrong passwords. Wait for it to "
                    + "unlock, or contact your IT service desk.";
            case EXPIRED -> "Account expired in your council's directory. Contact your IT service desk.";
            case PASSWORD_EXPIRED -> "Your password has expired. Change it on a council device, then sign in again.";
            case PASSWORD_MUST_CHANGE -> "You must change your password before you sign in. Change it on a council "
                    + "device, then sign in again.";
            case UNAVAILABLE, NONE -> INVALID;
        };
    }
}
