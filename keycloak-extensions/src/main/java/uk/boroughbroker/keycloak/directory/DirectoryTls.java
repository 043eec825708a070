package uk.boroughbroker.keycloak.directory;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;

import uk.boroughbroker.model.directory.PemCertificates;

/**
 * TLS to a council's domain controllers, always verified (never trust-all): the DC's certificate must
 * chain to the council's own CA when one is configured ({@code trustedCertificates}, PEM), else to
 * Keycloak's trust store ({@code truststore-paths}), else to the JVM's; and it must name the host
 * the broker connected to. The name is checked by the JDK during the handshake (endpoint
 * identification "LDAPS", RFC 2830 rules), on LDAPS and StartTLS alike: UnboundID's
 * HostNameSSLSocketVerifier, which the connections also use, accepts any certificate when the
 * host is a loopback IP address, so a DC reached through a local tunnel or relay would not have
 * its name checked at all.
 */
final class DirectoryTls {

    private DirectoryTls() {
    }

    static SSLContext context(String trustedCertificatesPem, KeyStore keycloakTruststore) throws LDAPException {
        try {
            KeyStore trust = keycloakTruststore;
            if (trustedCertificatesPem != null && !trustedCertificatesPem.isBlank()) {
                trust = fromPem(trustedCertificatesPem);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust); // null: the JVM's default trust store
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new LDAPException(ResultCode.LOCAL_ERROR, "cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Sockets for LDAPS, and for StartTLS to layer over a plain connection: both check the DC's name. */
    static SSLSocketFactory socketFactory(String trustedCertificatesPem, KeyStore keycloakTruststore) throws LDAPException {
        return new NameCheckingSocketFactory(context(trustedCertificatesPem, keycloakTruststore).getSocketFactory());
    }

    /** Every socket it makes verifies, during the handshake, that the certificate names the host asked for. */
    private static final class NameCheckingSocketFactory extends SSLSocketFactory {

        private final SSLSocketFactory sockets;

        NameCheckingSocketFactory(SSLSocketFactory sockets) {
            this.sockets = sockets;
        }

        private static java.net.Socket checked(java.net.Socket socket) {
            if (socket instanceof javax.net.ssl.SSLSocket ssl) {
                javax.net.ssl.SSLParameters parameters = ssl.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("LDAPS");
                ssl.setSSLParameters(parameters);
            }
            return socket;
        }

        @Override
        public java.net.Socket createSocket() throws java.io.IOException {
            return checked(sockets.createSocket());
        }

        @Override
        public java.net.Socket createSocket(java.net.Socket socket, String host, int port, boolean autoClose)
                throws java.io.IOException {
            return checked(sockets.createSocket(socket, host, port, autoClose));
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws java.io.IOException {
            return checked(sockets.createSocket(host, port));
        }

        @Override
        public java.net.Socket createSocket(String host, int port, java.net.InetAddress localHost, int localPort)
                throws java.io.IOException {
            return checked(sockets.createSocket(host, port, localHost, localPort));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port) throws java.io.IOException {
            return checked(sockets.createSocket(host, port));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress localAddress,
                int localPort) throws java.io.IOException {
            return checked(sockets.createSocket(address, port, localAddress, localPort));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return sockets.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return sockets.getSupportedCipherSuites();
        }
    }

    static KeyStore fromPem(String pem) throws GeneralSecurityException, java.io.IOException {
        List<X509Certificate> certificates = PemCertificates.read(pem);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("council-ca-" + i++, certificate);
        }
        return store;
    }

    /**
     * When a connection failed because TLS did not verify, the reason in an admin's words: the
     * certificate does not chain to a trusted CA, or does not name the host. Empty for other failures.
     */
    static Optional<String> problem(Throwable failure) {
        String wrongName = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("No subject alternative") || message.contains("No name matching")) {
                // The JDK's endpoint identification: the right CA, another host's certificate. The
                // innermost message is the JDK's own, without the SDK's wrapping around it.
                wrongName = message;
            }
        }
        if (wrongName != null) {
            return Optional.of("the domain controller's certificate does not name the host the broker connected to ("
                    + wrongName + ")");
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof SSLHandshakeException || t instanceof java.security.cert.CertificateException) {
                if (message.contains("PKIX") || message.contains("certification path")) {
                    return Optional.of("the domain controller's certificate is not signed by a trusted CA ("
                            + "give the council's CA as caFile, or add it to the broker's trust store)");
                }
                return Optional.of("the TLS handshake failed: " + message);
            }
            if (message.contains("hostname") || message.contains("host name") || message.contains("subject alternative")) {
                return Optional.of("the domain controller's certificate does not name the host the broker connected to ("
                        + message + ")");
            }
        }
        return Optional.empty();
    }
}
