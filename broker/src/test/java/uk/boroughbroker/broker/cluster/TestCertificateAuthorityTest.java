package uk.boroughbroker.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("TestCertificateAuthority: the front door's throw-away CA (openssl)")
class TestCertificateAuthorityTest {

    @Test
    @DisplayName("issues a server certificate for localhost and 127.0.0.1 that a client trusting only the CA accepts")
    void issuesATrustedServerCertificate(@TempDir Path dir) throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.inFolder(dir);
        X509Certificate server = read(ca.serverCertificate());
        X509Certificate root = read(ca.caCertificate());

        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("ca", root);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        ((X509TrustManager) tmf.getTrustManagers()[0]).checkServerTrusted(new X509Certificate[] {server}, "RSA");

        assertThat(server.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))).toList())
                .containsExactlyInAnyOrder("localhost", "127.0.0.1");
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    @DisplayName("keeps only what HAProxy and clients need: the CA's key is gone, HAProxy's key is owner-only")
    void keepsNoCaKey(@TempDir Path dir) throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.inFolder(dir);

        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("ca.pem", "server.crt", "haproxy.pem");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.haproxyPem()))).isEqualTo("rw-------");
        assertThat(Files.readString(ca.haproxyPem())).contains("BEGIN CERTIFICATE", "PRIVATE KEY");
    }

    @Test
    @DisplayName("is reused while valid, so clients keep trusting the same CA across restarts")
    void reusedWhileValid(@TempDir Path dir) throws Exception {
        byte[] first = Files.readAllBytes(TestCertificateAuthority.inFolder(dir).caCertificate());

        assertThat(Files.readAllBytes(TestCertificateAuthority.inFolder(dir).caCertificate())).isEqualTo(first);
    }

    @Test
    @DisplayName("is made again when the server certificate went missing")
    void remadeWhenIncomplete(@TempDir Path dir) throws Exception {
        byte[] first = Files.readAllBytes(TestCertificateAuthority.inFolder(dir).caCertificate());
        Files.delete(dir.resolve("server.crt"));

        assertThat(Files.readAllBytes(TestCertificateAuthority.inFolder(dir).caCertificate())).isNotEqualTo(first);
    }

    static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            List<? extends java.security.cert.Certificate> all = List.copyOf(
                    CertificateFactory.getInstance("X.509").generateCertificates(in));
            assertThat(all).hasSize(1);
            return (X509Certificate) all.get(0);
        }
    }
}
