package uk.boroughbroker.keycloak.directory;

import java.nio.charset.StandardCharsets;
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
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.models.cache.UserCache;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.storage.UserStoragePrivateUtil;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.UserStorageUtil;
import org.keycloak.storage.user.ImportedUserValidation;
import org.keycloak.storage.user.UserLookupProvider;
import uk.boroughbroker.keycloak.roles.CouncilRoles;

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
        implements UserStorageProvider, UserLookupProvider, CredentialInputValidator, ImportedUserValidation {

    private static final Logger LOG = Logger.getLogger(CouncilDirectoryProvider.class);
    private static final String READ_THIS_REQUEST = "borough.directory.read.";
    /** People only: in AD, computer accounts are of class user too (WS01$ must never sign in). */
    static final Filter PERSON = Filter.createANDFilter(Filter.createEqualityFilter("objectClass", "user"),
            Filter.createNOTFilter(Filter.createEqualityFilter("objectClass", "computer")));

    private final KeycloakSession session;
    private final ComponentModel model;
    private final CouncilDirectoryConfig config;
    private final CouncilConnection connection;
    private final Clock clock;

    CouncilDirectoryProvider(KeycloakSession session, ComponentModel model, CouncilDirectoryConfig config,
            CouncilConnection connection, Clock clock) {
        this.session = session;
        this.model = model;
        this.config = config;
        this.connection = connection;
        this.clock = clock;
    }

    /** The broker user id for a council's directory object: stable across renames and restarts. */
    static String brokerUserId(String council, UUID objectGuid) {
        return UUID.nameUUIDFromBytes(("borough:" + council + ":" + objectGuid).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    @Override
    public UserModel getUserById(RealmModel realm, String id) {
        // Imported users are found in Keycloak's own store first; there is nothing to add here.
        return null;
    }

    @Override
    public UserModel getUserByUsername(RealmModel realm, String username) {
        return CouncilUsername.parse(username).flatMap(this::filterFor).map(f -> lookup(realm, f)).orElse(null);
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
        if (CouncilUsername.parse(email).flatMap(this::filterFor).isEmpty()) {
            return null;
        }
        UserModel known = UserStoragePrivateUtil.userLocalStorage(session).getUserByUsername(realm, email);
        if (known != null && model.getId().equals(known.getFederationLink())) {
            return null;
        }
        return getUserByUsername(realm, email);
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
                DirectoryOutcome.unavailable(session, config.councilId());
                return null;
            }
            seen.put(key, found);
        }
        return found.map(user -> importUser(realm, user)).orElse(null);
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

    private UserModel importUser(RealmModel realm, DirectoryUser user) {
        UserProvider local = UserStoragePrivateUtil.userLocalStorage(session);
        String id = brokerUserId(config.councilId(), user.objectGuid());
        UserModel existing = local.getUserById(realm, id);
        if (existing == null) {
            try {
                existing = local.addUser(realm, id, user.brokerUsername(config.upnSuffixes().get(0)), true, false);
                existing.setFederationLink(model.getId());
                LOG.debugf("Council %s: imported %s as %s", config.councilId(), user.account(), id);
            } catch (ModelDuplicateException e) {
                // Two first sign-ins of one person at once: the other request imported them.
                existing = local.getUserById(realm, id);
                if (existing == null) {
                    throw e;
                }
            }
        } else if (!model.getId().equals(existing.getFederationLink())) {
            LOG.warnf("Council %s: broker user %s belongs to another federation; not touching it", config.councilId(), id);
            return null;
        } else {
            // Known user under a name Keycloak did not find: renamed in AD. The update below goes
            // to Keycloak's store directly, so the cached copy (old username) must go.
            UserCache cache = UserStorageUtil.userCache(session);
            if (cache != null) {
                cache.evict(realm, existing);
            }
        }
        update(realm, existing, user);
        return existing;
    }

    private void update(RealmModel realm, UserModel target, DirectoryUser user) {
        session.setAttribute(READ_THIS_REQUEST + target.getId(), user);
        String username = user.brokerUsername(config.upnSuffixes().get(0));
        if (!username.equals(target.getUsername())) {
            // Renamed in AD: same objectGUID, same broker user, new name.
            target.setUsername(username);
        }
        target.setFirstName(user.firstName());
        target.setLastName(user.lastName());
        String email = user.email() == null ? null : user.email().toLowerCase(java.util.Locale.ROOT);
        if (email != null && !email.equals(target.getEmail())) {
            try {
                target.setEmail(email);
            } catch (ModelDuplicateException e) {
                // Never take over or merge with another account over an email address.
                LOG.warnf("Council %s: email of %s is used by another broker user; left unset", config.councilId(),
                        user.account());
            }
        }
        target.setEmailVerified(false);
        target.setEnabled(user.state(clock.instant()) != AccountState.DISABLED);
        target.setSingleAttribute(LDAPConstants.LDAP_ID, user.objectGuid().toString());
        target.setSingleAttribute(LDAPConstants.LDAP_ENTRY_DN, user.dn());
        target.setSingleAttribute(DirectoryAttributes.COUNCIL, config.councilId());
        try {
            List<String> groups = groups(user);
            if (!groups.equals(target.getAttributeStream(DirectoryAttributes.GROUPS).toList())) {
                target.setAttribute(DirectoryAttributes.GROUPS, groups);
            }
            CouncilRoles.sync(realm, target, config.councilId(), groups);
        } catch (DirectoryUnavailableException e) {
            // Keep the groups last read rather than drop them half-way.
            DirectoryOutcome.unavailable(session, config.councilId());
        }
    }

    /**
     * The person's groups, nested ones included: by AD's in-chain matching rule (one search) where the
     * directory is AD, else by walking memberOf with our own bound. Both give the same groups on the
     * same data (tested against real AD); the walk alone stops at the nesting depth.
     */
    private List<String> groups(DirectoryUser user) throws DirectoryUnavailableException {
        boolean inChain = switch (config.groupResolution()) {
            case IN_CHAIN -> true;
            case WALK -> false;
            case AUTO -> connection.supportsInChain(deadline());
        };
        if (inChain) {
            Optional<List<String>> found = connection.groupsInChain(deadline(), user.dn());
            if (found.isPresent()) {
                return found.get();
            }
            if (config.groupResolution() == CouncilDirectoryConfig.GroupResolution.IN_CHAIN) {
                LOG.debugf("Council %s: no complete in-chain answer (not AD, or too many groups); walking memberOf",
                        config.councilId());
            }
        }
        return List.copyOf(NestedGroups.resolve(config.councilId(), user.memberOf(),
                group -> connection.parentGroups(deadline(), group), config.groupNestingDepth()));
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
        if (session.getAttribute(READ_THIS_REQUEST + user.getId(), DirectoryUser.class) != null) {
            // Read and applied earlier in this request (Keycloak may load one user more than once).
            return user;
        }
        LOG.debugf("Council %s: reading %s again (Keycloak loaded them from its store, not its cache)",
                config.councilId(), user.getUsername());
        Optional<DirectoryUser> found;
        try {
            found = connection.findUser(deadline(), Filter.createANDFilter(PERSON,
                    Filter.createEqualityFilter("objectGUID", DirectoryUser.uuidToGuid(UUID.fromString(guid)))));
        } catch (DirectoryUnavailableException e) {
            // Keep the user: a directory outage must never delete accounts. Passwords cannot be
            // checked meanwhile, and the login step says why.
            DirectoryOutcome.unavailable(session, config.councilId());
            return user;
        }
        if (found.isEmpty()) {
            LOG.infof("Council %s: %s is no longer in the directory", config.councilId(), user.getUsername());
            return null;
        }
        update(realm, user, found.get());
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

    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        if (!supportsCredentialType(input.getType()) || !model.getId().equals(user.getFederationLink())) {
            return false;
        }
        DirectoryUser read = session.getAttribute(READ_THIS_REQUEST + user.getId(), DirectoryUser.class);
        String dn = read != null ? read.dn() : user.getFirstAttribute(LDAPConstants.LDAP_ENTRY_DN);
        if (dn == null) {
            return false;
        }
        AccountState state;
        try {
            state = connection.bind(deadline(), dn, input.getChallengeResponse());
        } catch (DirectoryUnavailableException e) {
            DirectoryOutcome.unavailable(session, config.councilId());
            return false;
        }
        // AD's bind answer is the authority on lockout and expiry (lockoutTime stays set after a
        // lockout has run out, until the next logon), so the attributes read earlier are not
        // consulted here. AD returns 533, 701, 532 and 773 only for the right password; 775 (locked)
        // whatever the password, which is why telling it is a council's choice (revealLockout).
        DirectoryOutcome.accountState(session, state, config.revealLockout());
        return state == AccountState.ACTIVE;
    }

    /** This request's one deadline for this council's directory (see {@link Deadline}). */
    private Deadline deadline() {
        return Deadline.forRequest(session, config);
    }

    @Override
    public void close() {
        // The connection belongs to the factory and outlives the request.
    }
}
