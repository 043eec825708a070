package uk.boroughbroker.directory.samba;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The test CA and the DC certificates it issues")
class TestCertificatesTest {

    @Test
    void whenIssuedThenTheCertificateNamesTheDcByDnsAndIpAndVerifiesAgainstTheTestCaOnly(@TempDir Path dir)
            throws Exception {
        Path certificate = dir.resolve("server-cert.pem");
        Path key = dir.resolve("server-key.pem");
        TestCertificates.writeServerCertificate(TestCertificates.testCa(), "dc-brent.brent.gov.uk",
                InetAddress.getByName("127.0.0.11"), certificate, key);
        TestCertificates.writeTrustFiles(TestCertificates.testCa(), dir.resolve("ca.pem"), dir.resolve("ca.p12"));
        TestCertificates.writeTrustFiles(TestCertificates.wrongCa(), dir.resolve("wrong.pem"), dir.resolve("wrong.p12"));

        X509Certificate server = read(certificate);
        assertThat(server.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "dc-brent.brent.gov.uk"), List.of(7, "127.0.0.11"));
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(server.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(key)).startsWith("-----BEGIN EC PRIVATE KEY-----");

        validate(server, dir.resolve("ca.p12"));
        assertThatThrownBy(() -> validate(server, dir.resolve("wrong.p12"))).isInstanceOf(CertPathValidatorException.class);
        assertThat(read(dir.resolve("ca.pem"))).isEqualTo(readTrustStore(dir.resolve("ca.p12")).getCertificate("ca"));
    }

    private static void validate(X509Certificate server, Path trustStore) throws Exception {
        PKIXParameters parameters = new PKIXParameters(readTrustStore(trustStore));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(server)), parameters);
    }

    private static KeyStore readTrustStore(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, TestCertificates.TRUST_STORE_PASSWORD.toCharArray());
        }
        return store;
    }

    private static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
