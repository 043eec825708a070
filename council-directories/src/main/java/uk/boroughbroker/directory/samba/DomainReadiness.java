package uk.boroughbroker.directory.samba;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;

/**
 * Waits (bounded) until a freshly started DC answers: LDAP first, then LDAPS with a certificate that
 * verifies against the test CA. Each attempt first checks samba is still alive, so a crash is reported
 * at once with its log rather than as a timeout.
 */
final class DomainReadiness {

    private static final Duration LDAP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration LDAPS_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final SambaDomain domain;
    private final SambaProcess process;
    private final WorkDir dir;

    DomainReadiness(SambaDomain domain, SambaProcess process, WorkDir dir) {
        this.domain = domain;
        this.process = process;
        this.dir = dir;
    }

    void await() {
        awaitLdap();
        awaitVerifiedLdaps();
    }

    private void awaitLdap() {
        String[] last = {"no answer yet"};
        Poll.until(LDAP_TIMEOUT, POLL_INTERVAL, () -> {
            process.checkAlive("while starting");
            try (LDAPConnection connection = new LDAPConnection(quickOptions(), domain.address(), SambaDomain.LDAP_PORT)) {
                return Optional.ofNullable(connection.getRootDSE());
            } catch (LDAPException e) {
                last[0] = e.getMessage();
                return Optional.empty();
            }
        }, () -> new SambaStartException("Council " + domain.councilId() + ": samba (pid " + domain.pid()
                + ") did not answer LDAP on " + domain.ldapUrl() + " within " + LDAP_TIMEOUT.toSeconds() + " s ("
                + last[0] + "; log " + dir.log() + ")" + process.logTail()));
    }

    /** LDAPS must answer with a certificate that verifies against the test CA, host name checked. */
    private void awaitVerifiedLdaps() {
        String[] last = {"no answer yet"};
        Poll.until(LDAPS_TIMEOUT, POLL_INTERVAL, () -> {
            process.checkAlive("while starting");
            try {
                SSLUtil ssl = new SSLUtil(new TrustStoreTrustManager(domain.trustStore().toFile(),
                        domain.trustStorePassword().toCharArray(), "PKCS12", true));
                LDAPConnectionOptions options = quickOptions();
                options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(false));
                try (LDAPConnection connection = new LDAPConnection(ssl.createSSLSocketFactory(), options,
                        domain.address(), SambaDomain.LDAPS_PORT)) {
                    return Optional.ofNullable(connection.getRootDSE());
                }
            } catch (LDAPException | GeneralSecurityException e) {
                last[0] = e.getMessage();
                return Optional.empty();
            }
        }, () -> new SambaStartException("Council " + domain.councilId() + ": LDAPS on " + domain.ldapsUrl()
                + " did not answer with a certificate the test CA verifies (" + last[0] + "; log " + dir.log()
                + ")" + process.logTail()));
    }

    private static LDAPConnectionOptions quickOptions() {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(1_000);
        options.setResponseTimeoutMillis(5_000);
        return options;
    }
}
