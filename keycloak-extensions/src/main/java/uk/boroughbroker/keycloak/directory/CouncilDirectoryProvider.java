package uk.boroughbroker.keycloak.directory;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.unboundid.ldap.sdk.Filter;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.LDAPConstants;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.storage.UserStoragePrivateUtil;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.user.ImportedUserValidation;
import org.keycloak.storage.user.UserLookupProvider;
import org.keycloak.userprofile.AttributeMetadata;
import org.keycloak.userprofile.UserProfileDecorator;
import org.keycloak.userprofile.UserProfileMetadata;

/**
 * One council's directory as a Keycloak user store, per request.
 *
 * <p>Routing: a name is looked up only when it names this council ({@code x@<its suffix or email
 * domain>}, {@code <ITS NETBIOS>\x}); any other name costs this council nothing, so an unknown name
 * reaches at most one directory and a bare {@code jsmith} reaches none (Keycloak issues 37068,
 * 14665).
 *
 * <p>Identity: the broker user's id is derived from council id and objectGUID, the username is the
 * UPN; renames in AD keep the id (and so the token {@code sub}) and update the username. Nothing is
 * ever linked by username or email across councils.
 */
final class CouncilDirectoryProvider
        implements UserStorageProvider, UserLookupProvider, CredentialInputValidator, ImportedUserValidation,
        UserProfileDecorator {

    private static final Logger LOG = Logger.getLogger(CouncilDirectoryProvider.class);
    /** People only: in AD, computer accounts are of class user too (WS01$ must never sign in). */
    static final Filter PERSON = Filter.createANDFilter(Filter.createEqualityFilter("objectClass", "user"),
            Filter.createNOTFilter(Filter.createEqualityFilter("objectClass", "computer")));

    private final KeycloakSession session;
    private final ComponentModel model;
    private final CouncilDirectoryConfig config;
    private final CouncilConnection connection;
    private final DirectoryImport imports;

    CouncilDirectoryProvider(KeycloakSession session, ComponentModel model, CouncilDirectoryConfig config,
            CouncilConnection connection, Clock clock) {
        this.session = session;
        this.model = model;
        this.config = config;
        this.connection = connection;
        this.imports = new DirectoryImport(session, model, config, connection, clock);
    }

    @Override
    public UserModel getUserById(RealmModel realm, String id) {
        // Imported users are found in Keycloak's own store first; there is nothing to add here.
        return null;
    }

    @Override
    public UserModel getUserByUsername(RealmModel realm, String username) {
        return CouncilUsername.inRequest(session, username).flatMap(this::filterFor).map(f -> lookup(realm, f))
                .orElse(null);
    }

    /**
     * Keycloak asks by email before it asks by username whenever a typed name contains '@' (login
     * with email), and a council UPN looks like an email. A person's broker username is their UPN:
     * when the name is already one of this council's broker usernames, the answer here is "none by
     * email", and Keycloak's next question, by username, is answered from its user cache. A
     * returning person then costs no directory search, only the password check. Any other name of
     * this council's is searched for by UPN or mail, once per request (the request cache).
     */
    @Override
    public UserModel getUserByEmail(RealmModel realm, String email) {
        Optional<Filter> filter = CouncilUsername.inRequest(session, email).flatMap(this::filterFor);
        if (filter.isEmpty()) {
            return null;
        }
        UserModel known = UserStoragePrivateUtil.userLocalStorage(session).getUserByUsername(realm, email);
        if (known != null && model.getId().equals(known.getFederationLink())) {
            return null;
        }
        return lookup(realm, filter.get());
    }

    /** The directory filter for a typed name, when the name is this council's; values are escaped by the SDK. */
    Optional<Filter> filterFor(CouncilUsername name) {
        Filter person = PERSON;
        if (name.netbios().isPresent()) {
            return config.netbiosName().filter(n -> n.equals(name.netbios().get()))
                    .map(n -> Filter.createANDFilter(person, Filter.createEqualityFilter("sAMAccountName", name.account())));
        }
        if (name.domain().isPresent() && config.ownsDomain(name.domain().get())) {
            String principal = name.principal().orElseThrow();
            return Optional.of(Filter.createANDFilter(person, Filter.createORFilter(
                    Filter.createEqualityFilter("userPrincipalName", principal),
                    Filter.createEqualityFilter("mail", principal))));
        }
        return Optional.empty();
    }

    /** One search per distinct name per request: Keycloak asks by email and then by username. */
    private UserModel lookup(RealmModel realm, Filter filter) {
        Map<String, Optional<DirectoryUser>> seen = requestCache();
        String key = config.councilId() + "|" + filter;
        Optional<DirectoryUser> found = seen.get(key);
        if (found == null) {
            LOG.debugf("Council %s: searching the directory for %s", config.councilId(), filter);
            try {
                found = connection.findUser(deadline(), filter);
            } catch (DirectoryUnavailableException e) {
                // A new person's sign-in ends here, before any password check.
                connection.meters().signIn(session, DirectoryMeters.SignIn.UNAVAILABLE);
                DirectoryOutcome.unavailable(session, config.councilId());
                return null;
            }
            seen.put(key, found);
        }
        if (found.isEmpty()) {
            DirectoryOutcome.unknownName(session, connection);
            return null;
        }
        return imports.importUser(realm, found.get()).orElse(null);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Optional<DirectoryUser>> requestCache() {
        Map<String, Optional<DirectoryUser>> cache = session.getAttribute("borough.directory.lookups", Map.class);
        if (cache == null) {
            cache = new HashMap<>();
            session.setAttribute("borough.directory.lookups", cache);
        }
        return cache;
    }

    @Override
    public UserModel validate(RealmModel realm, UserModel user) {
        if (!model.getId().equals(user.getFederationLink())) {
            return user;
        }
        String guid = user.getFirstAttribute(LDAPConstants.LDAP_ID);
        if (guid == null) {
            return user;
        }
        if (session.getAttribute(DirectoryImport.READ_THIS_REQUEST + user.getId(), DirectoryUser.class) != null) {
            // Read and applied earlier in this request (Keycloak may load one user more than once).
            return user;
        }
        LOG.debugf("Council %s: reading %s again (Keycloak loaded them from its store, not its cache)",
                config.councilId(), user.getUsername());
        Optional<DirectoryUser> found;
        try {
            found = connection.findUser(deadline(), byObjectGuid(guid));
        } catch (DirectoryUnavailableException e) {
            // Keep the user: a directory outage must never delete accounts. Passwords cannot be
            // checked meanwhile, and the login step says why.
            DirectoryOutcome.unavailable(session, config.councilId());
            return user;
        }
        if (found.isEmpty()) {
            // Disabled, not deleted (Keycloak's answer to a null here): a leaver's broker user, grants
            // and provisioned accounts stay traceable, and the person restored in AD under the same
            // objectGUID is the same broker user (issue 14).
            if (user.isEnabled()) {
                imports.leave(realm, user, "no longer in the directory");
            }
            return user;
        }
        imports.update(realm, user, found.get());
        return user;
    }

    @Override
    public boolean supportsCredentialType(String credentialType) {
        return PasswordCredentialModel.TYPE.equals(credentialType);
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return supportsCredentialType(credentialType) && model.getId().equals(user.getFederationLink());
    }

    /**
     * Checks a password by binding as the person, at the entry their objectGUID names now. A person
     * whose entry was read in this request (first sign-in, re-read) is bound at that entry; a returning
     * one is looked up by objectGUID first, so an account deleted and re-created under the same DN is a
     * new person, never the old one's broker user, and a person moved to another OU is bound where
     * they are. That is one search and one bind, the same work an unknown name costs
     * ({@link DirectoryOutcome#spendPasswordCheck}).
     */
    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        if (!supportsCredentialType(input.getType()) || !model.getId().equals(user.getFederationLink())) {
            return false;
        }
        String guid = user.getFirstAttribute(LDAPConstants.LDAP_ID);
        if (guid == null) {
            return false;
        }
        try {
            DirectoryUser read = session.getAttribute(DirectoryImport.READ_THIS_REQUEST + user.getId(), DirectoryUser.class);
            if (read == null) {
                Optional<DirectoryUser> current = connection.findUser(deadline(), byObjectGuid(guid));
                if (current.isEmpty()) {
                    LOG.infof("Council %s: %s (objectGUID %s) is no longer in the directory; password refused",
                            config.councilId(), user.getUsername(), guid);
                    // The next load comes from Keycloak's store and is validated, which lets the user go.
                    imports.evict(realm, user);
                    connection.meters().signIn(session, DirectoryMeters.SignIn.UNKNOWN_USER);
                    return false;
                }
                read = current.get();
                if (!BrokerNames.routesTo(user.getUsername(), config)) {
                    // Imported before names were checked (decision 0015) under another council's name:
                    // renamed now, so that the name leads to its own council's person again.
                    imports.update(realm, user, read);
                }
            }
            AccountState state = connection.bind(deadline(), read.dn(), input.getChallengeResponse());
            // AD's bind answer is the authority on lockout and expiry (lockoutTime stays set after a
            // lockout has run out, until the next logon), so the attributes read earlier are not
            // consulted here. AD returns 533, 701, 532 and 773 only for the right password; 775 (locked)
            // whatever the password, which is why telling it is a council's choice (revealLockout).
            DirectoryOutcome.accountState(session, config.councilId(), state, config.revealLockout());
            connection.meters().signIn(session, DirectoryMeters.SignIn.of(state));
            return state == AccountState.ACTIVE;
        } catch (DirectoryUnavailableException e) {
            connection.meters().signIn(session, DirectoryMeters.SignIn.UNAVAILABLE);
            DirectoryOutcome.unavailable(session, config.councilId());
            return false;
        }
    }

    /** The person whose objectGUID this is (stored as a UUID string on the broker user). */
    private static Filter byObjectGuid(String guid) {
        return Filter.createANDFilter(PERSON,
                Filter.createEqualityFilter("objectGUID", DirectoryUser.uuidToGuid(UUID.fromString(guid))));
    }

    /**
     * Names and email come from the council's directory and are written again at every read, so they
     * are read-only for the person (account console, profile forms) and for admins alike, as
     * Keycloak's own LDAP provider does for a read-only federation.
     */
    @Override
    public List<AttributeMetadata> decorateUserProfile(String providerId, UserProfileMetadata metadata) {
        if (!model.getId().equals(providerId)) {
            return List.of();
        }
        return java.util.stream.Stream.of(UserModel.USERNAME, UserModel.EMAIL, UserModel.FIRST_NAME, UserModel.LAST_NAME)
                .flatMap(name -> metadata.getAttribute(name).stream())
                .map(attribute -> attribute.clone().addWriteCondition(AttributeMetadata.ALWAYS_FALSE))
                .toList();
    }

    /** This request's one deadline for this council's directory (see {@link Deadline}). */
    private Deadline deadline() {
        return Deadline.forRequest(session, config.connection());
    }

    @Override
    public void close() {
        // The connection belongs to the factory and outlives the request.
    }
}
