package uk.boroughbroker.keycloak.directory;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * What the council directories said during this request that changes the answer to a sign-in, and
 * the one decision both sign-in flows take from it. The storage SPI returns only a user or nothing,
 * so what the directory said is kept here, in one request attribute: written by this package as it
 * talks to a directory, read by the sign-in steps through {@link #of}, which leaves each of them only
 * its rendering (a page, or an OAuth error).
 *
 * <p>The decision, for a password the directory has just been asked about (docs/security.md,
 * section 1: brute-force protection comes first, before any password; then this): an unreachable
 * directory ({@link Kind#UNAVAILABLE}), then an AD lockout ({@link Kind#LOCKED}, told only where the
 * council allows it), then why the directory refuses an account whose password it confirmed
 * ({@link Kind#DISABLED} and the kinds after it), else nothing ({@link Kind#NONE}): the password
 * check's own answer stands.
 *
 * @param kind    what the directory said
 * @param council the council whose directory said it; null for {@link Kind#NONE}
 * @param told    what the person may be told: the kind itself, except a lockout of a council that
 *                keeps it quiet (the federation's "Tell staff their account is locked" off), which
 *                reads as {@link Kind#NONE}: AD reports 775 whatever password was given, so telling
 *                it confirms to anyone that the account exists
 */
public record DirectoryOutcome(Kind kind, String council, Kind told) {

    /** What the directory said, in the order the decision weighs it. */
    public enum Kind {
        /** No answer from the council's directory (outage, open circuit, the request's deadline). */
        UNAVAILABLE,
        /** AD has locked the account (775). AD says so whatever the password, so only some councils tell it. */
        LOCKED,
        /** The right password for a disabled account (533). */
        DISABLED,
        /** The right password for an expired account (701). */
        EXPIRED,
        /** The right password, expired (532). */
        PASSWORD_EXPIRED,
        /** The right password, to be changed before signing in (773). */
        PASSWORD_MUST_CHANGE,
        /** Nothing to add: a wrong password, a right one, or no directory asked. */
        NONE;

        static Kind of(AccountState state) {
            return switch (state) {
                case ACTIVE, INVALID_CREDENTIALS -> NONE;
                case LOCKED -> LOCKED;
                case DISABLED -> DISABLED;
                case EXPIRED -> EXPIRED;
                case PASSWORD_EXPIRED -> PASSWORD_EXPIRED;
                case PASSWORD_MUST_CHANGE -> PASSWORD_MUST_CHANGE;
            };
        }
    }

    private static final String REPORTED = "borough.directory.outcome";
    private static final String UNKNOWN_IN = "borough.directory.unknownIn";
    private static final DirectoryOutcome NOTHING = new DirectoryOutcome(Kind.NONE, null, Kind.NONE);

    /** The decision from what the directories said in this request (see the class comment). */
    public static DirectoryOutcome of(KeycloakSession session) {
        Reported reported = reported(session);
        if (reported.unavailableCouncil() != null) {
            return new DirectoryOutcome(Kind.UNAVAILABLE, reported.unavailableCouncil(), Kind.UNAVAILABLE);
        }
        Kind said = reported.state() == null ? Kind.NONE : Kind.of(reported.state());
        if (said == Kind.NONE) {
            return NOTHING;
        }
        return new DirectoryOutcome(said, reported.stateCouncil(),
                said == Kind.LOCKED && !reported.revealLockout() ? Kind.NONE : said);
    }

    /** Records that this council's directory could not be reached in this request. */
    static void unavailable(KeycloakSession session, String council) {
        Reported reported = reported(session);
        session.setAttribute(REPORTED, new Reported(council, reported.state(), reported.stateCouncil(),
                reported.revealLockout()));
    }

    /** Records the directory's answer to a password (the bind) and whether the council tells a lockout. */
    static void accountState(KeycloakSession session, String council, AccountState state, boolean revealLockout) {
        session.setAttribute(REPORTED, new Reported(reported(session).unavailableCouncil(), state, council, revealLockout));
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
            connection.meters().signIn(session, user == null ? DirectoryMeters.SignIn.UNKNOWN_USER
                    : DirectoryMeters.SignIn.BROKER_LOCKED);
        } catch (DirectoryUnavailableException e) {
            connection.meters().signIn(session, DirectoryMeters.SignIn.UNAVAILABLE);
            unavailable(session, e.council());
        }
        return true;
    }

    private static Reported reported(KeycloakSession session) {
        Reported reported = session.getAttribute(REPORTED, Reported.class);
        return reported == null ? Reported.NOTHING : reported;
    }

    /** What the directories said so far in this request; the decision is taken when it is read. */
    private record Reported(String unavailableCouncil, AccountState state, String stateCouncil, boolean revealLockout) {
        static final Reported NOTHING = new Reported(null, null, null, false);
    }
}
