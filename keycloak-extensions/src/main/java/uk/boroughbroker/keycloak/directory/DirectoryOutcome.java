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
    static final String REVEAL_LOCKOUT = "borough.directory.revealLockout";

    private DirectoryOutcome() {
    }

    static void unavailable(KeycloakSession session, String council) {
        session.setAttribute(UNAVAILABLE, council);
    }

    static void accountState(KeycloakSession session, AccountState state) {
        session.setAttribute(ACCOUNT_STATE, state.name());
    }

    static void accountState(KeycloakSession session, AccountState state, boolean revealLockout) {
        accountState(session, state);
        session.setAttribute(REVEAL_LOCKOUT, revealLockout);
    }

    /** The council whose directory could not be reached in this request, if any. */
    public static Optional<String> unavailableCouncil(KeycloakSession session) {
        return Optional.ofNullable(session.getAttribute(UNAVAILABLE, String.class));
    }

    /**
     * Why the directory refused a password it confirmed, if it did: disabled, expired, password
     * expired or to be changed. Not "locked", which AD reports whatever password was given: see
     * {@link #lockedOut} and {@link #revealLockout}.
     */
    public static Optional<String> refusal(KeycloakSession session) {
        return state(session).filter(s -> !AccountState.ACTIVE.name().equals(s)
                && !AccountState.INVALID_CREDENTIALS.name().equals(s) && !AccountState.LOCKED.name().equals(s));
    }

    /** Whether the directory reported the account locked out (AD's 775). */
    public static boolean lockedOut(KeycloakSession session) {
        return state(session).filter(AccountState.LOCKED.name()::equals).isPresent();
    }

    /**
     * Whether the council tells staff about a lockout (the federation's "Tell staff their account is
     * locked", on by default). Off, a lockout reads as "invalid credentials": AD reports 775 whatever
     * password was given, so telling it confirms to anyone that the account exists.
     */
    public static boolean revealLockout(KeycloakSession session) {
        return !Boolean.FALSE.equals(session.getAttribute(REVEAL_LOCKOUT, Boolean.class));
    }

    private static Optional<String> state(KeycloakSession session) {
        return Optional.ofNullable(session.getAttribute(ACCOUNT_STATE, String.class));
    }
}
