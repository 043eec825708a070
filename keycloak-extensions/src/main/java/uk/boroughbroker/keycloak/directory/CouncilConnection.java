package uk.boroughbroker.keycloak.directory;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import javax.net.SocketFactory;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import org.jboss.logging.Logger;

/**
 * The broker's connection to one council's domain controllers, built on the UnboundID LDAP SDK
 * (decision 0008): a pool over a failover server set (the first DC while it answers, then the next;
 * connections to a later DC are recycled after five minutes, so the first is tried again), every
 * operation bounded by the connect and read timeouts, every request's directory work together by
 * its {@link Deadline} (calls run on the council's own {@link DirectoryWorkers}), and a
 * {@link CircuitBreaker} in front.
 *
 * <p>Owned by the provider factory, one per council federation, shared by all requests.
 */
final class CouncilConnection implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CouncilConnection.class);
    private static final long FAILOVER_CONNECTION_AGE_MILLIS = Duration.ofMinutes(5).toMillis();

    private final CouncilDirectoryConfig config;
    private final String key;
    private final CircuitBreaker breaker;
    private final DirectoryWorkers workers;
    private final Clock clock;
    private final java.util.Map<String, CachedParents> parents = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Duration GROUP_CACHE_TIME = Duration.ofMinutes(1);
    private static final int MAX_CACHED_GROUPS = 10_000;
    /** Searches and reads, as the broker's service account. */
    private LDAPConnectionPool pool;
    /**
     * Password checks only, each bind replacing the identity the connection last held. A check is
     * then one bind request, where a pool that reverts to the service account after each check
     * ({@code bindAndRevertAuthentication}) costs the directory two. Nothing but binds ever runs on
     * these connections, so whose identity a connection last held never matters.
     */
    private LDAPConnectionPool bindPool;
    /** The DCs with the service account's bind, for background probes while the circuit is open. */
    private FailoverServerSet servers;
    /** Runs background probes; the factory owns it. */
    private final java.util.concurrent.Executor probes;
    /** Keycloak's trust store (truststore-paths), used when the council gives no CA of its own; may be null. */
    private final java.security.KeyStore keycloakTruststore;
    /** What the directory's root DSE said, read once per pool: whether it is AD and its naming context. */
    private volatile RootDse rootDse;

    private record RootDse(boolean activeDirectory, String namingContext) {
    }

    /** Without background probes: an open circuit closes only through its trial call. */
    CouncilConnection(CouncilDirectoryConfig config, Clock clock) {
        this(config, clock, null, NO_PROBES);
    }

    static final java.util.concurrent.Executor NO_PROBES = task -> {
        throw new java.util.concurrent.RejectedExecutionException("no background probes");
    };

    /**
     * @param probes runs the background probes that tell when an unavailable directory is back (see
     *               {@link CircuitBreaker#probeDue()})
     */
    CouncilConnection(CouncilDirectoryConfig config, Clock clock, java.security.KeyStore keycloakTruststore,
            java.util.concurrent.Executor probes) {
        this.config = config;
        this.probes = probes;
        this.keycloakTruststore = keycloakTruststore;
        this.key = config.connectionKey();
        this.clock = clock;
        this.breaker = new CircuitBreaker(config.councilId(), config.failureThreshold(),
                Duration.ofSeconds(config.unavailableSeconds()), clock);
        // One thread per connection either pool may hold: more could only wait for a connection.
        this.workers = new DirectoryWorkers(config.councilId(), 2 * config.maxConnections(), config.deadline());
    }

    String key() {
        return key;
    }

    CircuitBreaker.State state() {
        return breaker.state();
    }

    String lastCause() {
        return breaker.lastCause();
    }

    /**
     * Connects and binds as the broker's service account and reads the users container, as an admin's
     * "test connection" does. Goes through the breaker like any call, so a test also closes the
     * circuit of a directory that came back.
     */
    void test() throws DirectoryUnavailableException {
        com.unboundid.ldap.sdk.SearchResultEntry users = call(Deadline.after(config.deadline()),
                pool -> pool.getEntry(config.usersDn()));
        if (users == null) {
            throw new DirectoryUnavailableException(config.councilId(), "the users DN " + config.usersDn()
                    + " cannot be read with the broker's service account");
        }
    }

    /**
     * The one user the filter matches under the users DN. Two matches count as none: an ambiguous
     * name must not sign anybody in.
     */
    Optional<DirectoryUser> findUser(Deadline deadline, Filter filter) throws DirectoryUnavailableException {
        SearchRequest request = new SearchRequest(config.usersDn(), SearchScope.SUB, filter, DirectoryUser.ATTRIBUTES);
        request.setSizeLimit(2);
        request.setTimeLimitSeconds(Math.max(1, config.readTimeoutMillis() / 1000));
        Optional<SearchResult> result = call(deadline, pool -> {
            try {
                return Optional.of(pool.search(request));
            } catch (LDAPException e) {
                if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                    LOG.warnf("Council %s: more than one account matches %s; refusing to choose", config.councilId(),
                            filter);
                    return Optional.<SearchResult>empty();
                }
                throw e;
            }
        });
        if (result == null || result.isEmpty() || result.get().getEntryCount() != 1) {
            return Optional.empty();
        }
        com.unboundid.ldap.sdk.SearchResultEntry entry = result.get().getSearchEntries().get(0);
        if (entry.getAttributeValueBytes("objectGUID") == null || entry.getAttributeValueBytes("objectGUID").length != 16) {
            // objectGUID is the person's identity in the broker (decision 0005): without one the broker
            // cannot tell who this is, so the entry is refused, not guessed at.
            LOG.warnf("Council %s: %s has no 16-byte objectGUID; it cannot sign in through the broker",
                    config.councilId(), entry.getDN());
            return Optional.empty();
        }
        return Optional.of(DirectoryUser.from(entry));
    }

    /**
     * The groups a group is a member of. Cached for a minute: logins of one council ask about the same
     * few groups again and again, and nesting changes rarely.
     */
    java.util.List<String> parentGroups(Deadline deadline, String groupDn) throws DirectoryUnavailableException {
        CachedParents cached = parents.get(groupDn);
        java.time.Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.parents();
        }
        com.unboundid.ldap.sdk.SearchResultEntry entry = call(deadline, pool -> pool.getEntry(groupDn, "memberOf"));
        java.util.List<String> found = entry == null || entry.getAttributeValues("memberOf") == null
                ? java.util.List.of() : java.util.List.of(entry.getAttributeValues("memberOf"));
        if (parents.size() > MAX_CACHED_GROUPS) {
            parents.clear();
        }
        parents.put(groupDn, new CachedParents(found, now.plus(GROUP_CACHE_TIME)));
        return found;
    }

    private record CachedParents(java.util.List<String> parents, java.time.Instant expires) {
    }

    /** Checks a password by binding as the user: one bind request, on the bind-only pool. */
    AccountState bind(Deadline deadline, String userDn, String password) throws DirectoryUnavailableException {
        if (password == null || password.isEmpty()) {
            // An empty simple bind is an anonymous bind in LDAP: it would "succeed" for anyone.
            return AccountState.INVALID_CREDENTIALS;
        }
        AccountState state = call(deadline, this::bindPool, pool -> {
            try {
                pool.bind(new SimpleBindRequest(userDn, password));
                return AccountState.ACTIVE;
            } catch (LDAPException e) {
                if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
                    return AccountState.fromBindDiagnostic(e.getDiagnosticMessage());
                }
                throw e;
            }
        });
        // Any other refusal (a DC demanding signing or TLS for simple binds, a malformed DN) is
        // logged by call() and counts as a failed password, never as a success.
        return state == null ? AccountState.INVALID_CREDENTIALS : state;
    }

    /**
     * The directory work a wrong password costs, spent on a name the directory does not know: one bind,
     * to a DN that names nobody (AD answers it as it answers a wrong password: 49, data 52e). Without
     * it an unknown name is answered sooner than a known one, and a guesser could list the council's
     * staff by timing (issue 11, item 9). Never succeeds.
     */
    void bindAsNobody(org.keycloak.models.KeycloakSession session, String password) throws DirectoryUnavailableException {
        bind(Deadline.forRequest(session, config), "CN=borough-nobody-" + java.util.UUID.randomUUID() + ","
                + config.usersDn(), password);
    }

    @FunctionalInterface
    private interface DirectoryCall<T> {
        T apply(LDAPConnectionPool pool) throws LDAPException;
    }

    @FunctionalInterface
    private interface PoolSource {
        LDAPConnectionPool get() throws LDAPException;
    }

    private <T> T call(Deadline deadline, DirectoryCall<T> work) throws DirectoryUnavailableException {
        return call(deadline, this::pool, work);
    }

    /**
     * One call to the directory through the breaker, on the council's workers, waited for no longer
     * than the request's deadline allows. Only this (the request's) thread reports to the breaker: a
     * call that answers after its request gave up changes nothing but the workers' view of silence.
     */
    private <T> T call(Deadline deadline, PoolSource source, DirectoryCall<T> work)
            throws DirectoryUnavailableException {
        if (deadline.remainingNanos() <= 0) {
            // The request's own time is up: nothing was asked, so nothing is said about the directory.
            throw new DirectoryUnavailableException(config.councilId(), "this request has used its "
                    + deadline.budget().toMillis() + " ms for the directory");
        }
        if (!breaker.allow()) {
            if (breaker.probeDue()) {
                startProbe();
            }
            throw new DirectoryUnavailableException(config.councilId(), "failing fast after: " + breaker.lastCause());
        }
        Attempt<T> attempt;
        try {
            attempt = workers.run(deadline, () -> attempt(source, work));
        } catch (DirectoryWorkers.NoAnswer e) {
            if (e.directorysFault()) {
                breaker.failure(e.getMessage());
            } else {
                breaker.abandon();
            }
            throw new DirectoryUnavailableException(config.councilId(), e.getMessage());
        } catch (java.util.concurrent.ExecutionException e) {
            // attempt() catches everything but Errors; whatever it was, no trial stays in flight.
            String cause = brief(e.getCause());
            breaker.failure(cause);
            LOG.warnf(e.getCause(), "Council %s directory: unexpected failure", config.councilId());
            throw new DirectoryUnavailableException(config.councilId(), cause);
        }
        if (attempt.outage() != null) {
            breaker.failure(attempt.outage());
            throw new DirectoryUnavailableException(config.councilId(), attempt.outage());
        }
        breaker.success();
        return attempt.result();
    }

    /** What a call on a worker found: a result (null when the directory refused the request), or an outage. */
    private record Attempt<T>(T result, String outage) {
    }

    /** Runs on a worker thread; never touches the breaker (see {@link #call(Deadline, PoolSource, DirectoryCall)}). */
    private <T> Attempt<T> attempt(PoolSource source, DirectoryCall<T> work) {
        try {
            LDAPConnectionPool pool = source.get();
            // Take and return a connection first: a refused service-account bind (wrong bind DN or
            // credential) or an unreachable server shows here, and is an outage of the council's
            // directory for the broker, never "user not found" or "wrong password".
            try {
                pool.releaseConnection(pool.getConnection());
            } catch (LDAPException e) {
                return new Attempt<>(null, DirectoryTls.problem(e).map(tls -> "TLS to "
                        + String.join(", ", config.connectionUrls()) + " refused: " + tls)
                        .orElse("cannot open a connection as the broker's service account (" + e.getResultCode()
                                + (e.getDiagnosticMessage() == null ? "" : ": " + e.getDiagnosticMessage()) + ")"));
            }
            return new Attempt<>(work.apply(pool), null);
        } catch (RuntimeException e) {
            // Whatever it was, it must not leave a trial call in flight forever.
            LOG.warnf(e, "Council %s directory: unexpected failure", config.councilId());
            return new Attempt<>(null, brief(e));
        } catch (LDAPException e) {
            if (isOutage(e.getResultCode())) {
                return new Attempt<>(null, e.getResultCode()
                        + (e.getDiagnosticMessage() == null ? "" : ": " + e.getDiagnosticMessage()));
            }
            // The directory answered (for example "no such object"): it is up, the request was bad.
            LOG.warnf("Council %s directory refused a request: %s", config.councilId(), e.getMessage());
            return new Attempt<>(null, null);
        }
    }

    private void startProbe() {
        try {
            probes.execute(this::probe);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Keycloak is shutting down: the breaker's own trial call remains.
            breaker.probeDone();
        }
    }

    /**
     * Opens a connection to the council's DCs in failover order, as the service account, reads the
     * root DSE and closes it; success closes the circuit. Nobody waits on it: staff keep getting the
     * quick "unavailable" until it succeeds, so a directory that comes back is used again within
     * seconds rather than after the whole open time.
     */
    private void probe() {
        try {
            FailoverServerSet set;
            synchronized (this) {
                pool();
                set = servers;
            }
            try (com.unboundid.ldap.sdk.LDAPConnection probe = set.getConnection()) {
                if (probe.getRootDSE() == null) {
                    throw new LDAPException(ResultCode.NO_SUCH_OBJECT, "the root DSE cannot be read");
                }
            }
            workers.answered();
            breaker.success();
        } catch (LDAPException e) {
            breaker.failure(DirectoryTls.problem(e).map(tls -> "TLS refused: " + tls)
                    .orElse(e.getResultCode() + (e.getDiagnosticMessage() == null ? "" : ": " + e.getDiagnosticMessage())));
        } catch (RuntimeException e) {
            breaker.failure(brief(e));
        } finally {
            breaker.probeDone();
        }
    }

    /** A failure in one line for admins: the UnboundID SDK appends a thread stack trace to some messages. */
    static String brief(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int trace = message.indexOf("Thread stack trace:");
        if (trace >= 0) {
            message = message.substring(0, trace).strip();
        }
        return e.getClass().getSimpleName() + ": " + message;
    }

    /** Result codes that say "could not talk to the directory", as opposed to an answer. */
    static boolean isOutage(ResultCode code) {
        return !ResultCode.isConnectionUsable(code) || code == ResultCode.TIMEOUT || code == ResultCode.BUSY
                || code == ResultCode.UNAVAILABLE || code == ResultCode.CONNECT_ERROR || code == ResultCode.SERVER_DOWN
                || code == ResultCode.TIME_LIMIT_EXCEEDED;
    }

    private synchronized LDAPConnectionPool pool() throws LDAPException {
        if (pool == null || pool.isClosed()) {
            BindRequest bind = new SimpleBindRequest(config.bindDn(), config.bindCredential());
            // The bind is part of the server set, so a DC that accepts connections but never answers
            // the bind is skipped for the next one instead of failing the council.
            servers = serverSet(bind);
            pool = newPool(servers, bind, "borough-" + config.councilId());
        }
        return pool;
    }

    private synchronized LDAPConnectionPool bindPool() throws LDAPException {
        if (bindPool == null || bindPool.isClosed()) {
            // A new connection still binds as the service account first: that bind is what tells a
            // hung or misconfigured DC, and moves on to the next one. Later checks only rebind.
            BindRequest bind = new SimpleBindRequest(config.bindDn(), config.bindCredential());
            bindPool = newPool(serverSet(bind), bind, "borough-" + config.councilId() + "-binds");
        }
        return bindPool;
    }

    private LDAPConnectionPool newPool(FailoverServerSet set, BindRequest bind, String name) throws LDAPException {
        // StartTLS is the server set's own post-connect step; the pool must not run it a second time.
        LDAPConnectionPool created = new LDAPConnectionPool(set, bind, 0, config.maxConnections(), null, false);
        created.setConnectionPoolName(name);
        created.setCreateIfNecessary(true);
        created.setMaxWaitTimeMillis(config.connectTimeoutMillis());
        created.setRetryFailedOperationsDueToInvalidConnections(EnumSet.of(OperationType.SEARCH, OperationType.BIND));
        return created;
    }

    /** The council's DCs in failover order, every connection bounded by the council's timeouts. */
    private FailoverServerSet serverSet(BindRequest bind) throws LDAPException {
        List<LDAPURL> urls = urls();
        String[] hosts = urls.stream().map(LDAPURL::getHost).toArray(String[]::new);
        int[] ports = urls.stream().mapToInt(LDAPURL::getPort).toArray();
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(config.connectTimeoutMillis());
        options.setResponseTimeoutMillis(config.readTimeoutMillis());
        options.setAbandonOnTimeout(true);
        options.setUseSynchronousMode(true);
        // Verify the DC's certificate names the host we asked for (not done by default).
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        boolean ldaps = "ldaps".equals(urls.get(0).getScheme());
        SocketFactory sockets = ldaps ? DirectoryTls.socketFactory(config.trustedCertificates(), keycloakTruststore)
                : SocketFactory.getDefault();
        // StartTLS runs before any bind, so no password (the service account's or a person's) crosses in clear.
        com.unboundid.ldap.sdk.PostConnectProcessor startTls = !ldaps && config.startTls()
                ? new com.unboundid.ldap.sdk.StartTLSPostConnectProcessor(
                        DirectoryTls.socketFactory(config.trustedCertificates(), keycloakTruststore))
                : null;
        FailoverServerSet set = new FailoverServerSet(hosts, ports, sockets, options, bind, startTls);
        set.setMaxFailoverConnectionAgeMillis(FAILOVER_CONNECTION_AGE_MILLIS);
        return set;
    }

    private List<LDAPURL> urls() throws LDAPException {
        List<LDAPURL> urls = new java.util.ArrayList<>();
        for (String url : config.connectionUrls()) {
            urls.add(new LDAPURL(url));
        }
        return urls;
    }

    /**
     * The groups a person belongs to, directly or through nesting, in one search with AD's in-chain
     * matching rule (LDAP_MATCHING_RULE_IN_CHAIN, 1.2.840.113556.1.4.1941) over the domain's naming
     * context. Empty when the answer is not complete (the directory is not AD, refused the search, or
     * has more groups for the person than one unpaged answer holds: AD stops at MaxPageSize, 1,000
     * by default): the caller then walks memberOf instead, so an incomplete answer never revokes roles.
     */
    Optional<java.util.List<String>> groupsInChain(Deadline deadline, String userDn)
            throws DirectoryUnavailableException {
        RootDse dse = rootDse(deadline);
        if (dse == null || !dse.activeDirectory()) {
            return Optional.empty();
        }
        SearchRequest request = new SearchRequest(dse.namingContext(), SearchScope.SUB,
                Filter.createANDFilter(Filter.createEqualityFilter("objectClass", "group"),
                        Filter.createExtensibleMatchFilter("member", IN_CHAIN, false, userDn)),
                "1.1");
        request.setSizeLimit(MAX_IN_CHAIN_GROUPS);
        request.setTimeLimitSeconds(Math.max(1, config.readTimeoutMillis() / 1000));
        Optional<SearchResult> result = call(deadline, pool -> {
            try {
                return Optional.of(pool.search(request));
            } catch (LDAPException e) {
                if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                    LOG.warnf("Council %s: %s is in more groups than one in-chain answer holds; walking memberOf instead",
                            config.councilId(), userDn);
                    return Optional.<SearchResult>empty();
                }
                throw e;
            }
        });
        if (result == null || result.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(result.get().getSearchEntries().stream().map(com.unboundid.ldap.sdk.Entry::getDN)
                .sorted(String.CASE_INSENSITIVE_ORDER).toList());
    }

    /** Whether the directory is Active Directory (its root DSE says so), and so has the in-chain rule. */
    boolean supportsInChain(Deadline deadline) throws DirectoryUnavailableException {
        RootDse dse = rootDse(deadline);
        return dse != null && dse.activeDirectory();
    }

    static final String IN_CHAIN = "1.2.840.113556.1.4.1941";
    /** AD's LDAP_CAP_ACTIVE_DIRECTORY_OID in the root DSE's supportedCapabilities. */
    static final String AD_CAPABILITY = "1.2.840.113556.1.4.800";
    private static final int MAX_IN_CHAIN_GROUPS = 5_000;

    private RootDse rootDse(Deadline deadline) throws DirectoryUnavailableException {
        RootDse known = rootDse;
        if (known != null) {
            return known;
        }
        com.unboundid.ldap.sdk.SearchResultEntry entry = call(deadline, pool -> pool.getEntry("", "supportedCapabilities",
                "defaultNamingContext"));
        if (entry == null) {
            return null;
        }
        String[] capabilities = entry.getAttributeValues("supportedCapabilities");
        boolean ad = capabilities != null && java.util.Arrays.asList(capabilities).contains(AD_CAPABILITY)
                && entry.getAttributeValue("defaultNamingContext") != null;
        known = new RootDse(ad, entry.getAttributeValue("defaultNamingContext"));
        rootDse = known;
        return known;
    }

    @Override
    public synchronized void close() {
        // Workers first: their queued calls are cancelled; closing the pools then ends running ones.
        workers.close();
        rootDse = null;
        if (pool != null) {
            pool.close();
            pool = null;
        }
        if (bindPool != null) {
            bindPool.close();
            bindPool = null;
        }
    }
}
