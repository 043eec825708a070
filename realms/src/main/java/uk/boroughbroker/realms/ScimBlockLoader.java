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
import static uk.boroughbroker.model.provisioning.ScimSystemKeys.TOKEN_URL;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import uk.boroughbroker.model.provisioning.ScimSystemKeys;

/**
 * The {@code scim} block of one system in {@code provisioning.yaml}: the system's endpoint, how the
 * broker proves itself (never the secret itself) and the numbers, each problem named at its line, as
 * {@link DirectoryBlockLoader} does for a council's {@code directory} block.
 */
final class ScimBlockLoader {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> SCIM_TEXT_FIELDS = Set.of(BASE_URL, AUTH, BEARER_TOKEN_FILE, TOKEN_URL,
            CLIENT_ID, CLIENT_SECRET_FILE, CLIENT_SECRET_ENV);
    /** Names under which people put a secret itself; refused, saying where it belongs instead. */
    private static final Set<String> INLINE_SECRETS = Set.of("clientSecret", "secret", "bearerToken", "token",
            "password");

    private final YamlChecks checks;
    private final Variables variables;

    ScimBlockLoader(YamlChecks checks, Variables variables) {
        this.checks = checks;
        this.variables = variables;
    }

    /** Checks the {@code scim} mapping at {@code pointer} and adds its settings to {@code config}. */
    void read(JsonNode node, String pointer, String who, Map<String, List<String>> config) {
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
            String value = checks.resolve(variables, checks.text(node, pointer, field, who, false),
                    pointer + "/" + field, who, field);
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
}
