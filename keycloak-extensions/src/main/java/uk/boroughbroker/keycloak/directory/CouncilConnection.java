package uk.boroughbroker.keycloak.directory;

import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import uk.boroughbroker.keycloak.directory.DirectoryMeters.Kind;

/**
 * The broker's connection to one council's domain controllers, built on the UnboundID LDAP SDK
 * (decision 0008): the questions the broker asks a council's directory (find a person, check a
 * password, read groups). Each runs through the council's {@link DirectoryGuard} (breaker, workers,
 * the request's deadline, probes) on one of its {@link DirectoryPools}.
 *
 * <p>Owned by the provider factory, one per council federation, shared by all requests; built from
 * {@link ConnectionSettings} and replaced when they change.
 */
final class CouncilConnection implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CouncilConnection.class);
    private static final Duration GROUP_CACHE_TIME = Duration.ofMinutes(1);
    private static final int MAX_CACHED_GROUPS = 10_000;
    /** AD's LDAP_MATCHING_RULE_IN_CHAIN. */
    static final String IN_CHAIN = "1.2.840.113556.1.4.1941";
    /** AD's LDAP_CAP_ACTIVE_DIRECTORY_OID in the root DSE's supportedCapabilities. */
    static final String AD_CAPABILITY = "1.2.840.113556.1.4.800";
    private static final int MAX_IN_CHAIN_GROUPS = 5_000;

    private final ConnectionSettings settings;
    private final DirectoryPools pools;
    private final DirectoryGuard guard;
    private final DirectoryMeters meters;
    private final Clock clock;
    private final Map<String, CachedParents> parents = new ConcurrentHashMap<>();
    /** What the directory's root DSE said, read once per connection: whether it is AD and its naming context. */
    private volatile RootDse rootDse;

    private record RootDse(boolean activeDirectory, String namingContext) {
    }

    private record CachedParents(List<String> parents, Instant expires) {
    }

    /** Without background probes, Keycloak's trust store or anyone reading its meters. */
    CouncilConnection(ConnectionSettings settings, Clock clock) {
        this(settings, clock, null, DirectoryGuard.NO_PROBES, DirectoryMeters.unread(settings.councilId()));
    }

    /**
     * @param keycloakTruststore Keycloak's trust store (truststore-paths), used when the council gives
     *                           no CA of its own; may be null
     * @param probes             runs the background probes (see {@link DirectoryGuard})
     * @param meters             the council's meters; this connection owns them and closes them
     */
    CouncilConnection(ConnectionSettings settings, Clock clock, KeyStore keycloakTruststore, Executor probes,
            DirectoryMeters meters) {
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.pools = new DirectoryPools(settings, keycloakTruststore, meters);
        this.guard = new DirectoryGuard(settings, pools, clock, probes, meters);
    }

    DirectoryMeters meters() {
        return meters;
    }

    /** What this connection was built from: the factory builds a new one when the federation's differ. */
    ConnectionSettings settings() {
        return settings;
    }

    CircuitBreaker.State state() {
        return guard.state();
    }

    String lastCause() {
        return guard.lastCause();
    }

    /**
     * Connects and binds as the broker's service account and reads the users container, as an admin's
     * "test connection" does. Goes through the breaker like any call, so a test also closes the
     * circuit of a directory that came back.
     */
    void test() throws DirectoryUnavailableException {
        Optional<SearchResultEntry> users = search(Kind.SEARCH, Deadline.after(settings.deadline()),
                pool -> Optional.ofNullable(pool.getEntry(settings.usersDn()))).orElse(Optional.empty());
        if (users.isEmpty()) {
            throw new DirectoryUnavailableException(settings.councilId(), "the users DN " + settings.usersDn()
                    + " cannot be read with the broker's service account");
        }
    }

    /**
     * For the background sync: {@code work} on one connection to one domain controller for its whole
     * run, because AD's update sequence numbers are per DC. Runs on the caller's thread, not the
     * sign-in workers, so a long pass never takes a sign-in's place; refused while the council's
     * circuit is open (sign-ins decide when it is).
     */
    <T> T onOneController(DirectoryPools.OnOneController<T> work) throws DirectoryUnavailableException {
        if (guard.state() == CircuitBreaker.State.OPEN) {
            throw new DirectoryUnavailableException(settings.councilId(), "the directory is unavailable: "
                    + guard.lastCause());
        }
        return pools.onOneController(work);
    }

    /**
     * The one user the filter matches under the users DN. Two matches count as none: an ambiguous
     * name must not sign anybody in.
     */
    Optional<DirectoryUser> findUser(Deadline deadline, Filter filter) throws DirectoryUnavailableException {
        SearchRequest request = new SearchRequest(settings.usersDn(), SearchScope.SUB, filter, DirectoryUser.ATTRIBUTES);
        request.setSizeLimit(2);
        Optional<SearchResult> result = searchWithinLimit(Kind.SEARCH, deadline, request, () -> LOG.warnf(
                "Council %s: more than one account matches %s; refusing to choose", settings.councilId(), filter));
        if (result.isEmpty() || result.get().getEntryCount() != 1) {
            return Optional.empty();
        }
        SearchResultEntry entry = result.get().getSearchEntries().get(0);
        byte[] guid = entry.getAttributeValueBytes("objectGUID");
        if (guid == null || guid.length != 16) {
            // objectGUID is the person's identity in the broker (decision 0005): without one the broker
            // cannot tell who this is, so the entry is refused, not guessed at.
            LOG.warnf("Council %s: %s has no 16-byte objectGUID; it cannot sign in through the broker",
                    settings.councilId(), entry.getDN());
            return Optional.empty();
        }
        return Optional.of(DirectoryUser.from(entry));
    }

    /** Checks a password by binding as the user: one bind request, on the bind-only pool. */
    AccountState bind(Deadline deadline, String userDn, String password) throws DirectoryUnavailableException {
        if (password == null || password.isEmpty()) {
            // An empty simple bind is an anonymous bind in LDAP: it would "succeed" for anyone.
            return AccountState.INVALID_CREDENTIALS;
        }
        // Any other refusal (a DC demanding signing or TLS for simple binds, a malformed DN) is
        // logged by the guard and counts as a failed password, never as a success.
        return guard.call(Kind.BIND, deadline, pools::bindPool, pool -> {
            try {
                pool.bind(new SimpleBindRequest(userDn, password));
                return AccountState.ACTIVE;
            } catch (LDAPException e) {
                if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
                    return AccountState.fromBindDiagnostic(e.getDiagnosticMessage());
                }
                throw e;
            }
        }).orElse(AccountState.INVALID_CREDENTIALS);
    }

    /**
     * The directory work a wrong password costs, spent on a name the directory does not know: one bind,
     * to a DN that names nobody (AD answers it as it answers a wrong password: 49, data 52e). Without
     * it an unknown name is answered sooner than a known one, and a guesser could list the council's
     * staff by timing (issue 11, item 9). Never succeeds.
     */
    void bindAsNobody(KeycloakSession session, String password) throws DirectoryUnavailableException {
        bind(Deadline.forRequest(session, settings), "CN=borough-nobody-" + UUID.randomUUID() + ","
                + settings.usersDn(), password);
    }

    /**
     * The groups a group is a member of. Cached for a minute: logins of one council ask about the same
     * few groups again and again, and nesting changes rarely.
     */
    List<String> parentGroups(Deadline deadline, String groupDn) throws DirectoryUnavailableException {
        CachedParents cached = parents.get(groupDn);
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.parents();
        }
        List<String> found = search(Kind.GROUPS, deadline, pool -> memberOf(pool.getEntry(groupDn, "memberOf")))
                .orElse(List.of());
        if (parents.size() > MAX_CACHED_GROUPS) {
            parents.clear();
        }
        parents.put(groupDn, new CachedParents(found, now.plus(GROUP_CACHE_TIME)));
        return found;
    }

    private static List<String> memberOf(SearchResultEntry group) {
        String[] values = group == null ? null : group.getAttributeValues("memberOf");
        return values == null ? List.of() : List.of(values);
    }

    /**
     * The groups a person belongs to, directly or through nesting, in one search with AD's in-chain
     * matching rule ({@value #IN_CHAIN}) over the domain's naming context. Empty when the answer is
     * not complete (the directory is not AD, refused the search, or has more groups for the person
     * than one unpaged answer holds: AD stops at MaxPageSize, 1,000 by default): the caller then
     * walks memberOf instead, so an incomplete answer never revokes roles.
     */
    Optional<List<String>> groupsInChain(Deadline deadline, String userDn) throws DirectoryUnavailableException {
        Optional<RootDse> dse = rootDse(deadline).filter(RootDse::activeDirectory);
        if (dse.isEmpty()) {
            return Optional.empty();
        }
        SearchRequest request = new SearchRequest(dse.get().namingContext(), SearchScope.SUB,
                Filter.createANDFilter(Filter.createEqualityFilter("objectClass", "group"),
                        Filter.createExtensibleMatchFilter("member", IN_CHAIN, false, userDn)),
                "1.1");
        request.setSizeLimit(MAX_IN_CHAIN_GROUPS);
        return searchWithinLimit(Kind.GROUPS, deadline, request, () -> LOG.warnf(
                "Council %s: %s is in more groups than one in-chain answer holds; walking memberOf instead",
                settings.councilId(), userDn))
                .map(result -> result.getSearchEntries().stream().map(Entry::getDN)
                        .sorted(String.CASE_INSENSITIVE_ORDER).toList());
    }

    /** Whether the directory is Active Directory (its root DSE says so), and so has the in-chain rule. */
    boolean supportsInChain(Deadline deadline) throws DirectoryUnavailableException {
        return rootDse(deadline).filter(RootDse::activeDirectory).isPresent();
    }

    /** The root DSE, read once; empty (and asked again next time) when the directory refused to show it. */
    private Optional<RootDse> rootDse(Deadline deadline) throws DirectoryUnavailableException {
        RootDse known = rootDse;
        if (known != null) {
            return Optional.of(known);
        }
        Optional<RootDse> read = search(Kind.GROUPS, deadline, pool -> Optional.ofNullable(
                pool.getEntry("", "supportedCapabilities", "defaultNamingContext")).map(CouncilConnection::rootDseOf))
                .orElse(Optional.empty());
        read.ifPresent(dse -> rootDse = dse);
        return read;
    }

    private static RootDse rootDseOf(SearchResultEntry entry) {
        String[] capabilities = entry.getAttributeValues("supportedCapabilities");
        String namingContext = entry.getAttributeValue("defaultNamingContext");
        boolean ad = capabilities != null && Arrays.asList(capabilities).contains(AD_CAPABILITY) && namingContext != null;
        return new RootDse(ad, namingContext);
    }

    /** A call on the search pool, as the broker's service account. */
    private <T> Answer<T> search(Kind kind, Deadline deadline, DirectoryGuard.DirectoryCall<T> work)
            throws DirectoryUnavailableException {
        return guard.call(kind, deadline, pools::searchPool, work);
    }

    /**
     * A search whose size limit is part of the question: more entries than it allows is an answer
     * (empty, told by {@code tooMany}), as is a refused search; the time limit is the read timeout.
     */
    private Optional<SearchResult> searchWithinLimit(Kind kind, Deadline deadline, SearchRequest request,
            Runnable tooMany) throws DirectoryUnavailableException {
        request.setTimeLimitSeconds(settings.searchTimeLimitSeconds());
        return search(kind, deadline, pool -> {
            try {
                return Optional.of(pool.search(request));
            } catch (LDAPException e) {
                if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                    tooMany.run();
                    return Optional.<SearchResult>empty();
                }
                throw e;
            }
        }).orElse(Optional.empty());
    }

    @Override
    public void close() {
        // Workers first: their queued calls are cancelled; closing the pools then ends running ones.
        guard.close();
        rootDse = null;
        pools.close();
        meters.close();
    }
}
