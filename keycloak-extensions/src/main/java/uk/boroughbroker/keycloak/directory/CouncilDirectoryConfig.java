package uk.boroughbroker.keycloak.directory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;

/**
 * Typed view of a {@code borough-council-directory} component's configuration: one council's
 * directory. The component's name is the council id (see decision 0005).
 */
final class CouncilDirectoryConfig {

    static final String DISPLAY_NAME = "displayName";
    static final String UPN_SUFFIXES = "upnSuffixes";
    static final String EMAIL_DOMAINS = "emailDomains";
    static final String NETBIOS_NAME = "netbiosName";
    static final String CONNECTION_URLS = "connectionUrls";
    static final String USERS_DN = "usersDn";
    static final String BIND_DN = "bindDn";
    static final String BIND_CREDENTIAL = "bindCredential";
    static final String CONNECT_TIMEOUT = "connectTimeoutMillis";
    static final String READ_TIMEOUT = "readTimeoutMillis";
    static final String FAILURE_THRESHOLD = "failureThreshold";
    static final String UNAVAILABLE_SECONDS = "unavailableSeconds";
    static final String MAX_CONNECTIONS = "maxConnections";
    static final String GROUP_NESTING_DEPTH = "groupNestingDepth";
    static final int DEFAULT_GROUP_NESTING_DEPTH = 10;
    static final String START_TLS = "startTls";
    static final String TRUSTED_CERTIFICATES = "trustedCertificates";
    static final String ALLOW_PLAINTEXT = "allowPlaintext";
    static final String GROUP_RESOLUTION = "groupResolution";
    static final String REVEAL_LOCKOUT = "revealLockout";
    static final String DEADLINE = "deadlineMillis";

    /** How nested groups are resolved: AD's in-chain rule where the directory has it, else our walk. */
    enum GroupResolution { AUTO, IN_CHAIN, WALK }

    static final int DEFAULT_CONNECT_TIMEOUT = 2_000;
    static final int DEFAULT_READ_TIMEOUT = 5_000;
    static final int DEFAULT_FAILURE_THRESHOLD = 3;
    static final int DEFAULT_UNAVAILABLE_SECONDS = 30;
    static final int DEFAULT_MAX_CONNECTIONS = 10;
    /**
     * Staff hear within 6 s that their council's directory is unavailable (issue 11), and a hung
     * first DC still leaves the next one time to answer after the default read timeout.
     */
    static final int DEFAULT_DEADLINE = 5_500;

    private final ComponentModel model;

    CouncilDirectoryConfig(ComponentModel model) {
        this.model = model;
    }

    String councilId() {
        return model.getName();
    }

    /** How the council is named to its staff; the council id when not set. */
    String displayName() {
        String name = model.get(DISPLAY_NAME);
        return name == null || name.isBlank() ? councilId() : name.strip();
    }

    List<String> upnSuffixes() {
        return lowerCase(UPN_SUFFIXES);
    }

    List<String> emailDomains() {
        return lowerCase(EMAIL_DOMAINS);
    }

    Optional<String> netbiosName() {
        return Optional.ofNullable(model.get(NETBIOS_NAME)).filter(s -> !s.isBlank())
                .map(s -> s.strip().toUpperCase(Locale.ROOT));
    }

    List<String> connectionUrls() {
        return values(CONNECTION_URLS);
    }

    String usersDn() {
        return model.get(USERS_DN);
    }

    String bindDn() {
        return model.get(BIND_DN);
    }

    String bindCredential() {
        return model.get(BIND_CREDENTIAL);
    }

    int connectTimeoutMillis() {
        return number(CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
    }

    int readTimeoutMillis() {
        return number(READ_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    /** The time one request may spend on this directory, all its calls together: see {@link Deadline}. */
    java.time.Duration deadline() {
        return java.time.Duration.ofMillis(number(DEADLINE, DEFAULT_DEADLINE));
    }

    int failureThreshold() {
        return number(FAILURE_THRESHOLD, DEFAULT_FAILURE_THRESHOLD);
    }

    int unavailableSeconds() {
        return number(UNAVAILABLE_SECONDS, DEFAULT_UNAVAILABLE_SECONDS);
    }

    int maxConnections() {
        return number(MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS);
    }

    int groupNestingDepth() {
        return number(GROUP_NESTING_DEPTH, DEFAULT_GROUP_NESTING_DEPTH);
    }

    boolean startTls() {
        return "true".equalsIgnoreCase(String.valueOf(model.get(START_TLS)).strip());
    }

    /** Whether the council accepts ldap:// without StartTLS (passwords in clear): a loopback or protected link. */
    boolean allowPlaintext() {
        return "true".equalsIgnoreCase(String.valueOf(model.get(ALLOW_PLAINTEXT)).strip());
    }

    /** The council's CA certificates (PEM), or empty for the broker's trust store. */
    String trustedCertificates() {
        String pem = model.get(TRUSTED_CERTIFICATES);
        return pem == null ? "" : pem.strip();
    }

    GroupResolution groupResolution() {
        String value = model.get(GROUP_RESOLUTION);
        if (value == null || value.isBlank()) {
            return GroupResolution.AUTO;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "in-chain" -> GroupResolution.IN_CHAIN;
            case "walk" -> GroupResolution.WALK;
            default -> GroupResolution.AUTO;
        };
    }

    /** Whether staff are told that AD has locked their account (default) or get "invalid credentials". */
    boolean revealLockout() {
        String value = model.get(REVEAL_LOCKOUT);
        return value == null || value.isBlank() || !"false".equalsIgnoreCase(value.strip());
    }

    /** Whether a domain (after {@code @}) names this council: a UPN suffix or a staff email domain. */
    boolean ownsDomain(String domain) {
        return upnSuffixes().contains(domain) || emailDomains().contains(domain);
    }

    /** What the council's connection is built from: a new one is built when this differs (see {@link ConnectionSettings}). */
    ConnectionSettings connection() {
        return new ConnectionSettings(councilId(), connectionUrls(), usersDn(), bindDn(), bindCredential(),
                connectTimeoutMillis(), readTimeoutMillis(), deadline(), failureThreshold(), unavailableSeconds(),
                maxConnections(), startTls(), trustedCertificates());
    }

    /** @return what is wrong, one line per problem, in words an admin understands; empty when valid */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (councilId() == null || !DirectoryAttributes.COUNCIL_ID.matcher(councilId()).matches()) {
            problems.add("The name must be the council id: 2-40 lower-case letters, digits or '-', such as 'brent'.");
        }
        if (upnSuffixes().isEmpty()) {
            problems.add("Give at least one UPN suffix, such as brent.gov.uk.");
        }
        for (String domain : concat(upnSuffixes(), emailDomains())) {
            if (!DirectoryAttributes.DOMAIN.matcher(domain).matches()) {
                problems.add("'" + domain + "' is not a domain name such as brent.gov.uk.");
            }
        }
        netbiosName().filter(n -> !n.matches("[A-Z0-9][A-Z0-9-]{0,14}"))
                .ifPresent(n -> problems.add("NetBIOS name '" + n + "' must be 1-15 letters, digits or '-'."));
        List<String> urls = connectionUrls();
        if (urls.isEmpty()) {
            problems.add("Give at least one directory URL, such as ldaps://dc1.brent.local:636.");
        }
        String scheme = null;
        boolean urlsValid = true;
        for (String url : urls) {
            try {
                LDAPURL parsed = new LDAPURL(url);
                if (!parsed.hostProvided()) {
                    problems.add("Directory URL '" + url + "' has no host.");
                    urlsValid = false;
                }
                if (scheme != null && !scheme.equals(parsed.getScheme())) {
                    problems.add("All directory URLs of one council must use the same scheme (ldap or ldaps).");
                }
                scheme = parsed.getScheme();
            } catch (LDAPException e) {
                problems.add("Directory URL '" + url + "' is not an LDAP URL (ldap://host:port or ldaps://host:port).");
                urlsValid = false;
            }
        }
        dn(USERS_DN, "Users DN", problems);
        dn(BIND_DN, "Bind DN", problems);
        if (bindCredential() == null || bindCredential().isEmpty()) {
            problems.add("The bind credential is empty.");
        }
        boolean timeouts = range(CONNECT_TIMEOUT, "Connect timeout (ms)", 100, 60_000, problems);
        timeouts &= range(READ_TIMEOUT, "Read timeout (ms)", 100, 60_000, problems);
        timeouts &= range(DEADLINE, "Deadline per request (ms)", 500, 60_000, problems);
        long deadline = deadline().toMillis();
        if (timeouts && (deadline <= readTimeoutMillis() || deadline <= connectTimeoutMillis())) {
            problems.add("Deadline per request (" + deadline + " ms) must be longer than the connect timeout ("
                    + connectTimeoutMillis() + " ms) and the read timeout (" + readTimeoutMillis() + " ms): a domain "
                    + "controller that never answers is left for the next one only after those, and the next one "
                    + "needs time to answer within the deadline.");
        }
        range(FAILURE_THRESHOLD, "Failures before unavailable", 1, 100, problems);
        range(UNAVAILABLE_SECONDS, "Seconds unavailable before retrying", 1, 3_600, problems);
        range(MAX_CONNECTIONS, "Maximum connections", 1, 200, problems);
        range(GROUP_NESTING_DEPTH, "Group nesting depth", 0, 50, problems);
        boolean ldaps = urls.stream().anyMatch(u -> u.toLowerCase(Locale.ROOT).startsWith("ldaps:"));
        if (urlsValid && !urls.isEmpty() && !ldaps && !startTls() && !allowPlaintext()) {
            problems.add("Directory URLs are plain ldap:// without StartTLS: staff passwords would cross the network in "
                    + "clear. Use ldaps://, StartTLS, or (only for a directory on a protected link) allow plaintext.");
        }
        if (startTls() && ldaps) {
            problems.add("StartTLS is for ldap:// URLs; ldaps:// connections are TLS already.");
        }
        if (!trustedCertificates().isEmpty()) {
            try {
                DirectoryTls.fromPem(trustedCertificates());
            } catch (java.security.GeneralSecurityException | java.io.IOException e) {
                problems.add("Trusted certificates must be PEM certificates (-----BEGIN CERTIFICATE-----): " + e.getMessage());
            }
            if (!ldaps && !startTls()) {
                problems.add("Trusted certificates are only used over TLS: use ldaps:// URLs or StartTLS.");
            }
        }
        String resolution = model.get(GROUP_RESOLUTION);
        if (resolution != null && !resolution.isBlank()
                && !java.util.Set.of("auto", "in-chain", "walk").contains(resolution.strip().toLowerCase(Locale.ROOT))) {
            problems.add("Group resolution must be auto, in-chain or walk, not '" + resolution + "'.");
        }
        return problems;
    }

    private void dn(String key, String label, List<String> problems) {
        String value = model.get(key);
        if (value == null || value.isBlank()) {
            problems.add(label + " is required.");
            return;
        }
        try {
            new DN(value);
        } catch (LDAPException e) {
            problems.add(label + " '" + value + "' is not a valid DN.");
        }
    }

    /** @return whether the setting is left out (its default applies) or valid */
    private boolean range(String key, String label, int min, int max, List<String> problems) {
        String value = model.get(key);
        if (value == null || value.isBlank()) {
            return true;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < min || n > max) {
                problems.add(label + " must be from " + min + " to " + max + ", not " + n + ".");
                return false;
            }
            return true;
        } catch (NumberFormatException e) {
            problems.add(label + " must be a whole number, not '" + value + "'.");
            return false;
        }
    }

    private int number(String key, int defaultValue) {
        try {
            String value = model.get(key);
            return value == null || value.isBlank() ? defaultValue : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    private List<String> values(String key) {
        MultivaluedHashMap<String, String> config = model.getConfig();
        List<String> raw = config == null ? null : config.get(key);
        List<String> out = new ArrayList<>();
        if (raw != null) {
            for (String value : raw) {
                // The admin console stores multivalued strings as one value joined with "##".
                for (String part : value.split("##")) {
                    if (!part.isBlank()) {
                        out.add(part.strip());
                    }
                }
            }
        }
        return out;
    }

    private List<String> lowerCase(String key) {
        return values(key).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

}
