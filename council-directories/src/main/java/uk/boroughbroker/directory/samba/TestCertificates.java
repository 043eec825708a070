package uk.boroughbroker.directory.samba;

import com.unboundid.asn1.ASN1BitString;
import com.unboundid.asn1.ASN1Boolean;
import com.unboundid.asn1.ASN1Element;
import com.unboundid.asn1.ASN1Exception;
import com.unboundid.asn1.ASN1Integer;
import com.unboundid.asn1.ASN1ObjectIdentifier;
import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.asn1.ASN1Sequence;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.util.OID;
import com.unboundid.util.ssl.cert.CertException;
import com.unboundid.util.ssl.cert.SignatureAlgorithmIdentifier;
import com.unboundid.util.ssl.cert.X509Certificate;
import com.unboundid.util.ssl.cert.X509CertificateExtension;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;

/**
 * A throw-away certificate authority for the test domains, and the server certificates it issues.
 *
 * <p>Generated in Java with the UnboundID SDK's certificate classes rather than with openssl: no
 * external tool, no CA key ever written to disk (it lives only in this JVM), and nothing to parse.
 * The SDK's typed extension classes cannot be constructed outside their package, so the few
 * extensions a TLS server certificate needs are DER-encoded here; the SDK adds the key identifiers.
 *
 * <p>Keys are EC P-256: generated in milliseconds, and both GnuTLS (Samba) and the JDK accept them.
 * Each JVM has one test CA, so a client that trusts it trusts every domain the JVM started, and one
 * unrelated CA, for tests that a client with the wrong trust anchor is refused.
 */
final class TestCertificates {

    /** A trust store holds only public certificates; this password protects nothing and is documented. */
    static final String TRUST_STORE_PASSWORD = "borough-broker-test";

    private static final Duration VALIDITY = Duration.ofDays(90);
    private static final Duration CLOCK_SKEW = Duration.ofHours(1);
    private static final OID BASIC_CONSTRAINTS = new OID("2.5.29.19");
    private static final OID KEY_USAGE = new OID("2.5.29.15");
    private static final OID EXTENDED_KEY_USAGE = new OID("2.5.29.37");
    private static final OID SUBJECT_ALT_NAME = new OID("2.5.29.17");
    private static final OID SERVER_AUTH = new OID("1.3.6.1.5.5.7.3.1");
    private static final byte SAN_DNS_NAME = (byte) 0x82;   // [2] IMPLICIT IA5String
    private static final byte SAN_IP_ADDRESS = (byte) 0x87; // [7] IMPLICIT OCTET STRING
    private static final OID P256 = new OID("1.2.840.10045.3.1.7");
    private static final int P256_FIELD_BYTES = 32;

    /** A CA: its certificate and (in memory only) its private key. */
    record Authority(X509Certificate certificate, PrivateKey key) {

        /** PEM, for OpenSSL/GnuTLS clients and for Samba's {@code tls cafile}. */
        String pem() {
            return certificate.toPEMString();
        }
    }

    private static final class Holder {
        static final Authority TEST_CA = newAuthority("Borough Broker test CA (Samba domains)");
        static final Authority WRONG_CA = newAuthority("Borough Broker unrelated CA (must not be trusted)");
    }

    private TestCertificates() {
    }

    static Authority testCa() {
        return Holder.TEST_CA;
    }

    static Authority wrongCa() {
        return Holder.WRONG_CA;
    }

    /**
     * Writes a server certificate for {@code dnsName} and {@code ipAddress} (both as subjectAltName:
     * clients check the name they connect with against it) and its key, readable by the owner only
     * (Samba refuses a key file others can read).
     */
    static void writeServerCertificate(Authority ca, String dnsName, InetAddress ipAddress, Path certificateFile,
                                       Path keyFile) throws IOException {
        KeyPair keys = ecKeyPair();
        try {
            ASN1Sequence publicKeyInfo = ASN1Sequence.decodeAsSequence(keys.getPublic().getEncoded());
            ASN1Sequence algorithm = ASN1Sequence.decodeAsSequence(publicKeyInfo.elements()[0]);
            OID algorithmOid = algorithm.elements()[0].decodeAsObjectIdentifier().getOID();
            ASN1Element parameters = algorithm.elements().length > 1 ? algorithm.elements()[1] : null;
            ASN1BitString publicKey = publicKeyInfo.elements()[1].decodeAsBitString();
            long now = System.currentTimeMillis();
            X509Certificate certificate = X509Certificate.generateIssuerSignedCertificate(
                    SignatureAlgorithmIdentifier.SHA_256_WITH_ECDSA, ca.certificate(), ca.key(),
                    algorithmOid, parameters, publicKey, null, new DN("CN=" + dnsName),
                    now - CLOCK_SKEW.toMillis(), now + VALIDITY.toMillis(),
                    extension(BASIC_CONSTRAINTS, true, new ASN1Sequence()),
                    extension(KEY_USAGE, true, new ASN1BitString(true)), // digitalSignature: ECDHE key exchange
                    extension(EXTENDED_KEY_USAGE, false, new ASN1Sequence(new ASN1ObjectIdentifier(SERVER_AUTH))),
                    extension(SUBJECT_ALT_NAME, false, new ASN1Sequence(
                            new ASN1OctetString(SAN_DNS_NAME, dnsName),
                            new ASN1OctetString(SAN_IP_ADDRESS, ipAddress.getAddress()))));
            writeAtomically(certificateFile, certificate.toPEMString(), false);
            writeAtomically(keyFile, pem("EC PRIVATE KEY", sec1(keys)), true);
        } catch (CertException | ASN1Exception | LDAPException e) {
            throw new IllegalStateException("Cannot create a certificate for " + dnsName + ": " + e.getMessage(), e);
        }
    }

    /** Writes the CA certificate as PEM and as a PKCS12 trust store (for Java clients). */
    static void writeTrustFiles(Authority ca, Path pemFile, Path trustStoreFile) throws IOException {
        writeAtomically(pemFile, ca.pem(), false);
        try {
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            trustStore.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(ca.certificate().getX509CertificateBytes())));
            Path temporary = Files.createTempFile(trustStoreFile.getParent(), ".truststore", ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                trustStore.store(out, TRUST_STORE_PASSWORD.toCharArray());
            }
            Files.move(temporary, trustStoreFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot write the trust store " + trustStoreFile + ": " + e.getMessage(), e);
        }
    }

    private static Authority newAuthority(String name) {
        KeyPair keys = ecKeyPair();
        long now = System.currentTimeMillis();
        try {
            X509Certificate certificate = X509Certificate.generateSelfSignedCertificate(
                    SignatureAlgorithmIdentifier.SHA_256_WITH_ECDSA, keys, new DN("CN=" + name + ",O=Borough Broker tests"),
                    now - CLOCK_SKEW.toMillis(), now + VALIDITY.toMillis(),
                    extension(BASIC_CONSTRAINTS, true, new ASN1Sequence(new ASN1Boolean(true), new ASN1Integer(0))),
                    // keyCertSign (bit 5) and cRLSign (bit 6)
                    extension(KEY_USAGE, true, new ASN1BitString(false, false, false, false, false, true, true)));
            return new Authority(certificate, keys.getPrivate());
        } catch (CertException | LDAPException e) {
            throw new IllegalStateException("Cannot create the test CA: " + e.getMessage(), e);
        }
    }

    /**
     * The key as SEC1 ECPrivateKey with curve and public key. Not the JDK's PKCS#8 encoding: that
     * leaves out the optional public key, and GnuTLS (Samba) then fails with "ASN1 parser: Element was
     * not found".
     */
    private static byte[] sec1(KeyPair keys) {
        ECPrivateKey privateKey = (ECPrivateKey) keys.getPrivate();
        ECPoint point = ((ECPublicKey) keys.getPublic()).getW();
        byte[] publicPoint = new byte[1 + 2 * P256_FIELD_BYTES];
        publicPoint[0] = 0x04; // uncompressed
        System.arraycopy(unsigned(point.getAffineX()), 0, publicPoint, 1, P256_FIELD_BYTES);
        System.arraycopy(unsigned(point.getAffineY()), 0, publicPoint, 1 + P256_FIELD_BYTES, P256_FIELD_BYTES);
        try {
            return new ASN1Sequence(
                    new ASN1Integer(1),
                    new ASN1OctetString(unsigned(privateKey.getS())),
                    new ASN1Element((byte) 0xA0, new ASN1ObjectIdentifier(P256).encode()),
                    new ASN1Element((byte) 0xA1, new ASN1BitString(ASN1BitString.getBitsForBytes(publicPoint)).encode())
            ).encode();
        } catch (ASN1Exception e) {
            throw new IllegalStateException("Cannot encode the EC key: " + e.getMessage(), e);
        }
    }

    /** A P-256 coordinate or scalar as exactly 32 unsigned big-endian bytes. */
    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[P256_FIELD_BYTES];
        int length = Math.min(bytes.length, P256_FIELD_BYTES);
        System.arraycopy(bytes, bytes.length - length, fixed, P256_FIELD_BYTES - length, length);
        return fixed;
    }

    private static X509CertificateExtension extension(OID oid, boolean critical, ASN1Element value) {
        return new X509CertificateExtension(oid, critical, value.encode());
    }

    private static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM cannot generate EC P-256 keys: " + e.getMessage(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void writeAtomically(Path file, String content, boolean ownerOnly) throws IOException {
        // Created owner-only, so a key is never readable by others, not even for a moment.
        Path temporary = Files.createTempFile(file.getParent(), ".tls", ".tmp");
        Files.writeString(temporary, content, StandardCharsets.US_ASCII);
        if (!ownerOnly) {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
