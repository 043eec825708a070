package uk.boroughbroker.keycloak.directory;

import java.time.Duration;
import java.util.List;

/**
 * Everything a {@link CouncilConnection} is built from, and nothing else: its pools, breaker,
 * workers and queries read only these (routing settings such as UPN suffixes change no
 * connection). The provider factory keeps a council's connection while the federation's current
 * settings are {@code equals} to the ones it was built from, and builds a new one when any differs:
 * a setting the connection uses cannot be left out of the comparison, because it is read from here.
 *
 * <p>Compared value by value, the credential and CA certificates included (a string key of hashes
 * used to stand for them).
 */
record ConnectionSettings(String councilId, List<String> urls, String usersDn, String bindDn, String bindCredential,
        int connectTimeoutMillis, int readTimeoutMillis, Duration deadline, int failureThreshold,
        int unavailableSeconds, int maxConnections, boolean startTls, String trustedCertificates) {

    ConnectionSettings {
        urls = List.copyOf(urls);
    }

    /** The time limit a search asks the directory to keep to: the read timeout, in whole seconds, at least one. */
    int searchTimeLimitSeconds() {
        return Math.max(1, readTimeoutMillis / 1000);
    }

    /** Without the credential, which must never reach a log; the CA certificates only by size. */
    @Override
    public String toString() {
        return "ConnectionSettings[council=" + councilId + ", urls=" + urls + ", usersDn=" + usersDn + ", bindDn="
                + bindDn + ", bindCredential=" + (bindCredential == null || bindCredential.isEmpty() ? "(none)" : "(set)")
                + ", connectTimeoutMillis=" + connectTimeoutMillis + ", readTimeoutMillis=" + readTimeoutMillis
                + ", deadline=" + deadline.toMillis() + " ms, failureThreshold=" + failureThreshold
                + ", unavailableSeconds=" + unavailableSeconds + ", maxConnections=" + maxConnections + ", startTls="
                + startTls + ", trustedCertificates=" + (trustedCertificates == null ? 0 : trustedCertificates.length())
                + " chars]";
    }
}
