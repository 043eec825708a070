package uk.boroughbroker.realms;

import java.io.IOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;

/**
 * Reads and validates a councils file. Every problem found is reported at once, each with file,
 * line, council and field, so an operator can fix the file in one pass; nothing is returned unless
 * the whole file is valid.
 */
public final class CouncilsLoader {

    static final Pattern COUNCIL_ID = Pattern.compile("[a-z][a-z0-9-]{1,39}");
    /**
     * Lower-case ASCII letters, digits and hyphens (LDH) in labels of 1-63 characters, a top-level
     * label of letters only: the form AD and the federation's own check accept. Punycode ({@code xn--})
     * labels are LDH and pass; Unicode is refused with its punycode form (see decision 0016).
     */
    private static final Pattern DOMAIN = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final int MAX_DOMAIN_LENGTH = 253;
    private static final Set<String> TOP_FIELDS = Set.of("sharedServices", "councils");
    private static final Set<String> SERVICE_FIELDS = Set.of("id", "displayName", "councils");
    private static final Set<String> COUNCIL_FIELDS = Set.of("id", "displayName", "netbiosName", "upnSuffixes",
            "emailDomains", "directory");
    private static final Pattern NETBIOS = Pattern.compile("[A-Z0-9][A-Z0-9-]{0,14}");
    private static final Set<String> DIRECTORY_FIELDS = Set.of("urls", "baseDn", "usersDn", "bindDn",
            "bindCredential", "bindCredentialFile", "connectTimeoutMillis", "readTimeoutMillis", "startTls", "caFile",
            "groupResolution", "allowPlaintext", "deadlineMillis");
    private static final Set<String> GROUP_RESOLUTIONS = Set.of("auto", "in-chain", "walk");
    static final int DEFAULT_CONNECT_TIMEOUT_MILLIS = 2_000;
    static final int DEFAULT_READ_TIMEOUT_MILLIS = 5_000;
    /** As the extension's own default (CouncilDirectoryConfig): staff hear within 6 s, issue 11. */
    static final int DEFAULT_DEADLINE_MILLIS = 5_500;
    private static final int MIN_DEADLINE_MILLIS = 500;
    private static final int MAX_TIMEOUT_MILLIS = 60_000;

    private final LocatedYaml yaml;
    private final Variables variables;
    private final List<String> problems = new ArrayList<>();

    private CouncilsLoader(LocatedYaml yaml, Variables variables) {
        this.yaml = yaml;
        this.variables = variables;
    }

    /**
     * @throws ConfigurationException listing every problem in the file
     */
    public static Councils load(Path file, Variables variables) {
        CouncilsLoader loader = new CouncilsLoader(LocatedYaml.read(file), variables);
        Councils councils = loader.read();
        if (!loader.problems.isEmpty()) {
            throw new ConfigurationException(file + " is not a valid councils file:\n  - "
                    + String.join("\n  - ", loader.problems));
        }
        return councils;
    }

    private Councils read() {
        JsonNode root = yaml.root();
        if (!root.isObject()) {
            problem("", "", "the file must be a mapping with 'sharedServices' and 'councils'");
            return null;
        }
        onlyFields(root, "", "", TOP_FIELDS);
        JsonNode councilNodes = root.path("councils");
        if (!councilNodes.isArray() || councilNodes.isEmpty()) {
            problem("/councils", "", "'councils' must list at least one council");
        }

        List<Council> councils = new ArrayList<>();
        Map<String, String> suffixOwners = new HashMap<>();
        for (int i = 0; i < councilNodes.size(); i++) {
            Council council = council(councilNodes.get(i), "/councils/" + i, suffixOwners, councils);
            if (council != null) {
                councils.add(council);
            }
        }

        List<SharedService> services = new ArrayList<>();
        Map<String, String> serviceOf = new HashMap<>();
        JsonNode serviceNodes = root.path("sharedServices");
        if (!serviceNodes.isMissingNode() && !serviceNodes.isArray()) {
            problem("/sharedServices", "", "'sharedServices' must be a list");
        }
        for (int i = 0; serviceNodes.isArray() && i < serviceNodes.size(); i++) {
            SharedService service = sharedService(serviceNodes.get(i), "/sharedServices/" + i, councils, serviceOf);
            if (service != null) {
                services.add(service);
            }
        }
        List<Council> withServices = councils.stream()
                .map(c -> new Council(c.id(), c.displayName(), Optional.ofNullable(serviceOf.get(c.id())),
                        c.upnSuffixes(), c.emailDomains(), c.directory(), c.netbiosName()))
                .toList();
        return new Councils(yaml.file(), services, withServices);
    }

    private Council council(JsonNode node, String pointer, Map<String, String> suffixOwners, List<Council> seen) {
        if (!node.isObject()) {
            problem(pointer, "", "each council must be a mapping with id, displayName, upnSuffixes and directory");
            return null;
        }
        String id = text(node, pointer, "id", "", true);
        String who = id == null ? "" : "council '" + id + "': ";
        onlyFields(node, pointer, who, COUNCIL_FIELDS);
        if (id != null && !COUNCIL_ID.matcher(id).matches()) {
            problem(pointer + "/id", who, "id must be 2-40 lower-case letters, digits or '-', starting with a letter");
        }
        if (id != null && seen.stream().anyMatch(c -> c.id().equals(id))) {
            problem(pointer + "/id", who, "id is used by another council");
        }
        String displayName = text(node, pointer, "displayName", who, true);
        String netbios = text(node, pointer, "netbiosName", who, false);
        if (netbios != null && !NETBIOS.matcher(netbios).matches()) {
            problem(pointer + "/netbiosName", who, "netbiosName '" + netbios
                    + "' must be 1-15 upper-case letters, digits or '-', such as BRENT");
        }
        if (netbios != null && seen.stream().anyMatch(c -> c.netbiosName().filter(netbios::equals).isPresent())) {
            problem(pointer + "/netbiosName", who, "netbiosName '" + netbios + "' is used by another council");
        }
        List<String> upnSuffixes = domains(node, pointer, "upnSuffixes", who, true, id, suffixOwners);
        List<String> emailDomains = domains(node, pointer, "emailDomains", who, false, id, suffixOwners);
        Council.Directory directory = directory(node.path("directory"), pointer + "/directory", who);
        if (id == null || displayName == null || directory == null) {
            return null;
        }
        return new Council(id, displayName, Optional.empty(), upnSuffixes, emailDomains, directory,
                Optional.ofNullable(netbios));
    }

    private List<String> domains(JsonNode node, String pointer, String field, String who, boolean required,
            String councilId, Map<String, String> owners) {
        List<String> values = textList(node, pointer, field, who, required);
        Set<String> unique = new LinkedHashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String where = pointer + "/" + field + "/" + i;
            String domain = values.get(i).toLowerCase(Locale.ROOT);
            String wrong = domainProblem(domain);
            if (wrong != null) {
                problem(where, who, field + "[" + i + "]: '" + values.get(i) + "' " + wrong);
                continue;
            }
            String owner = owners.putIfAbsent(domain, councilId == null ? "?" : councilId);
            if (owner != null && !owner.equals(councilId)) {
                problem(where, who, field + "[" + i + "]: '" + domain + "' already belongs to council '" + owner
                        + "'; a suffix or email domain must identify exactly one council");
            }
            unique.add(domain);
        }
        return List.copyOf(unique);
    }

    /** @return what is wrong with a domain, or null when it is a plain ASCII domain name */
    static String domainProblem(String domain) {
        if (domain.length() > MAX_DOMAIN_LENGTH) {
            return "is longer than " + MAX_DOMAIN_LENGTH + " characters";
        }
        if (domain.contains("..") || domain.startsWith(".") || domain.endsWith(".")) {
            return "has an empty label (two dots together, or a dot at either end)";
        }
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(domain)) {
            String punycode;
            try {
                punycode = IDN.toASCII(domain);
            } catch (IllegalArgumentException e) {
                return "is not a domain name such as brent.gov.uk (" + e.getMessage() + ")";
            }
            return "is an internationalised domain name: write it in its ASCII (punycode) form, '" + punycode
                    + "', as the directory stores it";
        }
        if (!DOMAIN.matcher(domain).matches()) {
            return "is not a domain name such as brent.gov.uk (lower-case letters, digits and '-' in each label, "
                    + "no '-' at either end of a label)";
        }
        return null;
    }

    private Council.Directory directory(JsonNode node, String pointer, String who) {
        if (!node.isObject()) {
            problem(pointer, who, "'directory' is required: urls, baseDn, usersDn, bindDn and a bind credential");
            return null;
        }
        onlyFields(node, pointer, who, DIRECTORY_FIELDS);
        List<String> urls = new ArrayList<>();
        List<String> raw = textList(node, pointer, "urls", who + "directory.", true);
        for (int i = 0; i < raw.size(); i++) {
            String where = pointer + "/urls/" + i;
            String url = resolve(raw.get(i), where, who + "directory.urls[" + i + "]");
            if (url == null) {
                continue;
            }
            try {
                LDAPURL parsed = new LDAPURL(url);
                if (!parsed.hostProvided()) {
                    problem(where, who, "directory.urls[" + i + "]: '" + url + "' has no host");
                } else {
                    urls.add(parsed.getScheme() + "://" + parsed.getHost() + ":" + parsed.getPort());
                }
            } catch (LDAPException e) {
                problem(where, who, "directory.urls[" + i + "]: '" + url
                        + "' is not an LDAP URL (expected ldap://host:port or ldaps://host:port)");
            }
        }
        String baseDn = dn(node, pointer, "baseDn", who);
        String usersDn = dn(node, pointer, "usersDn", who);
        String bindDn = dn(node, pointer, "bindDn", who);
        if (baseDn != null && usersDn != null && !isWithin(usersDn, baseDn)) {
            problem(pointer + "/usersDn", who, "directory.usersDn '" + usersDn + "' is not under baseDn '" + baseDn + "'");
        }
        String credential = bindCredential(node, pointer, who);
        int connectTimeout = millis(node, pointer, "connectTimeoutMillis", who, DEFAULT_CONNECT_TIMEOUT_MILLIS);
        int readTimeout = millis(node, pointer, "readTimeoutMillis", who, DEFAULT_READ_TIMEOUT_MILLIS);
        int deadline = deadline(node, pointer, who, connectTimeout, readTimeout);
        boolean startTls = flag(node, pointer, "startTls", who);
        boolean allowPlaintext = flag(node, pointer, "allowPlaintext", who);
        boolean ldaps = !urls.isEmpty() && urls.get(0).startsWith("ldaps:");
        if (urls.stream().map(u -> u.startsWith("ldaps:")).distinct().count() > 1) {
            problem(pointer + "/urls", who, "directory.urls mix ldap:// and ldaps://; use one scheme for all of a council's DCs");
        }
        if (startTls && ldaps) {
            problem(pointer + "/startTls", who, "directory.startTls is for ldap:// URLs; ldaps:// connections are TLS already");
        }
        if (!ldaps && !urls.isEmpty() && !startTls && !allowPlaintext) {
            problem(pointer + "/urls", who, "directory.urls are plain ldap:// without startTls: staff passwords would "
                    + "cross the network in clear. Use ldaps:// URLs or startTls: true; only for a directory on "
                    + "loopback or an otherwise protected link, say allowPlaintext: true");
        }
        String trusted = caFile(node, pointer, who);
        if (trusted != null && !trusted.isEmpty() && !ldaps && !startTls) {
            problem(pointer + "/caFile", who, "directory.caFile is only used over TLS: use ldaps:// URLs or startTls: true");
        }
        String groupResolution = text(node, pointer, "groupResolution", who + "directory.", false);
        if (groupResolution != null && !GROUP_RESOLUTIONS.contains(groupResolution)) {
            problem(pointer + "/groupResolution", who, "directory.groupResolution must be auto, in-chain or walk, not '"
                    + groupResolution + "'");
        }
        if (urls.isEmpty() || baseDn == null || usersDn == null || bindDn == null || credential == null) {
            return null;
        }
        return new Council.Directory(urls, baseDn, usersDn, bindDn, credential, connectTimeout, readTimeout, startTls,
                trusted == null ? "" : trusted, groupResolution == null ? "auto" : groupResolution, allowPlaintext,
                deadline);
    }

    private boolean flag(JsonNode node, String pointer, String field, String who) {
        JsonNode value = node.get(field);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            problem(pointer + "/" + field, who, "directory." + field + " must be true or false, not '" + value.asText() + "'");
            return false;
        }
        return value.booleanValue();
    }

    /**
     * The time one sign-in may spend on the directory. Longer than both timeouts: a DC that never
     * answers is left for the next one only after them, and the next one needs time to answer.
     */
    private int deadline(JsonNode node, String pointer, String who, int connectTimeout, int readTimeout) {
        JsonNode value = node.get("deadlineMillis");
        int deadline = millis(node, pointer, "deadlineMillis", who, DEFAULT_DEADLINE_MILLIS);
        if (value != null && value.canConvertToInt() && value.isIntegralNumber() && deadline < MIN_DEADLINE_MILLIS) {
            problem(pointer + "/deadlineMillis", who, "directory.deadlineMillis must be at least " + MIN_DEADLINE_MILLIS
                    + " ms, not " + deadline);
        } else if (deadline <= connectTimeout || deadline <= readTimeout) {
            problem(pointer + (value != null ? "/deadlineMillis" : ""), who, "directory.deadlineMillis ("
                    + deadline + (value == null ? ", the default" : "") + ") must be longer than connectTimeoutMillis ("
                    + connectTimeout + ") and readTimeoutMillis (" + readTimeout + "): a DC that never answers is left "
                    + "for the next one only after those, and the next one needs time within the deadline");
        }
        return deadline;
    }

    /** The council's CA certificates (PEM), read from {@code caFile} beside the councils file. */
    private String caFile(JsonNode node, String pointer, String who) {
        String raw = text(node, pointer, "caFile", who + "directory.", false);
        if (raw == null) {
            return "";
        }
        String path = resolve(raw, pointer + "/caFile", who + "directory.caFile");
        if (path == null) {
            return null;
        }
        Path file = yaml.file().toAbsolutePath().getParent().resolve(path);
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            problem(pointer + "/caFile", who, "directory.caFile '" + path + "' cannot be read");
            return null;
        }
        try {
            java.util.Collection<? extends java.security.cert.Certificate> certificates = java.security.cert.CertificateFactory
                    .getInstance("X.509").generateCertificates(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certificates.isEmpty()) {
                problem(pointer + "/caFile", who, "directory.caFile '" + path + "' holds no certificate (expected PEM: "
                        + "-----BEGIN CERTIFICATE-----)");
                return null;
            }
        } catch (java.security.cert.CertificateException e) {
            problem(pointer + "/caFile", who, "directory.caFile '" + path + "' is not a PEM certificate file ("
                    + e.getMessage() + ")");
            return null;
        }
        return pem.strip();
    }

    private String bindCredential(JsonNode node, String pointer, String who) {
        boolean inline = node.has("bindCredential");
        boolean file = node.has("bindCredentialFile");
        if (inline == file) {
            problem(pointer, who, "directory needs exactly one of bindCredential (usually ${SOME_VARIABLE}) "
                    + "or bindCredentialFile (a path to a file holding the secret)");
            return null;
        }
        if (inline) {
            String raw = text(node, pointer, "bindCredential", who + "directory.", true);
            String value = resolve(raw, pointer + "/bindCredential", who + "directory.bindCredential");
            if (value != null && value.isEmpty()) {
                problem(pointer + "/bindCredential", who, "directory.bindCredential is empty");
                return null;
            }
            return value;
        }
        String raw = text(node, pointer, "bindCredentialFile", who + "directory.", true);
        String path = resolve(raw, pointer + "/bindCredentialFile", who + "directory.bindCredentialFile");
        if (path == null) {
            return null;
        }
        Path secretFile = yaml.file().toAbsolutePath().getParent().resolve(path);
        try {
            String secret = Files.readString(secretFile, StandardCharsets.UTF_8).strip();
            if (secret.isEmpty()) {
                problem(pointer + "/bindCredentialFile", who, "directory.bindCredentialFile '" + path + "' is empty");
                return null;
            }
            return secret;
        } catch (IOException e) {
            problem(pointer + "/bindCredentialFile", who, "directory.bindCredentialFile '" + path + "' cannot be read");
            return null;
        }
    }

    private String dn(JsonNode node, String pointer, String field, String who) {
        String raw = text(node, pointer, field, who + "directory.", true);
        String value = resolve(raw, pointer + "/" + field, who + "directory." + field);
        if (value == null) {
            return null;
        }
        try {
            return new DN(value).toString();
        } catch (LDAPException e) {
            problem(pointer + "/" + field, who, "directory." + field + ": '" + value + "' is not a valid DN ("
                    + e.getDiagnosticMessage() + ")");
            return null;
        }
    }

    private static boolean isWithin(String dn, String base) {
        try {
            return new DN(dn).isDescendantOf(new DN(base), true);
        } catch (LDAPException e) {
            return false;
        }
    }

    private int millis(JsonNode node, String pointer, String field, String who, int defaultValue) {
        JsonNode value = node.get(field);
        if (value == null) {
            return defaultValue;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 100
                || value.intValue() > MAX_TIMEOUT_MILLIS) {
            problem(pointer + "/" + field, who, "directory." + field + " must be a whole number of milliseconds between 100 and "
                    + MAX_TIMEOUT_MILLIS + ", not '" + value.asText() + "'");
            return defaultValue;
        }
        return value.intValue();
    }

    private SharedService sharedService(JsonNode node, String pointer, List<Council> councils,
            Map<String, String> serviceOf) {
        if (!node.isObject()) {
            problem(pointer, "", "each shared service must be a mapping with id, displayName and councils");
            return null;
        }
        String id = text(node, pointer, "id", "", true);
        String who = id == null ? "" : "shared service '" + id + "': ";
        onlyFields(node, pointer, who, SERVICE_FIELDS);
        if (id != null && !COUNCIL_ID.matcher(id).matches()) {
            problem(pointer + "/id", who, "id must be lower-case letters, digits or '-', starting with a letter");
        }
        String displayName = text(node, pointer, "displayName", who, true);
        List<String> members = textList(node, pointer, "councils", who, true);
        for (int i = 0; i < members.size(); i++) {
            String member = members.get(i);
            if (councils.stream().noneMatch(c -> c.id().equals(member))) {
                problem(pointer + "/councils/" + i, who, "council '" + member + "' is not declared under 'councils'");
            } else if (id != null) {
                String other = serviceOf.putIfAbsent(member, id);
                if (other != null) {
                    problem(pointer + "/councils/" + i, who, "council '" + member + "' already belongs to shared service '"
                            + other + "'");
                }
            }
        }
        return id == null || displayName == null ? null : new SharedService(id, displayName, members);
    }

    private void onlyFields(JsonNode node, String pointer, String who, Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                problem(pointer + "/" + name, who, "unknown field '" + name + "' (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private String text(JsonNode node, String pointer, String field, String who, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problem(pointer, who, "'" + field + "' is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            problem(pointer + "/" + field, who, "'" + field + "' must be non-empty text");
            return null;
        }
        return value.asText().strip();
    }

    private List<String> textList(JsonNode node, String pointer, String field, String who, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problem(pointer, who, "'" + field + "' is required (a list)");
            }
            return List.of();
        }
        if (!value.isArray() || (required && value.isEmpty())) {
            problem(pointer + "/" + field, who, "'" + field + "' must be a non-empty list");
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                problem(pointer + "/" + field + "/" + i, who, field + "[" + i + "] must be non-empty text");
            } else {
                values.add(item.asText().strip());
            }
        }
        return values;
    }

    private String resolve(String raw, String pointer, String what) {
        if (raw == null) {
            return null;
        }
        try {
            return variables.resolve(raw, what);
        } catch (ConfigurationException e) {
            problem(pointer, "", e.getMessage());
            return null;
        }
    }

    private void problem(String pointer, String who, String message) {
        problems.add(yaml.at(pointer) + ": " + who + message);
    }
}
