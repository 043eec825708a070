package uk.boroughbroker.keycloak.directory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;

import uk.boroughbroker.model.directory.DirectorySetting;
import uk.boroughbroker.model.directory.DirectorySettings;
import uk.boroughbroker.model.directory.PemCertificates;
import uk.boroughbroker.model.names.CouncilNames;

import static uk.boroughbroker.model.directory.DirectorySettings.*;

/**
 * Typed view of a {@code borough-council-directory} component's configuration: one council's
 * directory. The component's name is the council id (see decision 0005).
 *
 * <p>What each lookup needs (domains, NetBIOS name, connection settings) is read once, when the view
 * is made: Keycloak asks every federation about every typed name, and the factory keeps one view per
 * federation while the component is unchanged ({@link CouncilDirectoryConfigs}).
 */
final class CouncilDirectoryConfig {

    /** How nested groups are resolved: AD's in-chain rule where the directory has it, else our walk. */
    enum GroupResolution { AUTO, IN_CHAIN, WALK }

    /** The admin console stores multivalued strings as one value joined with "##". */
    private static final Pattern JOINED = Pattern.compile("##", Pattern.LITERAL);

    private final ComponentModel model;
    private final List<String> upnSuffixes;
    private final List<String> emailDomains;
    /** UPN suffixes and email domains together, for {@link #ownsDomain}. */
    private final Set<String> domains;
    private final Optional<String> netbiosName;
    private final ConnectionSettings connection;

    CouncilDirectoryConfig(ComponentModel model) {
        this.model = model;
        this.upnSuffixes = lowerCase(UPN_SUFFIXES.key());
        this.emailDomains = lowerCase(EMAIL_DOMAINS.key());
        this.domains = Set.copyOf(concat(upnSuffixes, emailDomains));
        this.netbiosName = Optional.ofNullable(get(NETBIOS_NAME.key())).filter(s -> !s.isBlank())
                .map(s -> s.strip().toUpperCase(Locale.ROOT));
        this.connection = new ConnectionSettings(councilId(), connectionUrls(), usersDn(), bindDn(), bindCredential(),
                connectTimeoutMillis(), readTimeoutMillis(), deadline(), failureThreshold(), unavailableSeconds(),
                maxConnections(), startTls(), trustedCertificates());
    }

    String councilId() {
        return model.getName();
    }

    /** How the council is named to its staff; the council id when not set. */
    String displayName() {
        String name = get(DISPLAY_NAME.key());
        return name == null || name.isBlank() ? councilId() : name.strip();
    }

    List<String> upnSuffixes() {
        return upnSuffixes;
    }

    List<String> emailDomains() {
        return emailDomains;
    }

    Optional<String> netbiosName() {
        return netbiosName;
    }

    List<String> connectionUrls() {
        return values(CONNECTION_URLS.key());
    }

    String usersDn() {
        return get(USERS_DN.key());
    }

    String bindDn() {
        return get(BIND_DN.key());
    }

    String bindCredential() {
        return get(BIND_CREDENTIAL.key());
    }

    int connectTimeoutMillis() {
        return number(CONNECT_TIMEOUT);
    }

    int readTimeoutMillis() {
        return number(READ_TIMEOUT);
    }

    /** The time one request may spend on this directory, all its calls together: see {@link Deadline}. */
    java.time.Duration deadline() {
        return java.time.Duration.ofMillis(number(DEADLINE));
    }

    int failureThreshold() {
        return number(FAILURE_THRESHOLD);
    }

    int unavailableSeconds() {
        return number(UNAVAILABLE_SECONDS);
    }

    /** How often the background sync runs (decision 0030); zero when it is off. */
    int syncSeconds() { return number(SYNC_SECONDS); }

    int maxConnections() {
        return number(MAX_CONNECTIONS);
    }

    int groupNestingDepth() {
        return number(GROUP_NESTING_DEPTH);
    }

    boolean startTls() {
        return START_TLS.flag(get(START_TLS.key()));
    }

    /** Whether the council accepts ldap:// without StartTLS (passwords in clear): a loopback or protected link. */
    boolean allowPlaintext() {
        return ALLOW_PLAINTEXT.flag(get(ALLOW_PLAINTEXT.key()));
    }

    /** The council's CA certificates (PEM), or empty for the broker's trust store. */
    String trustedCertificates() {
        String pem = get(TRUSTED_CERTIFICATES.key());
        return pem == null ? "" : pem.strip();
    }

    GroupResolution groupResolution() {
        return switch (GROUP_RESOLUTION.choice(get(GROUP_RESOLUTION.key()))) {
            case "in-chain" -> GroupResolution.IN_CHAIN;
            case "walk" -> GroupResolution.WALK;
            default -> GroupResolution.AUTO;
        };
    }

    /** Whether staff are told that AD has locked their account (default) or get "invalid credentials". */
    boolean revealLockout() {
        return REVEAL_LOCKOUT.flag(get(REVEAL_LOCKOUT.key()));
    }

    /** Whether a domain (after {@code @}) names this council: a UPN suffix or a staff email domain. */
    boolean ownsDomain(String domain) {
        return domains.contains(domain);
    }

    /** What the council's connection is built from: a new one is built when this differs (see {@link ConnectionSettings}). */
    ConnectionSettings connection() {
        return connection;
    }

    /** @return what is wrong, one line per problem, in words an admin understands; empty when valid */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!CouncilNames.isCouncilId(councilId())) {
            problems.add("The name must be the council id: " + CouncilNames.COUNCIL_ID_RULE + ", such as 'brent'.");
        }
        if (upnSuffixes().isEmpty()) {
            problems.add("Give at least one UPN suffix, such as brent.gov.uk.");
        }
        for (String domain : concat(upnSuffixes(), emailDomains())) {
            CouncilNames.domainProblem(domain).ifPresent(wrong -> problems.add("'" + domain + "' " + wrong + "."));
        }
        netbiosName().filter(n -> !CouncilNames.isNetbiosName(n))
                .ifPresent(n -> problems.add("NetBIOS name '" + n + "' must be " + CouncilNames.NETBIOS_RULE + "."));
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
        dn(USERS_DN, problems);
        dn(BIND_DN, problems);
        if (bindCredential() == null || bindCredential().isEmpty()) {
            problems.add("The bind credential is empty.");
        }
        boolean timeouts = valid(CONNECT_TIMEOUT, problems);
        timeouts &= valid(READ_TIMEOUT, problems);
        timeouts &= valid(DEADLINE, problems);
        long deadline = deadline().toMillis();
        if (timeouts && (deadline <= readTimeoutMillis() || deadline <= connectTimeoutMillis())) {
            problems.add("Deadline per request (" + deadline + " ms) must be longer than the connect timeout ("
                    + connectTimeoutMillis() + " ms) and the read timeout (" + readTimeoutMillis() + " ms): a domain "
                    + "controller that never answers is left for the next one only after those, and the next one "
                    + "needs time to answer within the deadline.");
        }
        for (DirectorySetting setting : DirectorySettings.TUNING) {
            if (!List.of(CONNECT_TIMEOUT, READ_TIMEOUT, DEADLINE).contains(setting)) {
                valid(setting, problems);
            }
        }
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
                PemCertificates.read(trustedCertificates());
            } catch (java.security.cert.CertificateException e) {
                problems.add("Trusted certificates must be PEM certificates (-----BEGIN CERTIFICATE-----): " + e.getMessage());
            }
            if (!ldaps && !startTls()) {
                problems.add("Trusted certificates are only used over TLS: use ldaps:// URLs or StartTLS.");
            }
        }
        return problems;
    }

    private void dn(DirectorySetting setting, List<String> problems) {
        String value = get(setting.key());
        if (value == null || value.isBlank()) {
            problems.add(setting.label() + " is required.");
            return;
        }
        try {
            new DN(value);
        } catch (LDAPException e) {
            problems.add(setting.label() + " '" + value + "' is not a valid DN.");
        }
    }

    /** @return whether the setting is left out (its default applies) or valid against its declaration */
    private boolean valid(DirectorySetting setting, List<String> problems) {
        Optional<String> wrong = setting.problem(get(setting.key()));
        wrong.ifPresent(w -> problems.add(setting.label() + " " + w + "."));
        return wrong.isEmpty();
    }

    /** The setting's (first) value; null when not set, or when the component has no configuration at all. */
    private String get(String key) {
        MultivaluedHashMap<String, String> config = model.getConfig();
        return config == null ? null : config.getFirst(key);
    }

    private int number(DirectorySetting setting) {
        return setting.number(get(setting.key()));
    }

    private List<String> values(String key) {
        MultivaluedHashMap<String, String> config = model.getConfig();
        List<String> raw = config == null ? null : config.get(key);
        List<String> out = new ArrayList<>();
        if (raw != null) {
            for (String value : raw) {
                for (String part : JOINED.split(value)) {
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
