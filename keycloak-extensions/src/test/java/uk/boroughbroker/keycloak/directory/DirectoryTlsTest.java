package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the broker checks on TLS to a DC, and how it tells an admin why a connection was refused. */
@DisplayName("DirectoryTls")
class DirectoryTlsTest {

    @Test
    void whenASocketIsMadeForLdapsOrStartTlsThenTheJdkChecksTheHostNameWhateverTheAddress() throws Exception {
        javax.net.ssl.SSLSocketFactory factory = DirectoryTls.socketFactory("", null);

        try (java.net.ServerSocket dc = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                SSLSocket unconnected = (SSLSocket) factory.createSocket();
                java.net.Socket plain = new java.net.Socket(dc.getInetAddress(), dc.getLocalPort());
                SSLSocket layered = (SSLSocket) factory.createSocket(plain, "127.0.0.1", dc.getLocalPort(), true)) {
            // UnboundID's HostNameSSLSocketVerifier accepts any certificate on a loopback IP address.
            assertThat(unconnected.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("LDAPS");
            assertThat(layered.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("LDAPS");
        }
    }

    @Test
    void whenTheCertificateNamesAnotherHostThenTheProblemSaysSoInTheJdksOwnWords() {
        IOException wrapped = new IOException(new LDAPException(ResultCode.CONNECT_ERROR,
                "An error occurred while attempting to establish a connection to server /127.0.0.1:636: "
                        + "SSLHandshakeException(No subject alternative names matching IP address 127.0.0.1 found)",
                new SSLHandshakeException("No subject alternative names matching IP address 127.0.0.1 found")));

        assertThat(DirectoryTls.problem(wrapped)).hasValue("the domain controller's certificate does not name the host "
                + "the broker connected to (No subject alternative names matching IP address 127.0.0.1 found)");
    }

    @Test
    void whenTheCertificateIsFromAnUntrustedCaThenTheProblemSaysSo() {
        assertThat(DirectoryTls.problem(new SSLHandshakeException("PKIX path building failed")))
                .hasValueSatisfying(p -> assertThat(p).contains("not signed by a trusted CA"));
    }

    @Test
    void whenTheFailureIsNotTlsThenThereIsNoTlsProblem() {
        assertThat(DirectoryTls.problem(new java.net.ConnectException("Connection refused"))).isEmpty();
    }
}
