package uk.boroughbroker.realms;

import java.util.List;
import java.util.Optional;

/**
 * One council: who it is, which user principal name suffixes and email domains are its own, and
 * where its Active Directory lives.
 *
 * @param sharedService the id of the shared service it belongs to, if any
 * @param netbiosName   the down-level domain name (BRENT in BRENT\jsmith), if staff use it
 */
public record Council(String id, String displayName, Optional<String> sharedService, List<String> upnSuffixes,
        List<String> emailDomains, Directory directory, Optional<String> netbiosName) {

    public Council {
        upnSuffixes = List.copyOf(upnSuffixes);
        emailDomains = List.copyOf(emailDomains);
    }

    /**
     * A council's directory: its domain controllers in failover order and how the broker binds.
     *
     * @param bindCredential the resolved secret; never logged or printed
     */
    /**
     * @param startTls upgrade {@code ldap://} connections with StartTLS before binding
     * @param trustedCertificates PEM certificates (the council's CA) that a DC's certificate must chain
     *        to; empty for the broker's trust store
     * @param groupResolution {@code auto}, {@code in-chain} or {@code walk} (see docs/directories.md)
     * @param allowPlaintext the council accepts that {@code ldap://} without StartTLS sends staff
     *        passwords in clear (only for directories on loopback or an otherwise protected link)
     * @param deadlineMillis the longest one sign-in waits for this directory, all its calls together
     */
    public record Directory(List<String> urls, String baseDn, String usersDn, String bindDn, String bindCredential,
            int connectTimeoutMillis, int readTimeoutMillis, boolean startTls, String trustedCertificates,
            String groupResolution, boolean allowPlaintext, int deadlineMillis) {

        public Directory {
            urls = List.copyOf(urls);
            trustedCertificates = trustedCertificates == null ? "" : trustedCertificates;
            groupResolution = groupResolution == null ? "auto" : groupResolution;
        }

        public Directory(List<String> urls, String baseDn, String usersDn, String bindDn, String bindCredential,
                int connectTimeoutMillis, int readTimeoutMillis) {
            this(urls, baseDn, usersDn, bindDn, bindCredential, connectTimeoutMillis, readTimeoutMillis, false, "", "auto",
                    false, DirectoryBlockLoader.DEFAULT_DEADLINE_MILLIS);
        }

        /** Whether binds cross the network unencrypted: {@code ldap://} URLs without StartTLS. */
        public boolean plaintext() {
            return !startTls && urls.stream().anyMatch(u -> u.startsWith("ldap:"));
        }

        @Override
        public String toString() {
            // Keep the credential out of logs and error messages.
            return "Directory[urls=" + urls + ", baseDn=" + baseDn + ", usersDn=" + usersDn + ", bindDn=" + bindDn
                    + ", connectTimeoutMillis=" + connectTimeoutMillis + ", readTimeoutMillis=" + readTimeoutMillis
                    + ", startTls=" + startTls + ", trustedCertificates=" + (trustedCertificates.isEmpty() ? "none" : "given")
                    + ", groupResolution=" + groupResolution + ", allowPlaintext=" + allowPlaintext
                    + ", deadlineMillis=" + deadlineMillis + "]";
        }
    }
}
