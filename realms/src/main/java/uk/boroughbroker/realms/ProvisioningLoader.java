package uk.boroughbroker.realms;

import static uk.boroughbroker.model.provisioning.ScimSystemKeys.ALLOW_PLAIN_HTTP;
import static uk.boroughbroker.model.provisioning.ScimSystemKeys.AUTH;
import static uk.boroughbroker.model.provisioning.ScimSystemKeys.AUTH_BEARER_FILE;
import static uk.boroughbroker.model.provisioning.ScimSystemKeys.AUTH_CLIENT_CREDENTIALS;
import static uk.boroughbroker.model.provisioning.ScimSystemKeys.BASE_URL;
import static uk.boroughbroker.model.provisioning.ScimSystemKeys.BEARER_TOKEN_FILE;
import static uk.boroughbroker.model.provisioning.ScimSystemKeys.CLIENT_ID;
import static uk.boroughbroker.model.provisioning.ScimSystemKeys.CLIENT_SECRET_ENV;
import static uk.boroughbroker.model.provisioning.ScimSystemKeys.CLIENT_SECRET_FILE;
import static uk.boroughbroker.model.provisioning.ScimSystemKeys.COUNCILS;
import static uk.boroughbroker.model.provisioning.ScimSystemKeys.LEAVERS_DEACTIVATE;
import static uk.boroughbroker.model.provisioning.ScimSystemKeys.LEAVERS_DELETE;
import static uk.boroughbroker.model.provisioning.ScimSystemKeys.LEAVER_ACTION;
import static uk.boroughbroker.model.provisioning.ScimSystemKeys.ROLES;
import static uk.boroughbroker.model.provisioning.ScimSystemKeys.TOKEN_URL;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import uk.boroughbroker.model.names.CouncilRole;
import uk.boroughbroker.model.provisioning.ScimSystemKeys;

/**
 * Reads and validates a provisioning file (the borough systems that get accounts over SCIM) against
 * the councils and the policy's role catalogue: every problem is reported at once as
 * {@code file:line: system 'x': reason}, and nothing is returned unless the whole file is valid.
 * Secrets never go in the file, only the file or environment variable that holds them.
 */
public final class ProvisioningLoader {

    public static final String FILE = "provisioning.yaml";
    private static final Pattern SYSTEM_ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> SYSTEM_FIELDS = Set.of("id", "enabled", "scim", "people", "leavers");
    private static final Set<String> PEOPLE_FIELDS = Set.of(COUNCILS, ROLES);
    private static final Set<String> SCIM_TEXT_FIELDS = Set.of(BASE_URL, AUTH, BEARER_TOKEN_FILE, TOKEN_URL,
            CLIENT_ID, CLIENT_SECRET_FILE, CLIENT_SECRET_ENV);
    /** Names under which people put a secret itself; refused, saying where it belongs instead. */
    private static final Set<String> INLINE_SECRETS = Set.of("clientSecret", "secret", "bearerToken", "token",
            "password");

    private final YamlChecks checks;
    private final Councils councils;
    private final Optional<Policy> policy;
    private final Variables variables;

    private ProvisioningLoader(YamlChecks checks, Councils councils, Optional<Policy> policy, Variables variables) {
        this.checks = checks;
        this.councils = councils;
        this.policy = policy;
        this.variables = variables;
    }

    /**
     * @param policy the role catalogue the systems' roles must come from (none: no roles may be named)
     * @throws ConfigurationException listing every problem in the file
     */
    public static Provisioning load(Path file, Councils councils, Optional<Policy> policy, Variables variables) {
        return YamlChecks.read(file, " is not a valid provisioning file; nothing of it was applied",
                checks -> new ProvisioningLoader(checks, councils, policy, variables).read());
    }

    private Provisioning read() {
        JsonNode root = checks.root();
        List<Provisioning.ScimSystem> systems = new ArrayList<>();
        if (root.isNull() || root.isMissingNode()) {
            return new Provisioning(checks.file(), systems);
        }
        if (!root.isObject()) {
            checks.problem("", "", "the file must be a mapping with 'systems'");
            return null;
        }
        checks.onlyFields(root, "", "", Set.of("systems"));
        JsonNode nodes = root.path("systems");
        if (!nodes.isMissingNode() && !nodes.isNull() && !nodes.isArray()) {
            checks.problem("/systems", "", "'systems' must be a list of systems, each with id, scim and people");
            return null;
        }
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; nodes.isArray() && i < nodes.size(); i++) {
            system(nodes.get(i), "/systems/" + i, seen).ifPresent(systems::add);
        }
        return new Provisioning(checks.file(), systems);
    }

    private Optional<Provisioning.ScimSystem> system(JsonNode node, String pointer, Map<String, String> seen) {
        if (!node.isObject()) {
            checks.problem(pointer, "", "each system must be a mapping with id, scim and people");
            return Optional.empty();
        }
        String id = checks.text(node, pointer, "id", "", true);
        String who = id == null ? "" : "system '" + id + "': ";
        checks.onlyFields(node, pointer, who, SYSTEM_FIELDS);
        if (id != null && !SYSTEM_ID.matcher(id).matches()) {
            checks.problem(pointer + "/id", who, "id must be lower-case letters, digits and '-', starting with a "
                    + "letter, such as camden-housing");
        }
        String first = id == null ? null : seen.putIfAbsent(id, checks.at(pointer + "/id"));
        if (first != null) {
            checks.problem(pointer + "/id", who, "id is already used by the system at " + first);
        }
        Map<String, List<String>> config = new LinkedHashMap<>();
        int before = checks.problemCount();
        scim(node.path("scim"), pointer + "/scim", who, config);
        people(node.path("people"), pointer + "/people", who, config);
        String leavers = checks.text(node, pointer, "leavers", who, false);
        if (leavers != null && !leavers.equals(LEAVERS_DEACTIVATE) && !leavers.equals(LEAVERS_DELETE)) {
            checks.problem(pointer + "/leavers", who, "leavers must be " + LEAVERS_DEACTIVATE
                    + " (the account is kept, inactive) or " + LEAVERS_DELETE + " (the account is deleted)");
        }
        config.put(LEAVER_ACTION, List.of(leavers == null ? LEAVERS_DEACTIVATE : leavers));
        boolean enabled = enabled(node, pointer, who);
        if (id == null || first != null || checks.problemCount() > before || !enabled) {
            // A system switched off is checked like any other, then left out as if not declared.
            return Optional.empty();
        }
        return Optional.of(new Provisioning.ScimSystem(id, config));
    }

    private void scim(JsonNode node, String pointer, String who, Map<String, List<String>> config) {
        if (!node.isObject()) {
            checks.problem(pointer, who, "'scim' is required: a mapping with baseUrl and auth");
            return;
        }
        Set<String> allowed = new TreeSet<>(SCIM_TEXT_FIELDS);
        allowed.add(ALLOW_PLAIN_HTTP);
        allowed.add(ScimSystemKeys.GROUPS);
        ScimSystemKeys.NUMBERS.forEach(n -> allowed.add(n.key()));
        for (String secret : INLINE_SECRETS) {
            if (node.has(secret)) {
                checks.problem(pointer + "/" + secret, who, "'" + secret + "': never put a secret in the file; name "
                        + "where it is read instead (" + CLIENT_SECRET_FILE + ", " + CLIENT_SECRET_ENV + " or "
                        + BEARER_TOKEN_FILE + ")");
            }
        }
        allowed.addAll(INLINE_SECRETS);
        checks.onlyFields(node, pointer, who, allowed);
        Map<String, String> text = new HashMap<>();
        for (String field : SCIM_TEXT_FIELDS) {
            String value = resolve(checks.text(node, pointer, field, who, false), pointer + "/" + field, who, field);
            if (value != null) {
                text.put(field, value);
                config.put(field, List.of(value));
            }
        }
        JsonNode plain = node.path(ALLOW_PLAIN_HTTP);
        if (!plain.isMissingNode() && !plain.isBoolean()) {
            checks.problem(pointer + "/" + ALLOW_PLAIN_HTTP, who, ALLOW_PLAIN_HTTP + " must be true or false");
        }
        boolean plainHttp = plain.asBoolean(false);
        config.put(ALLOW_PLAIN_HTTP, List.of(String.valueOf(plainHttp)));
        JsonNode groups = node.path(ScimSystemKeys.GROUPS);
        if (!groups.isMissingNode() && !groups.isBoolean()) {
            checks.problem(pointer + "/" + ScimSystemKeys.GROUPS, who, ScimSystemKeys.GROUPS
                    + " must be true (council roles as SCIM groups; the system serves /Groups) or false");
        }
        config.put(ScimSystemKeys.GROUPS, List.of(String.valueOf(groups.asBoolean(false))));
        url(text.get(BASE_URL), pointer, BASE_URL, who, plainHttp);
        auth(text, pointer, who, plainHttp);
        for (ScimSystemKeys.Number number : ScimSystemKeys.NUMBERS) {
            JsonNode value = node.path(number.key());
            if (value.isMissingNode()) {
                continue;
            }
            if (!value.canConvertToInt() || !value.isIntegralNumber() || !number.allows(value.intValue())) {
                checks.problem(pointer + "/" + number.key(), who, number.key() + " must be a whole number from "
                        + number.min() + " to " + number.max() + " (left out: " + number.fallback() + ")");
            } else {
                config.put(number.key(), List.of(String.valueOf(value.intValue())));
            }
        }
    }

    private void auth(Map<String, String> text, String pointer, String who, boolean plainHttp) {
        String auth = text.get(AUTH);
        if (AUTH_BEARER_FILE.equals(auth)) {
            if (!text.containsKey(BEARER_TOKEN_FILE)) {
                checks.problem(pointer, who, "auth " + AUTH_BEARER_FILE + " needs " + BEARER_TOKEN_FILE
                        + ": the path of the file holding the bearer token");
            }
            onlyFor(text, pointer, who, AUTH_BEARER_FILE, TOKEN_URL, CLIENT_ID, CLIENT_SECRET_FILE, CLIENT_SECRET_ENV);
        } else if (AUTH_CLIENT_CREDENTIALS.equals(auth)) {
            url(text.get(TOKEN_URL), pointer, TOKEN_URL, who, plainHttp);
            if (!text.containsKey(CLIENT_ID)) {
                checks.problem(pointer, who, "auth " + AUTH_CLIENT_CREDENTIALS + " needs " + CLIENT_ID
                        + ": the OAuth client id the system issued to the broker");
            }
            if (text.containsKey(CLIENT_SECRET_FILE) == text.containsKey(CLIENT_SECRET_ENV)) {
                checks.problem(pointer, who, "auth " + AUTH_CLIENT_CREDENTIALS + " needs exactly one of "
                        + CLIENT_SECRET_FILE + " (a file holding the client secret) or " + CLIENT_SECRET_ENV
                        + " (the name of an environment variable holding it)");
            }
            String env = text.get(CLIENT_SECRET_ENV);
            if (env != null && !ENV_NAME.matcher(env).matches()) {
                checks.problem(pointer + "/" + CLIENT_SECRET_ENV, who, CLIENT_SECRET_ENV + " must be the NAME of an "
                        + "environment variable (such as CAMDEN_HOUSING_SECRET), never the secret itself");
            }
            onlyFor(text, pointer, who, AUTH_CLIENT_CREDENTIALS, BEARER_TOKEN_FILE);
        } else {
            checks.problem(pointer + (auth == null ? "" : "/" + AUTH), who, "auth must be " + AUTH_BEARER_FILE
                    + " (with " + BEARER_TOKEN_FILE + ") or " + AUTH_CLIENT_CREDENTIALS + " (with " + TOKEN_URL + ", "
                    + CLIENT_ID + " and " + CLIENT_SECRET_FILE + " or " + CLIENT_SECRET_ENV + ")");
        }
    }

    /** Settings of the other kind of auth would be ignored; said, so that nobody thinks they are used. */
    private void onlyFor(Map<String, String> text, String pointer, String who, String auth, String... others) {
        for (String other : others) {
            if (text.containsKey(other)) {
                checks.problem(pointer + "/" + other, who, other + " is not used with auth " + auth + "; remove it");
            }
        }
    }

    private void url(String value, String pointer, String key, String who, boolean plainHttp) {
        if (value == null) {
            checks.problem(pointer, who, key + " is required, such as https://housing.example.gov.uk/scim/v2");
            return;
        }
        String at = pointer + "/" + key;
        try {
            URI uri = new URI(value);
            String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
                checks.problem(at, who, key + " '" + value + "' is not an http(s) URL with a host");
            } else if (scheme.equals("http") && !plainHttp) {
                checks.problem(at, who, key + " '" + value + "' is plain http; use https, or set " + ALLOW_PLAIN_HTTP
                        + ": true to send personal details unencrypted on purpose");
            }
        } catch (URISyntaxException e) {
            checks.problem(at, who, key + " '" + value + "' is not a URL (" + e.getReason() + ")");
        }
    }

    private void people(JsonNode node, String pointer, String who, Map<String, List<String>> config) {
        if (!node.isObject()) {
            checks.problem(pointer, who, "'people' is required: a mapping with councils (and roles, if only "
                    + "holders of those roles get an account)");
            return;
        }
        checks.onlyFields(node, pointer, who, PEOPLE_FIELDS);
        List<String> ids = checks.textList(node, pointer, COUNCILS, who, true);
        for (int i = 0; i < ids.size(); i++) {
            if (councils.find(ids.get(i)).isEmpty()) {
                checks.problem(pointer + "/" + COUNCILS + "/" + i, who, "council '" + ids.get(i) + "' is not in "
                        + councils.source().getFileName() + " (known: " + String.join(", ", councils.ids()) + ")");
            }
        }
        List<String> roles = checks.textList(node, pointer, ROLES, who, false);
        for (int i = 0; i < roles.size(); i++) {
            String role = roles.get(i);
            if (policy.isEmpty()) {
                checks.problem(pointer + "/" + ROLES + "/" + i, who, "role '" + role + "': there is no "
                        + RealmDefinition.POLICY_FILE + " beside " + councils.source().getFileName()
                        + ", so no role catalogue to name it from");
            } else if (!policy.get().roles().containsKey(role)) {
                checks.problem(pointer + "/" + ROLES + "/" + i, who, "role '" + role + "' is not in the catalogue ("
                        + "'roles' in " + policy.get().source().getFileName() + ")");
            }
        }
        config.put(COUNCILS, List.copyOf(new TreeSet<>(ids)));
        // The extension matches realm roles, which are per council: a catalogue role held at any of the
        // system's councils qualifies a person of that council (ScimSystemConfig.qualifies).
        List<String> councilRoles = new ArrayList<>();
        new TreeSet<>(ids).forEach(c -> new TreeSet<>(roles).forEach(r -> councilRoles.add(CouncilRole.name(c, r))));
        config.put(ROLES, councilRoles);
    }

    /**
     * {@code enabled}: true when left out; false leaves the system out as if the file did not declare it
     * (so {@code --prune} removes it). A variable may decide, such as {@code ${DEMO_HOUSING_SYSTEM:-false}}:
     * the demo declares a system that only {@code ./broker.sh up} runs.
     */
    private boolean enabled(JsonNode node, String pointer, String who) {
        JsonNode value = node.path("enabled");
        if (value.isMissingNode() || value.isBoolean()) {
            return value.asBoolean(true);
        }
        String text = value.isTextual() ? resolve(value.asText(), pointer + "/enabled", who, "enabled") : null;
        if ("true".equals(text) || "false".equals(text)) {
            return Boolean.parseBoolean(text);
        }
        if (!value.isTextual() || text != null) {
            checks.problem(pointer + "/enabled", who, "enabled must be true or false (left out: true)");
        }
        return false;
    }

    private String resolve(String raw, String pointer, String who, String field) {
        if (raw == null) {
            return null;
        }
        try {
            return variables.resolve(raw, field);
        } catch (ConfigurationException e) {
            checks.problem(pointer, who, e.getMessage());
            return null;
        }
    }
}
