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

    /** Why the directory refused the password in this request, if it did for a known reason. */
    public static Optional<String> refusal(KeycloakSession session) {
        return Optional.ofNullable(session.getAttribute(ACCOUNT_STATE, String.class))
                .filter(s -> !AccountState.ACTIVE.name().equals(s) && !AccountState.INVALID_CREDENTIALS.name().equals(s));
    }
}
