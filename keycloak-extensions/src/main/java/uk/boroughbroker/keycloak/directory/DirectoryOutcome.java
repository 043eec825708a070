package uk.boroughbroker.keycloak.directory;

import java.util.Optional;

import org.keycloak.models.KeycloakSession;

/**
 * What the council directories reported during this request, for the login steps to tell the
 * person what happened ("your council's directory is unavailable", "your account is disabled")
 * instead of a bare "invalid credentials". Kept as request-scoped session attributes: the storage
 * SPI returns only a user or nothing.
 */
public final class DirectoryOutcome {

    static final String UNAVAILABLE = "borough.directory.unavailable";
    static final String ACCOUNT_STATE = "borough.directory.accountState";

    private DirectoryOutcome() {
    }

    static void unavailable(KeycloakSession session, String council) {
        session.setAttribute(UNAVAILABLE, council);
    }

    static void accountState(KeycloakSession session, AccountState state) {
        session.setAttribute(ACCOUNT_STATE, state.name());
    }

    /** The council whose directory could not be reached in this request, if any. */
    public static Optional<String> unavailableCouncil(KeycloakSession session) {
        return Optional.ofNullable(session.getAttribute(UNAVAILABLE, String.class));
    }

    /**
     * Why the directory refused a password it confirmed, if it did: disabled, expired, password
     * expired or to be changed. Never "locked": AD reports a lockout (775) whatever password was
     * given, so saying it would tell a guesser that the account exists, which Keycloak does not
     * tell for its own lockouts either. See {@link #lockedOut}.
     */
    public static Optional<String> refusal(KeycloakSession session) {
        return state(session).filter(s -> !AccountState.ACTIVE.name().equals(s)
                && !AccountState.INVALID_CREDENTIALS.name().equals(s) && !AccountState.LOCKED.name().equals(s));
    }

    /** Whether the directory reported the account locked out: for the event log, not for the caller. */
    public static boolean lockedOut(KeycloakSession session) {
        return state(session).filter(AccountState.LOCKED.name()::equals).isPresent();
    }

    private static Optional<String> state(KeycloakSession session) {
        return Optional.ofNullable(session.getAttribute(ACCOUNT_STATE, String.class));
    }
}
