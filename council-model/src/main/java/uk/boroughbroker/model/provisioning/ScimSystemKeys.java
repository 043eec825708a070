package uk.boroughbroker.model.provisioning;

/**
 * The {@code borough-scim-system} component (decision 0029): its provider id, provider type and the
 * keys of its settings, as the realm tooling writes them and the extension's {@code ScimSystemConfig}
 * reads them.
 */
public final class ScimSystemKeys {

    public static final String PROVIDER_ID = "borough-scim-system";
    public static final String PROVIDER_TYPE = "uk.boroughbroker.keycloak.provisioning.ScimSystemProvider";

    public static final String BASE_URL = "baseUrl";
    public static final String ALLOW_PLAIN_HTTP = "allowPlainHttp";
    /** Whether the system gets each account's council roles as SCIM groups (it must serve /Groups). */
    public static final String GROUPS = "groups";
    public static final String AUTH = "auth";
    public static final String BEARER_TOKEN_FILE = "bearerTokenFile";
    public static final String TOKEN_URL = "tokenUrl";
    public static final String CLIENT_ID = "clientId";
    public static final String CLIENT_SECRET_FILE = "clientSecretFile";
    public static final String CLIENT_SECRET_ENV = "clientSecretEnv";
    public static final String COUNCILS = "councils";
    public static final String ROLES = "roles";
    public static final String LEAVER_ACTION = "leaverAction";
    public static final String CONNECT_TIMEOUT_MS = "connectTimeoutMs";
    public static final String READ_TIMEOUT_MS = "readTimeoutMs";
    public static final String THREADS = "threads";
    public static final String MAX_BACKOFF_SECONDS = "maxBackoffSeconds";

    /** Every key, so that a setting no longer given is sent empty, which clears it. */
    public static final java.util.List<String> KEYS = java.util.List.of(BASE_URL, ALLOW_PLAIN_HTTP, GROUPS, AUTH,
            BEARER_TOKEN_FILE, TOKEN_URL, CLIENT_ID, CLIENT_SECRET_FILE, CLIENT_SECRET_ENV, COUNCILS, ROLES,
            LEAVER_ACTION, CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS, THREADS, MAX_BACKOFF_SECONDS);

    public static final String AUTH_BEARER_FILE = "bearer-file";
    public static final String AUTH_CLIENT_CREDENTIALS = "client-credentials";
    public static final String LEAVERS_DEACTIVATE = "deactivate";
    public static final String LEAVERS_DELETE = "delete";

    /** A whole-number setting: its key, its bounds and its value when left out. */
    public record Number(String key, int min, int max, int fallback) {

        public boolean allows(int value) {
            return value >= min && value <= max;
        }
    }

    public static final Number CONNECT_TIMEOUT = new Number(CONNECT_TIMEOUT_MS, 100, 60_000, 5_000);
    public static final Number READ_TIMEOUT = new Number(READ_TIMEOUT_MS, 100, 300_000, 10_000);
    public static final Number THREAD_COUNT = new Number(THREADS, 1, 8, 2);
    public static final Number MAX_BACKOFF = new Number(MAX_BACKOFF_SECONDS, 1, 3_600, 300);
    public static final java.util.List<Number> NUMBERS = java.util.List.of(CONNECT_TIMEOUT, READ_TIMEOUT,
            THREAD_COUNT, MAX_BACKOFF);

    private ScimSystemKeys() {
    }
}
