package uk.boroughbroker.keycloak.directory;

import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

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
    static final String UNKNOWN_IN = "borough.directory.unknownIn";

    private DirectoryOutcome() {
    }

    static void unavailable(KeycloakSession session, String council) {
        session.setAttribute(UNAVAILABLE, council);
    }

    static void accountState(KeycloakSession session, AccountState state, boolean revealLockout) {
        session.setAttribute(ACCOUNT_STATE, state.name());
        session.setAttribute(REVEAL_LOCKOUT, revealLockout);
    }

    /** Records that a typed name routed to this council's directory, which does not know it. */
    static void unknownName(KeycloakSession session, CouncilConnection connection) {
        session.setAttribute(UNKNOWN_IN, connection);
    }

    /**
     * Spends the directory work a password check costs (one bind, to a DN that names nobody) where no
     * real check will run: for a name its council's directory does not know ({@code user} null), and
     * for a person refused before their password is checked (locked by brute-force protection). Then
     * an unknown name, a locked person and a wrong password take the same time, and a guesser cannot
     * list a council's staff by timing (issue 11, item 9). Keycloak's own answer
     * ({@code AuthenticatorUtils.dummyHash}) hashes a password locally instead, which is tens of
     * milliseconds slower than the bind it stands for.
     *
     * @return whether the work was done; false when neither the name nor the person belongs to a
     *         council directory (the caller then does Keycloak's dummy hash)
     */
    public static boolean spendPasswordCheck(KeycloakSession session, UserModel user, String password) {
        CouncilConnection connection = user == null ? session.getAttribute(UNKNOWN_IN, CouncilConnection.class)
                : CouncilDirectoryProviderFactory.connectionOf(session, user).orElse(null);
        if (connection == null) {
            return false;
        }
        try {
            connection.bindAsNobody(session, password);
        } catch (DirectoryUnavailableException e) {
            unavailable(session, e.council());
        }
        return true;
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
