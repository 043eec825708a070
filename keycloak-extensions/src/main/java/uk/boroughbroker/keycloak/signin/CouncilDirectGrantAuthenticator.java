package uk.boroughbroker.keycloak.signin;

import java.util.List;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.authentication.authenticators.directgrant.AbstractDirectGrantAuthenticator;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.managers.AuthenticationManager;
import uk.boroughbroker.keycloak.directory.DirectoryOutcome;

/**
 * {@value #PROVIDER_ID}: the password grant against council directories, in one step (username and
 * password), so that a partner app gets the answer that fits:
 * <ul>
 * <li>the council's directory is unreachable: HTTP 503 {@code temporarily_unavailable}, not
 * "invalid credentials" (nobody mistyped anything);</li>
 * <li>the password is right but the account is disabled, expired or must change its password:
 * {@code invalid_grant} with that reason;</li>
 * <li>AD has locked the account: {@code invalid_grant} saying so (AD reports a lockout whatever the
 * password, so a council may turn this off and answer "invalid credentials"), not counted towards
 * the broker's own brute-force protection;</li>
 * <li>anything else: {@code invalid_grant} "Invalid user credentials", as Keycloak says it, so a
 * guesser learns nothing about which names exist.</li>
 * </ul>
 * Replaces Keycloak's {@code direct-grant-validate-username} + {@code direct-grant-validate-password}
 * in the realm's direct grant flow; wrong passwords still count for brute-force protection.
 */
public final class CouncilDirectGrantAuthenticator extends AbstractDirectGrantAuthenticator {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(CouncilDirectGrantAuthenticator.class);

    public static final String PROVIDER_ID = "borough-direct-grant";
    static final String UNAVAILABLE_ERROR = "directory_unavailable";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String username = form.getFirst("username");
        String password = form.getFirst("password");
        if (username == null || username.isBlank()) {
            context.getEvent().error(Errors.USER_NOT_FOUND);
            context.failure(AuthenticationFlowError.INVALID_USER,
                    errorResponse(Response.Status.UNAUTHORIZED.getStatusCode(), "invalid_request", "Missing parameter: username"));
            return;
        }
        context.getEvent().detail(Details.USERNAME, username);
        context.getAuthenticationSession().setAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME, username);

        UserModel user;
        try {
            user = KeycloakModelUtils.findUserByNameOrEmail(context.getSession(), context.getRealm(), username);
        } catch (ModelDuplicateException e) {
            invalid(context, AuthenticationFlowError.INVALID_USER, Errors.USER_NOT_FOUND);
            return;
        }
        if (user == null) {
            if (unavailable(context)) {
                return;
            }
            spendPasswordCheck(context, null, password);
            if (unavailable(context)) {
                return;
            }
            invalid(context, AuthenticationFlowError.INVALID_USER, Errors.USER_NOT_FOUND);
            return;
        }
        context.getEvent().user(user);
        if (user.getServiceAccountClientLink() != null) {
            spendPasswordCheck(context, null, password);
            invalid(context, AuthenticationFlowError.INVALID_USER, Errors.INVALID_USER);
            return;
        }
        // The order below is the rule (issue 11, item 2): a person locked by brute-force protection
        // gets the generic answer whatever the password; every wrong password counts, whatever the
        // account's state (a leaver's disabled account included); why an account is refused is told
        // only to a caller whose password the directory has just confirmed.
        String bruteForce = AuthenticatorUtils.getDisabledByBruteForceEventError(context, user);
        if (bruteForce != null) {
            LOG.debugf("%s refused by Keycloak's brute-force protection (%s)", user.getUsername(), bruteForce);
            spendPasswordCheck(context, user, password);
            context.getEvent().error(bruteForce);
            context.forceChallenge(errorResponse(Response.Status.BAD_REQUEST.getStatusCode(), "invalid_grant",
                    AccountMessages.INVALID));
            return;
        }

        boolean valid = password != null && user.credentialManager().isValid(UserCredentialModel.password(password));
        DirectoryOutcome outcome = DirectoryOutcome.of(context.getSession());
        if (outcome.kind() != DirectoryOutcome.Kind.NONE) {
            answer(context, outcome);
            return;
        }
        if (!valid) {
            // A failure, not a challenge, so that Keycloak's brute-force protection counts it; it finds
            // the person by the attempted username, disabled or not.
            invalid(context, AuthenticationFlowError.INVALID_CREDENTIALS, Errors.INVALID_USER_CREDENTIALS);
            return;
        }
        if (!user.isEnabled()) {
            // Right password, but disabled in the broker (by an admin): Keycloak refuses to make a
            // disabled user the flow's user, so it is answered here.
            context.getEvent().error(Errors.USER_DISABLED);
            context.forceChallenge(errorResponse(Response.Status.BAD_REQUEST.getStatusCode(), "invalid_grant",
                    "Account disabled"));
            return;
        }
        context.setUser(user);
        context.getAuthenticationSession().setAuthNote(AuthenticationManager.PASSWORD_VALIDATED, "true");
        context.success(PasswordCredentialModel.TYPE);
    }

    /** The work of a password check where none runs: a directory bind, or Keycloak's dummy hash. */
    private static void spendPasswordCheck(AuthenticationFlowContext context, UserModel user, String password) {
        if (!DirectoryOutcome.spendPasswordCheck(context.getSession(), user, password)) {
            AuthenticatorUtils.dummyHash(context);
        }
    }

    /** Answers 503 when the council's directory could not be reached; says whether it did. */
    private boolean unavailable(AuthenticationFlowContext context) {
        DirectoryOutcome outcome = DirectoryOutcome.of(context.getSession());
        if (outcome.kind() != DirectoryOutcome.Kind.UNAVAILABLE) {
            return false;
        }
        answer(context, outcome);
        return true;
    }

    /** The password grant's rendering of what the directory said; none of it is a counted failure. */
    private void answer(AuthenticationFlowContext context, DirectoryOutcome outcome) {
        switch (outcome.kind()) {
            case UNAVAILABLE -> context.getEvent().detail("council", outcome.council()).error(UNAVAILABLE_ERROR);
            // AD already blocks this account; counting the refusal as well would let the broker's own
            // lockout outlast AD's (see docs/directories.md).
            case LOCKED -> context.getEvent().detail(Details.REASON, "LOCKED_IN_DIRECTORY")
                    .error(Errors.USER_TEMPORARILY_DISABLED);
            // The directory confirmed the password and still refuses the account: it is told why.
            default -> context.getEvent().detail(Details.REASON, outcome.kind().name()).error(Errors.USER_DISABLED);
        }
        context.forceChallenge(outcome.kind() == DirectoryOutcome.Kind.UNAVAILABLE
                ? errorResponse(Response.Status.SERVICE_UNAVAILABLE.getStatusCode(), "temporarily_unavailable",
                        AccountMessages.unavailable(outcome.council()))
                : errorResponse(Response.Status.BAD_REQUEST.getStatusCode(), "invalid_grant",
                        AccountMessages.describe(outcome.told())));
    }

    private void invalid(AuthenticationFlowContext context, AuthenticationFlowError flowError, String eventError) {
        context.getEvent().error(eventError);
        context.failure(flowError, errorResponse(Response.Status.BAD_REQUEST.getStatusCode(), "invalid_grant",
                AccountMessages.INVALID));
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // Nothing to set up: passwords live in the council's directory.
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Borough council sign-in (password grant)";
    }

    @Override
    public String getReferenceCategory() {
        return PasswordCredentialModel.TYPE;
    }

    @Override
    public String getHelpText() {
        return "Checks username and password against the council's directory and says when the directory is "
                + "unavailable or the account is refused, instead of 'invalid credentials'.";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[] {AuthenticationExecutionModel.Requirement.REQUIRED};
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
