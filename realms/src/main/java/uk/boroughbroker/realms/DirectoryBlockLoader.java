package uk.boroughbroker.realms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;

import uk.boroughbroker.model.directory.DirectorySetting;
import uk.boroughbroker.model.directory.DirectorySettings;
import uk.boroughbroker.model.directory.PemCertificates;

/**
 * Reads and checks one council's {@code directory} block of a councils file: where its domain
 * controllers are, how the broker binds (a credential from a variable or a file beside the councils
 * file), TLS, timeouts and group resolution. Its problems join the councils file's own
 * ({@link YamlChecks}), so that every problem of the file is reported at once.
 */
final class DirectoryBlockLoader {

    /** Settings of the council itself (its top-level fields), not of its directory block. */
    private static final Set<DirectorySetting> COUNCIL_LEVEL = Set.of(DirectorySettings.DISPLAY_NAME,
            DirectorySettings.UPN_SUFFIXES, DirectorySettings.EMAIL_DOMAINS, DirectorySettings.NETBIOS_NAME);
    /** The directory block: where the DCs are, how to bind, and every tuning setting the federation declares. */
    private static final Set<String> DIRECTORY_FIELDS = directoryFields();
    /** The tuning settings with a record component of their own; the rest go into {@code tuning}. */
    private static final Set<DirectorySetting> CHECKED_APART = Set.of(DirectorySettings.CONNECT_TIMEOUT,
            DirectorySettings.READ_TIMEOUT, DirectorySettings.DEADLINE, DirectorySettings.START_TLS,
            DirectorySettings.ALLOW_PLAINTEXT, DirectorySettings.GROUP_RESOLUTION);

    private final YamlChecks checks;
    private final Variables variables;

    DirectoryBlockLoader(YamlChecks checks, Variables variables) {
        this.checks = checks;
        this.variables = variables;
    }

    /**
     * @param who whose block it is ("council 'brent': "), for the problems
     * @return the directory, or null when something required is missing or wrong (a problem says what)
     */
    Council.Directory read(JsonNode node, String pointer, String who) {
        if (!node.isObject()) {
            checks.problem(pointer, who, "'directory' is required: urls, baseDn, usersDn, bindDn and a bind credential");
            return null;
        }
        checks.onlyFields(node, pointer, who, DIRECTORY_FIELDS);
        List<String> urls = new ArrayList<>();
        List<String> raw = checks.textList(node, pointer, "urls", who + "directory.", true);
        for (int i = 0; i < raw.size(); i++) {
            String where = pointer + "/urls/" + i;
            String url = checks.resolve(variables, raw.get(i), where, "", who + "directory.urls[" + i + "]");
            if (url == null) {
                continue;
            }
            try {
                LDAPURL parsed = new LDAPURL(url);
                if (!parsed.hostProvided()) {
                    checks.problem(where, who, "directory.urls[" + i + "]: '" + url + "' has no host");
                } else {
                    urls.add(parsed.getScheme() + "://" + parsed.getHost() + ":" + parsed.getPort());
                }
            } catch (LDAPException e) {
                checks.problem(where, who, "directory.urls[" + i + "]: '" + url
                        + "' is not an LDAP URL (expected ldap://host:port or ldaps://host:port)");
            }
        }
        String baseDn = dn(node, pointer, "baseDn", who);
        String usersDn = dn(node, pointer, "usersDn", who);
        String bindDn = dn(node, pointer, "bindDn", who);
        if (baseDn != null && usersDn != null && !isWithin(usersDn, baseDn)) {
            checks.problem(pointer + "/usersDn", who, "directory.usersDn '" + usersDn + "' is not under baseDn '" + baseDn + "'");
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
            checks.problem(pointer + "/urls", who, "directory.urls mix ldap:// and ldaps://; use one scheme for all of a council's DCs");
        }
        if (startTls && ldaps) {
            checks.problem(pointer + "/startTls", who, "directory.startTls is for ldap:// URLs; ldaps:// connections are TLS already");
        }
        if (!ldaps && !urls.isEmpty() && !startTls && !allowPlaintext) {
            checks.problem(pointer + "/urls", who, "directory.urls are plain ldap:// without startTls: staff passwords would "
                    + "cross the network in clear. Use ldaps:// URLs or startTls: true; only for a directory on "
                    + "loopback or an otherwise protected link, say allowPlaintext: true");
        }
        String trusted = caFile(node, pointer, who);
        if (trusted != null && !trusted.isEmpty() && !ldaps && !startTls) {
            checks.problem(pointer + "/caFile", who, "directory.caFile is only used over TLS: use ldaps:// URLs or startTls: true");
        }
        String groupResolution = DirectorySettings.GROUP_RESOLUTION.choice(setting(node, pointer, who,
                DirectorySettings.GROUP_RESOLUTION));
        Map<String, String> tuning = new TreeMap<>();
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

    private static Set<String> directoryFields() {
        Set<String> fields = new TreeSet<>(Set.of("baseDn", "bindCredentialFile"));
        DirectorySettings.ALL.stream().filter(s -> !COUNCIL_LEVEL.contains(s)).forEach(s -> fields.add(s.fileField()));
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
        boolean rightType = switch (setting.kind()) {
            case NUMBER -> value.isIntegralNumber() && value.canConvertToInt();
            case FLAG -> value.isBoolean();
            default -> value.isTextual();
        };
        Optional<String> wrong = setting.problem(value.asText());
        if (wrong.isEmpty() && !rightType) {
            wrong = Optional.of(switch (setting.kind()) {
                case NUMBER -> "must be a whole number, not '" + value.asText() + "'";
                case FLAG -> "must be true or false, not '" + value.asText() + "'";
                default -> "must be text, not '" + value.asText() + "'";
            });
        }
        if (wrong.isPresent()) {
            checks.problem(pointer + "/" + setting.fileField(), who, "directory." + setting.fileField() + " " + wrong.get());
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
            return deadline; // its problem is reported already
        }
        if (deadline <= connectTimeout || deadline <= readTimeout) {
            checks.problem(pointer + (value != null ? "/deadlineMillis" : ""), who, "directory.deadlineMillis ("
                    + deadline + (value == null ? ", the default" : "") + ") must be longer than connectTimeoutMillis ("
                    + connectTimeout + ") and readTimeoutMillis (" + readTimeout + "): a DC that never answers is left "
                    + "for the next one only after those, and the next one needs time within the deadline");
        }
        return deadline;
    }

    /** The council's CA certificates (PEM), read from {@code caFile} beside the councils file. */
    private String caFile(JsonNode node, String pointer, String who) {
        String raw = checks.text(node, pointer, "caFile", who + "directory.", false);
        if (raw == null) {
            return "";
        }
        String path = checks.resolve(variables, raw, pointer + "/caFile", "", who + "directory.caFile");
        if (path == null) {
            return null;
        }
        Path file = checks.file().toAbsolutePath().getParent().resolve(path);
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            checks.problem(pointer + "/caFile", who, "directory.caFile '" + path + "' cannot be read");
            return null;
        }
        try {
            PemCertificates.read(pem);
        } catch (java.security.cert.CertificateException e) {
            checks.problem(pointer + "/caFile", who, "directory.caFile '" + path + "' is not a PEM certificate file ("
                    + e.getMessage() + ")");
            return null;
        }
        return pem.strip();
    }

    private String bindCredential(JsonNode node, String pointer, String who) {
        boolean inline = node.has("bindCredential");
        boolean file = node.has("bindCredentialFile");
        if (inline == file) {
            checks.problem(pointer, who, "directory needs exactly one of bindCredential (usually ${SOME_VARIABLE}) "
                    + "or bindCredentialFile (a path to a file holding the secret)");
            return null;
        }
        if (inline) {
            String raw = checks.text(node, pointer, "bindCredential", who + "directory.", true);
            String value = checks.resolve(variables, raw, pointer + "/bindCredential", "",
                    who + "directory.bindCredential");
            if (value != null && value.isEmpty()) {
                checks.problem(pointer + "/bindCredential", who, "directory.bindCredential is empty");
                return null;
            }
            return value;
        }
        String raw = checks.text(node, pointer, "bindCredentialFile", who + "directory.", true);
        String path = checks.resolve(variables, raw, pointer + "/bindCredentialFile", "",
                who + "directory.bindCredentialFile");
        if (path == null) {
            return null;
        }
        Path secretFile = checks.file().toAbsolutePath().getParent().resolve(path);
        try {
            String secret = Files.readString(secretFile, StandardCharsets.UTF_8).strip();
            if (secret.isEmpty()) {
                checks.problem(pointer + "/bindCredentialFile", who, "directory.bindCredentialFile '" + path + "' is empty");
                return null;
            }
            return secret;
        } catch (IOException e) {
            checks.problem(pointer + "/bindCredentialFile", who, "directory.bindCredentialFile '" + path + "' cannot be read");
            return null;
        }
    }

    private String dn(JsonNode node, String pointer, String field, String who) {
        String raw = checks.text(node, pointer, field, who + "directory.", true);
        String value = checks.resolve(variables, raw, pointer + "/" + field, "", who + "directory." + field);
        if (value == null) {
            return null;
        }
        try {
            return new DN(value).toString();
        } catch (LDAPException e) {
            checks.problem(pointer + "/" + field, who, "directory." + field + ": '" + value + "' is not a valid DN ("
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
}
