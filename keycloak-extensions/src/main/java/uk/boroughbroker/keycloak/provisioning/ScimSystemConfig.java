package uk.boroughbroker.keycloak.provisioning;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.keycloak.component.ComponentModel;
import uk.boroughbroker.model.names.CouncilNames;
import uk.boroughbroker.model.names.CouncilRole;
import uk.boroughbroker.model.provisioning.ScimSystemKeys;

/**
 * One borough system's settings, read from its {@code borough-scim-system} component and checked in
 * one place: every problem is named with the setting's key, so an admin (or the YAML applier that
 * writes these keys) knows what to fix. Never holds a secret: only where to read it.
 *
 * @param id         the component id (outbox rows and the user-attribute fingerprints name it)
 * @param name       the component name, the system as admins call it (housing, revenues)
 * @param councils   whose people may get an account; nobody else's
 * @param roles      council roles ({@code <council>/<role>}) of which a person needs one; empty: any
 * @param groups     whether accounts get their council roles as SCIM groups ({@link ScimGroups})
 */
record ScimSystemConfig(String id, String name, URI baseUrl, boolean groups, Auth auth, Set<String> councils,
        Set<String> roles,
        LeaverAction leaverAction, Duration connectTimeout, Duration readTimeout, int threads, Duration maxBackoff) {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** What happens at the system when a person leaves (or stops qualifying). */
    enum LeaverAction {
        /** PATCH {@code active: false}: the account stays, so a returner gets the same one back. */
        DEACTIVATE,
        /** DELETE the account. */
        DELETE;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How the broker proves itself to the system; secrets are read where they live, when needed. */
    sealed interface Auth permits BearerFile, ClientCredentials {
    }

    record BearerFile(Path tokenFile) implements Auth {
    }

    /** OAuth 2.0 client credentials; the secret comes from a file or an environment variable. */
    record ClientCredentials(URI tokenUrl, String clientId, Path secretFile, String secretEnv) implements Auth {
    }

    /** The settings of a component; throws with every problem found, each naming its key. */
    static ScimSystemConfig of(ComponentModel model) {
        List<String> problems = new ArrayList<>();
        boolean plainHttp = Boolean.parseBoolean(model.get(ScimSystemKeys.ALLOW_PLAIN_HTTP, "false"));
        URI baseUrl = url(model.get(ScimSystemKeys.BASE_URL), ScimSystemKeys.BASE_URL, plainHttp, problems);
        String groups = model.get(ScimSystemKeys.GROUPS, "false");
        if (!groups.equals("true") && !groups.equals("false")) {
            problems.add(ScimSystemKeys.GROUPS + ": \"" + groups + "\" is not true or false");
        }
        Auth auth = auth(model, plainHttp, problems);
        Set<String> councils = Set.copyOf(model.getConfig().getOrDefault(ScimSystemKeys.COUNCILS, List.of()));
        if (councils.isEmpty()) {
            problems.add(ScimSystemKeys.COUNCILS + ": name at least one council whose people this system gets (such as lewisham)");
        }
        councils.stream().filter(c -> !CouncilNames.isCouncilId(c)).forEach(c -> problems.add(ScimSystemKeys.COUNCILS + ": \"" + c
                + "\" is not a council id (" + CouncilNames.COUNCIL_ID_RULE + ")"));
        Set<String> roles = Set.copyOf(model.getConfig().getOrDefault(ScimSystemKeys.ROLES, List.of()));
        roles.stream().filter(r -> CouncilRole.parse(r).isEmpty()).forEach(r -> problems.add(ScimSystemKeys.ROLES + ": \"" + r
                + "\" is not a council role; write <council>/<role>, such as lewisham/housing:officer"));
        LeaverAction leaver = leaverAction(model.get(ScimSystemKeys.LEAVER_ACTION, LeaverAction.DEACTIVATE.key()), problems);
        int connect = number(model, ScimSystemKeys.CONNECT_TIMEOUT, problems);
        int read = number(model, ScimSystemKeys.READ_TIMEOUT, problems);
        int threads = number(model, ScimSystemKeys.THREAD_COUNT, problems);
        int backoff = number(model, ScimSystemKeys.MAX_BACKOFF, problems);
        if (!problems.isEmpty()) {
            throw new InvalidScimSystemException(model.getName(), problems);
        }
        return new ScimSystemConfig(model.getId(), model.getName(), baseUrl, Boolean.parseBoolean(groups), auth,
                councils, roles, leaver, Duration.ofMillis(connect), Duration.ofMillis(read), threads,
                Duration.ofSeconds(backoff));
    }

    /** Whether a person of this council holding these realm roles gets an (active) account here. */
    boolean qualifies(String council, Set<String> realmRoles) {
        return councils.contains(council) && (roles.isEmpty() || realmRoles.stream().anyMatch(roles::contains));
    }

    private static Auth auth(ComponentModel model, boolean plainHttp, List<String> problems) {
        String kind = model.get(ScimSystemKeys.AUTH, "");
        if (ScimSystemKeys.AUTH_BEARER_FILE.equals(kind)) {
            String file = model.get(ScimSystemKeys.BEARER_TOKEN_FILE);
            if (blank(file)) {
                problems.add(ScimSystemKeys.BEARER_TOKEN_FILE + ": give the path of the file holding the bearer token (auth "
                        + ScimSystemKeys.AUTH_BEARER_FILE + ")");
                return null;
            }
            return new BearerFile(Path.of(file));
        }
        if (ScimSystemKeys.AUTH_CLIENT_CREDENTIALS.equals(kind)) {
            URI tokenUrl = url(model.get(ScimSystemKeys.TOKEN_URL), ScimSystemKeys.TOKEN_URL, plainHttp, problems);
            String clientId = model.get(ScimSystemKeys.CLIENT_ID);
            if (blank(clientId)) {
                problems.add(ScimSystemKeys.CLIENT_ID + ": give the OAuth client id the system issued to the broker");
            }
            String file = model.get(ScimSystemKeys.CLIENT_SECRET_FILE);
            String env = model.get(ScimSystemKeys.CLIENT_SECRET_ENV);
            if (blank(file) == blank(env)) {
                problems.add("give exactly one of " + ScimSystemKeys.CLIENT_SECRET_FILE + " (a file holding the client secret) or "
                        + ScimSystemKeys.CLIENT_SECRET_ENV + " (the name of an environment variable holding it); never the secret");
            } else if (!blank(env) && !ENV_NAME.matcher(env).matches()) {
                problems.add(ScimSystemKeys.CLIENT_SECRET_ENV + ": \"" + env + "\" is not an environment variable name");
            }
            return new ClientCredentials(tokenUrl, clientId, blank(file) ? null : Path.of(file), blank(env) ? null : env);
        }
        problems.add(ScimSystemKeys.AUTH + ": \"" + kind + "\" is not " + ScimSystemKeys.AUTH_BEARER_FILE + " or " + ScimSystemKeys.AUTH_CLIENT_CREDENTIALS);
        return null;
    }

    private static URI url(String value, String key, boolean plainHttp, List<String> problems) {
        if (blank(value)) {
            problems.add(key + ": give the URL, such as https://housing.example.gov.uk/scim/v2");
            return null;
        }
        try {
            URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
                problems.add(key + ": \"" + value + "\" is not an http(s) URL with a host");
            } else if (scheme.equals("http") && !plainHttp) {
                problems.add(key + ": \"" + value + "\" is plain http; use https, or set " + ScimSystemKeys.ALLOW_PLAIN_HTTP
                        + " to true to send personal details unencrypted on purpose");
            }
            return uri;
        } catch (URISyntaxException e) {
            problems.add(key + ": \"" + value + "\" is not a URL (" + e.getReason() + ")");
            return null;
        }
    }

    private static LeaverAction leaverAction(String value, List<String> problems) {
        for (LeaverAction action : LeaverAction.values()) {
            if (action.key().equals(value)) {
                return action;
            }
        }
        problems.add(ScimSystemKeys.LEAVER_ACTION + ": \"" + value + "\" is not deactivate (PATCH active=false) or delete");
        return LeaverAction.DEACTIVATE;
    }

    private static int number(ComponentModel model, ScimSystemKeys.Number setting, List<String> problems) {
        String value = model.get(setting.key());
        if (blank(value)) {
            return setting.fallback();
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (setting.allows(n)) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below with the bounds.
        }
        problems.add(setting.key() + ": \"" + value + "\" is not a whole number from " + setting.min() + " to "
                + setting.max());
        return setting.fallback();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
