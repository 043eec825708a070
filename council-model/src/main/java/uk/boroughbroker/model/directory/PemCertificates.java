package uk.boroughbroker.model.directory;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Reads a council's CA certificates in PEM: the councils file's {@code caFile} when the realm tooling
 * checks it, and the federation's trusted certificates when the broker builds its TLS trust.
 */
public final class PemCertificates {

    private PemCertificates() {
    }

    /** @throws CertificateException when the text holds no certificate or one that cannot be read */
    public static List<X509Certificate> read(String pem) throws CertificateException {
        var certificates = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        if (certificates.isEmpty()) {
            throw new CertificateException("no certificate found (expected PEM: -----BEGIN CERTIFICATE-----)");
        }
        return certificates.stream().map(X509Certificate.class::cast).toList();
    }
}
