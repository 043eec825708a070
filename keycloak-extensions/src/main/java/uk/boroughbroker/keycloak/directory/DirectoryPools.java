package uk.boroughbroker.keycloak.directory;

import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import javax.net.SocketFactory;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPConnectionPoolHealthCheck;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;

/**
 * One council's connections to its domain controllers (decision 0008): two pools over a failover
 * server set (the first DC while it answers, then the next; connections to a later DC are recycled
 * after five minutes, so the first is tried again), every connect and read bounded by the council's
 * timeouts, TLS verified as {@link DirectoryTls} says. Built on first use, rebuilt after a close.
 */
final class DirectoryPools implements AutoCloseable {

    private static final long FAILOVER_CONNECTION_AGE_MILLIS = Duration.ofMinutes(5).toMillis();

    private final ConnectionSettings settings;
    /** Keycloak's trust store (truststore-paths), used when the council gives no CA of its own; may be null. */
    private final KeyStore keycloakTruststore;
    private final DirectoryMeters meters;
    /** Searches and reads, as the broker's service account. */
    private LDAPConnectionPool searchPool;
    /**
     * Password checks only, each bind replacing the identity the connection last held. A check is
     * then one bind request, where a pool that reverts to the service account after each check
     * ({@code bindAndRevertAuthentication}) costs the directory two. Nothing but binds ever runs on
     * these connections, so whose identity a connection last held never matters.
     */
    private LDAPConnectionPool bindPool;
    /** The DCs with the service account's bind, for background probes while the circuit is open. */
    private FailoverServerSet servers;

    DirectoryPools(ConnectionSettings settings, KeyStore keycloakTruststore, DirectoryMeters meters) {
        this.settings = settings;
        this.keycloakTruststore = keycloakTruststore;
        this.meters = meters;
    }

    synchronized LDAPConnectionPool searchPool() throws LDAPException {
        if (searchPool == null || searchPool.isClosed()) {
            // The bind is part of the server set, so a DC that accepts connections but never answers
            // the bind is skipped for the next one instead of failing the council.
            BindRequest bind = serviceAccount();
            servers = serverSet(bind);
            searchPool = newPool(servers, bind, "borough-" + settings.councilId());
        }
        return searchPool;
    }

    synchronized LDAPConnectionPool bindPool() throws LDAPException {
        if (bindPool == null || bindPool.isClosed()) {
            // A new connection still binds as the service account first: that bind is what tells a
            // hung or misconfigured DC, and moves on to the next one. Later checks only rebind.
            BindRequest bind = serviceAccount();
            bindPool = newPool(serverSet(bind), bind, "borough-" + settings.councilId() + "-binds");
        }
        return bindPool;
    }

    /** The search pool's DCs in failover order, with the service account's bind, for a probe's own connection. */
    /** Work on one connection to one domain controller. */
    @FunctionalInterface
    interface OnOneController<T> {
        T apply(LDAPConnection controller) throws LDAPException;
    }

    /** {@code work} on one connection of the search pool, held for the whole of it (one DC). */
    <T> T onOneController(OnOneController<T> work) throws DirectoryUnavailableException {
        LDAPConnectionPool pool;
        LDAPConnection controller;
        try {
            pool = searchPool();
            controller = pool.getConnection();
        } catch (LDAPException e) {
            throw new DirectoryUnavailableException(settings.councilId(), e.getMessage());
        }
        try {
            T result = work.apply(controller);
            pool.releaseConnection(controller);
            return result;
        } catch (LDAPException e) {
            pool.releaseConnectionAfterException(controller, e);
            throw new DirectoryUnavailableException(settings.councilId(), e.getResultCode() + ": "
                    + e.getDiagnosticMessage());
        } catch (RuntimeException e) {
            pool.releaseDefunctConnection(controller);
            throw e;
        }
    }

    synchronized FailoverServerSet servers() throws LDAPException {
        searchPool();
        return servers;
    }

    private BindRequest serviceAccount() {
        return new SimpleBindRequest(settings.bindDn(), settings.bindCredential());
    }

    private LDAPConnectionPool newPool(FailoverServerSet set, BindRequest bind, String name) throws LDAPException {
        // StartTLS is the server set's own post-connect step; the pool must not run it a second time.
        LDAPConnectionPool created = new LDAPConnectionPool(set, bind, 0, settings.maxConnections(), null, false);
        created.setConnectionPoolName(name);
        created.setCreateIfNecessary(true);
        created.setMaxWaitTimeMillis(settings.connectTimeoutMillis());
        created.setRetryFailedOperationsDueToInvalidConnections(EnumSet.of(OperationType.SEARCH, OperationType.BIND));
        created.setHealthCheck(new FailoverCount());
        return created;
    }

    /**
     * Counts a failover as each new connection opens: the DCs before the one it reached did not answer
     * (the server set tried them first, in order). The pool's only health check; it never refuses.
     */
    private final class FailoverCount extends LDAPConnectionPoolHealthCheck {
        @Override
        public void ensureNewConnectionValid(LDAPConnection connection) {
            List<String> urls = settings.urls();
            for (int i = 1; i < urls.size(); i++) {
                LDAPURL url;
                try {
                    url = new LDAPURL(urls.get(i));
                } catch (LDAPException e) {
                    return;
                }
                if (url.getHost().equalsIgnoreCase(connection.getConnectedAddress())
                        && url.getPort() == connection.getConnectedPort()) {
                    meters.failover(i);
                    return;
                }
            }
        }
    }

    /** The council's DCs in failover order, every connection bounded by the council's timeouts. */
    private FailoverServerSet serverSet(BindRequest bind) throws LDAPException {
        List<LDAPURL> urls = new ArrayList<>();
        for (String url : settings.urls()) {
            urls.add(new LDAPURL(url));
        }
        String[] hosts = urls.stream().map(LDAPURL::getHost).toArray(String[]::new);
        int[] ports = urls.stream().mapToInt(LDAPURL::getPort).toArray();
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(settings.connectTimeoutMillis());
        options.setResponseTimeoutMillis(settings.readTimeoutMillis());
        options.setAbandonOnTimeout(true);
        options.setUseSynchronousMode(true);
        // Verify the DC's certificate names the host we asked for (not done by default).
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        boolean ldaps = "ldaps".equals(urls.get(0).getScheme());
        SocketFactory sockets = ldaps ? DirectoryTls.socketFactory(settings.trustedCertificates(), keycloakTruststore)
                : SocketFactory.getDefault();
        // StartTLS runs before any bind, so no password (the service account's or a person's) crosses in clear.
        PostConnectProcessor startTls = !ldaps && settings.startTls()
                ? new StartTLSPostConnectProcessor(DirectoryTls.socketFactory(settings.trustedCertificates(),
                        keycloakTruststore))
                : null;
        FailoverServerSet set = new FailoverServerSet(hosts, ports, sockets, options, bind, startTls);
        set.setMaxFailoverConnectionAgeMillis(FAILOVER_CONNECTION_AGE_MILLIS);
        return set;
    }

    @Override
    public synchronized void close() {
        if (searchPool != null) {
            searchPool.close();
            searchPool = null;
        }
        if (bindPool != null) {
            bindPool.close();
            bindPool = null;
        }
    }
}
