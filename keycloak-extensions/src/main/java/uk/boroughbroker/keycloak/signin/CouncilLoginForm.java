package uk.boroughbroker.keycloak.signin;

import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordForm;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.services.validation.Validation;
import uk.boroughbroker.keycloak.directory.CouncilRouting;
import uk.boroughbroker.keycloak.directory.DirectoryOutcome;

/**
 * The browser sign-in page for council staff: Keycloak's own username and password form, which
 * reaches only the council the name belongs to, plus what a shared service needs around it:
 * <ul>
 * <li>a bare name ({@code jsmith}) asks "which council do you work for?" and comes back as
 * {@code jsmith@<that council's suffix>};</li>
 * <li>a name of no known council says so and offers the choice;</li>
 * <li>an unreachable council directory gets its own page, not "invalid password";</li>
 * <li>a refused account (disabled, expired, password to change) is told why, once the directory has
 * confirmed the password.</li>
 * </ul>
 */
final class CouncilLoginForm extends UsernamePasswordForm {

    static final String CHOICE_TEMPLATE = "borough-council-choice.ftl";
    static final String UNAVAILABLE_TEMPLATE = "borough-directory-unavailable.ftl";
    static final String COUNCIL_FIELD = "council";
    static final String ACCOUNT_FIELD = "account";

    CouncilLoginForm(KeycloakSession session) {
        super(session);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey("cancel")) {
            super.action(context);
            return;
        }
        if (form.containsKey(COUNCIL_FIELD)) {
            councilChosen(context, form.getFirst(ACCOUNT_FIELD), form.getFirst(COUNCIL_FIELD));
            return;
        }
        String username = form.getFirst("username");
        switch (CouncilRouting.classify(context.getRealm(), username)) {
            case BARE -> {
                context.challenge(choicePage(context, CouncilRouting.account(username).orElseThrow(), null));
                return;
            }
            case UNKNOWN_COUNCIL -> {
                context.challenge(choicePage(context, CouncilRouting.account(username).orElseThrow(),
                        CouncilRouting.domain(username).orElse(username)));
                return;
            }
            default -> {
                // ROUTED and INVALID both go to Keycloak's own checks, which say "invalid" for the latter.
            }
        }
        if (validateForm(context, form)) {
            context.success(PasswordCredentialModel.TYPE);
            return;
        }
        DirectoryOutcome outcome = DirectoryOutcome.of(context.getSession());
        switch (outcome.kind()) {
            case NONE -> {
                // Keycloak's own answer stands (a wrong password is a counted failure).
            }
            // Replaces Keycloak's "invalid username or password": nobody mistyped, and an outage
            // must not count towards anyone's brute-force lockout.
            case UNAVAILABLE -> context.challenge(context.form()
                    .setAttribute("council", CouncilRouting.choice(context.getRealm(), outcome.council())
                            .map(CouncilRouting.Choice::displayName).orElse(outcome.council()))
                    .createForm(UNAVAILABLE_TEMPLATE));
            default -> {
                if (outcome.kind() == DirectoryOutcome.Kind.LOCKED) {
                    // AD already blocks the account, and counting the refusal too would let the
                    // broker's lockout outlast AD's (docs/directories.md).
                    context.getEvent().detail(Details.REASON, "LOCKED_IN_DIRECTORY");
                }
                // A challenge replaces Keycloak's failure: the directory refused the account, not the password.
                context.challenge(context.form().setFormData(form).setError(AccountMessages.messageKey(outcome.told()))
                        .createLoginUsernamePassword());
            }
        }
    }

    /**
     * An unknown name costs what a wrong password costs: Keycloak hashes a dummy password here, tens
     * of milliseconds of work a directory person's wrong password never costs (their password check is
     * one bind), so a guesser could tell staff from strangers by timing (issue 11, item 9). The
     * council's directory gets the same bind instead; the answer stays Keycloak's.
     */
    @Override
    public void testInvalidUser(AuthenticationFlowContext context, UserModel user) {
        if (user != null || !DirectoryOutcome.spendPasswordCheck(context.getSession(), null, password(context))) {
            super.testInvalidUser(context, user);
            return;
        }
        context.getEvent().error(Errors.USER_NOT_FOUND);
        context.failureChallenge(AuthenticationFlowError.INVALID_USER,
                challenge(context, getDefaultChallengeMessage(context), Validation.FIELD_USERNAME));
    }

    /** A person locked by brute-force protection costs the same bind too (nothing else is checked). */
    @Override
    protected boolean isDisabledByBruteForce(AuthenticationFlowContext context, UserModel user) {
        boolean locked = super.isDisabledByBruteForce(context, user);
        if (locked) {
            DirectoryOutcome.spendPasswordCheck(context.getSession(), user, password(context));
        }
        return locked;
    }

    private static String password(AuthenticationFlowContext context) {
        return context.getHttpRequest().getDecodedFormParameters().getFirst("password");
    }

    private void councilChosen(AuthenticationFlowContext context, String account, String councilId) {
        Optional<CouncilRouting.Choice> council = CouncilRouting.choice(context.getRealm(), councilId);
        if (account == null || CouncilRouting.account(account).isEmpty() || council.isEmpty()) {
            context.challenge(context.form().setError("invalidUserMessage").createLoginUsernamePassword());
            return;
        }
        MultivaluedMap<String, String> prefilled = new MultivaluedHashMap<>();
        prefilled.putSingle("username", account + "@" + council.get().upnSuffix());
        context.challenge(context.form().setFormData(prefilled)
                .setInfo("boroughEnterPasswordFor", council.get().displayName())
                .createLoginUsernamePassword());
    }

    private Response choicePage(AuthenticationFlowContext context, String account, String unknownDomain) {
        LoginFormsProvider form = context.form()
                .setAttribute(ACCOUNT_FIELD, account)
                // Maps rather than records: the templates read council.id and council.displayName.
                .setAttribute("councils", CouncilRouting.choices(context.getRealm()).stream()
                        .map(c -> java.util.Map.of("id", c.id(), "displayName", c.displayName())).toList());
        if (unknownDomain != null) {
            form.setError("boroughUnknownCouncil", unknownDomain);
        }
        return form.createForm(CHOICE_TEMPLATE);
    }
}
