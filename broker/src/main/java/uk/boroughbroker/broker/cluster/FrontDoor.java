package uk.boroughbroker.broker.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import uk.boroughbroker.broker.process.ChildProcess;

/** Clients of the HTTPS front door that trust the test CA, and only it. */
public final class FrontDoor {

    private FrontDoor() {
    }

    /** An HTTP client that trusts only the certificate(s) in {@code caPem}, with host name checks as usual. */
    public static HttpClient client(Path caPem) {
        return clientBuilder(caPem).build();
    }

    /** {@link #client}'s settings, for a caller that adds its own (HTTP version, redirects). */
    public static HttpClient.Builder clientBuilder(Path caPem) {
        return HttpClient.newBuilder().sslContext(trusting(caPem)).connectTimeout(Duration.ofSeconds(5));
    }

    /** TLS that trusts only the certificate(s) in {@code caPem} (the test CA, or a deployment's private CA). */
    public static SSLContext trusting(Path caPem) {
        try (InputStream in = Files.newInputStream(caPem)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new ClusterException(caPem + " holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----)");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            return tls;
        } catch (IOException | GeneralSecurityException e) {
            throw new ClusterException("Cannot read the CA certificates in " + caPem + ": " + e.getMessage(), e);
        }
    }

    /** Waits until the front door serves the master realm's discovery document through a node. */
    static void awaitServing(String frontDoor, Path caPem, ChildProcess loadBalancer, Duration timeout) {
        HttpClient http = client(caPem);
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(frontDoor + "/realms/master/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        Instant deadline = Instant.now().plus(timeout);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            try {
                int status = http.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
                last = "HTTP " + status;
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException("Interrupted while waiting for HAProxy");
            }
            if (loadBalancer.waitForExit(Duration.ofMillis(300))) {
                throw new ClusterException("HAProxy stopped while starting. End of " + loadBalancer.log() + ":\n"
                        + loadBalancer.tail(20));
            }
        }
        throw new ClusterException("The front door " + frontDoor + " did not serve Keycloak within " + timeout.toSeconds()
                + " s (last: " + last + "). End of " + loadBalancer.log() + ":\n" + loadBalancer.tail(20));
    }
}
