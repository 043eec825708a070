package uk.boroughbroker.broker.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A throw-away certificate authority for the front door, made with the {@code openssl} command:
 * {@code ca.pem} (what clients trust: {@code curl --cacert}), and HAProxy's certificate for
 * {@code localhost} and {@code 127.0.0.1} with its key ({@code haproxy.pem}, owner-only). The CA's
 * key is deleted once it has signed, so nothing else can ever be issued under it; when the
 * certificate is close to expiry, a new CA replaces the whole set.
 */
final class TestCertificateAuthority {

    static final int VALID_DAYS = 30;
    /** Renewed when it would expire within this. */
    static final Duration RENEW_BEFORE = Duration.ofDays(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;

    private TestCertificateAuthority(Path dir) {
        this.dir = dir;
    }

    /** The set in {@code dir}, created (or renewed) when missing or about to expire. */
    static TestCertificateAuthority inFolder(Path dir) {
        Path openssl = Commands.executable(List.of(Path.of("/usr/bin/openssl"), Path.of("/usr/local/bin/openssl")))
                .orElseThrow(() -> new ClusterException("Cluster mode makes its test certificates with openssl, which is "
                        + "missing. Install Debian's package: apt-get install openssl"));
        TestCertificateAuthority ca = new TestCertificateAuthority(dir.toAbsolutePath().normalize());
        if (!ca.usable(openssl)) {
            ca.create(openssl);
        }
        return ca;
    }

    /** The CA certificate clients trust. */
    Path caCertificate() {
        return dir.resolve("ca.pem");
    }

    /** The server certificate only (no key). */
    Path serverCertificate() {
        return dir.resolve("server.crt");
    }

    /** Certificate, then key: the form HAProxy's {@code crt} reads. */
    Path haproxyPem() {
        return dir.resolve("haproxy.pem");
    }

    private boolean usable(Path openssl) {
        if (!Files.exists(caCertificate()) || !Files.exists(haproxyPem()) || !Files.exists(serverCertificate())) {
            return false;
        }
        try {
            Commands.run(List.of(openssl.toString(), "x509", "-checkend", String.valueOf(RENEW_BEFORE.toSeconds()),
                    "-noout", "-in", serverCertificate().toString()), dir, Map.of(), null, TIMEOUT, null);
            return true;
        } catch (ClusterException e) {
            return false;
        }
    }

    private void create(Path openssl) {
        String o = openssl.toString();
        String days = String.valueOf(VALID_DAYS);
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Files.writeString(dir.resolve("server.ext"), String.join("\n",
                    "basicConstraints=CA:FALSE",
                    "keyUsage=critical,digitalSignature,keyEncipherment",
                    "extendedKeyUsage=serverAuth",
                    "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    ""), StandardCharsets.UTF_8);
            run(List.of(o, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", days, "-keyout", "ca.key",
                    "-out", "ca.pem", "-subj", "/CN=Borough Broker test CA (throw-away)",
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"));
            run(List.of(o, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                    "-subj", "/CN=localhost"));
            run(List.of(o, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial",
                    String.valueOf(System.currentTimeMillis()), "-days", days, "-extfile", "server.ext",
                    "-out", "server.crt"));
            Files.writeString(haproxyPem(), Files.readString(serverCertificate()) + Files.readString(dir.resolve("server.key")),
                    StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(haproxyPem(), PosixFilePermissions.fromString("rw-------"));
            for (String scratch : List.of("ca.key", "server.key", "server.csr", "server.ext")) {
                Files.deleteIfExists(dir.resolve(scratch));
            }
        } catch (IOException e) {
            throw new ClusterException("Cannot write the test certificates into " + dir + ": " + e.getMessage(), e);
        }
    }

    private void run(List<String> command) {
        Commands.run(command, dir, Map.of(), null, TIMEOUT, null);
    }
}
