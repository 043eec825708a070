package uk.boroughbroker.realms;

import java.io.IOException;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;

import uk.boroughbroker.model.directory.DirectorySetting;
import uk.boroughbroker.model.directory.DirectorySettings;
import uk.boroughbroker.model.directory.PemCertificates;
import uk.boroughbroker.model.names.CouncilNames;

/**
 * Reads and validates a councils file. Every problem found is reported at once, each with file,
 * line, council and field, so an operator can fix the file in one pass; nothing is returned unless
 * the whole file is valid.
 */
public final class CouncilsLoader {

    private static final Set<String> TOP_FIELDS = Set.of("sharedServices", "councils");
    private static final Set<String> SERVICE_FIELDS = Set.of("id", "displayName", "councils");
    private static final Set<String> COUNCIL_FIELDS = Set.of("id", "displayName", "netbiosName", "upnSuffixes",
            "emailDomains", "directory");
    /** The directory block: where the DCs are, how to bind, and every tuning setting the federation declares. */
    private static final Set<String> DIRECTORY_FIELDS = directoryFields();

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
        if (id != null && !CouncilNames.isCouncilId(id)) {
            problem(pointer + "/id", who, "id must be " + CouncilNames.COUNCIL_ID_RULE);
        }
        if (id != null && seen.stream().anyMatch(c -> c.id().equals(id))) {
            problem(pointer + "/id", who, "id is used by another council");
        }
        String displayName = text(node, pointer, "displayName", who, true);
        String netbios = text(node, pointer, "netbiosName", who, false);
        if (netbios != null && !CouncilNames.isNetbiosName(netbios)) {
            problem(pointer + "/netbiosName", who, "netbiosName '" + netbios + "' must be " + CouncilNames.NETBIOS_RULE);
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
            Optional<String> wrong = CouncilNames.domainProblem(domain);
            if (wrong.isPresent()) {
                problem(where, who, field + "[" + i + "]: '" + values.get(i) + "' " + wrong.get());
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
        int connectTimeout = DirectorySettings.CONNECT_TIMEOUT.number(setting(node, pointer, who,
                DirectorySettings.CONNECT_TIMEOUT));
        int readTimeout = DirectorySettings.READ_TIMEOUT.number(setting(node, pointer, who, DirectorySettings.READ_TIMEOUT));
        int deadline = deadline(node, pointer, who, connectTimeout, readTimeout);
        boolean startTls = DirectorySettings.START_TLS.flag(setting(node, pointer, who, DirectorySettings.START_TLS));
        boolean allowPlaintext = DirectorySettings.ALLOW_PLAINTEXT.flag(setting(node, pointer, who,
                DirectorySettings.ALLOW_PLAINTEXT));
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
        String groupResolution = DirectorySettings.GROUP_RESOLUTION.choice(setting(node, pointer, who,
                DirectorySettings.GROUP_RESOLUTION));
        Map<String, String> tuning = new java.util.TreeMap<>();
        for (DirectorySetting setting : DirectorySettings.TUNING) {
            String value = CHECKED_APART.contains(setting) ? null : setting(node, pointer, who, setting);
            if (value != null) {
                tuning.put(setting.key(), value);
            }
        }
        if (urls.isEmpty() || baseDn == null || usersDn == null || bindDn == null || credential == null) {
            return null;
        }
        return new Council.Directory(urls, baseDn, usersDn, bindDn, credential, connectTimeout, readTimeout, startTls,
                trusted == null ? "" : trusted, groupResolution, allowPlaintext, deadline, tuning);
    }

    /** The tuning settings with a record component of their own; the rest go into {@code tuning}. */
    private static final Set<DirectorySetting> CHECKED_APART = Set.of(DirectorySettings.CONNECT_TIMEOUT,
            DirectorySettings.READ_TIMEOUT, DirectorySettings.DEADLINE, DirectorySettings.START_TLS,
            DirectorySettings.ALLOW_PLAINTEXT, DirectorySettings.GROUP_RESOLUTION);

    private static Set<String> directoryFields() {
        Set<String> fields = new java.util.TreeSet<>(Set.of("baseDn", "bindCredentialFile"));
        for (DirectorySetting setting : DirectorySettings.ALL) {
            if (!List.of(DirectorySettings.DISPLAY_NAME, DirectorySettings.UPN_SUFFIXES, DirectorySettings.EMAIL_DOMAINS,
                    DirectorySettings.NETBIOS_NAME).contains(setting)) {
                fields.add(setting.fileField());
            }
        }
        return Set.copyOf(fields);
    }

    /**
     * A setting of the directory block, checked against its declaration (a number, a flag or one of
     * its choices, within its bounds). @return its value as text, or null when left out or wrong
     */
    private String setting(JsonNode node, String pointer, String who, DirectorySetting setting) {
        JsonNode value = node.get(setting.fileField());
        if (value == null || value.isNull()) {
            return null;
        }
        String where = pointer + "/" + setting.fileField();
        String name = "directory." + setting.fileField();
        boolean rightType = switch (setting.kind()) {
            case NUMBER -> value.isIntegralNumber() && value.canConvertToInt();
            case FLAG -> value.isBoolean();
            default -> value.isTextual();
        };
        Optional<String> wrong = rightType ? setting.problem(value.asText())
                : setting.problem(value.asText()).or(() -> Optional.of(setting.kind() == DirectorySetting.Kind.NUMBER
                        ? "must be a whole number, not '" + value.asText() + "'"
                        : setting.kind() == DirectorySetting.Kind.FLAG
                                ? "must be true or false, not '" + value.asText() + "'"
                                : "must be text, not '" + value.asText() + "'"));
        if (wrong.isPresent()) {
            problem(where, who, name + " " + wrong.get());
            return null;
        }
        return value.asText();
    }

    /**
     * The time one sign-in may spend on the directory. Longer than both timeouts: a DC that never
     * answers is left for the next one only after them, and the next one needs time to answer.
     */
    private int deadline(JsonNode node, String pointer, String who, int connectTimeout, int readTimeout) {
        JsonNode value = node.get(DirectorySettings.DEADLINE.fileField());
        String given = setting(node, pointer, who, DirectorySettings.DEADLINE);
        int deadline = DirectorySettings.DEADLINE.number(given);
        if (value != null && given == null) {
            return deadline; // already reported
        }
        if (deadline <= connectTimeout || deadline <= readTimeout) {
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
            PemCertificates.read(pem);
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

    private SharedService sharedService(JsonNode node, String pointer, List<Council> councils,
            Map<String, String> serviceOf) {
        if (!node.isObject()) {
            problem(pointer, "", "each shared service must be a mapping with id, displayName and councils");
            return null;
        }
        String id = text(node, pointer, "id", "", true);
        String who = id == null ? "" : "shared service '" + id + "': ";
        onlyFields(node, pointer, who, SERVICE_FIELDS);
        if (id != null && !CouncilNames.isCouncilId(id)) {
            problem(pointer + "/id", who, "id must be " + CouncilNames.COUNCIL_ID_RULE);
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
