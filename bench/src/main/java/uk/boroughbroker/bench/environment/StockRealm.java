package uk.boroughbroker.bench.environment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import uk.boroughbroker.realms.AdminApi;
import uk.boroughbroker.realms.Council;
import uk.boroughbroker.realms.Councils;
import uk.boroughbroker.realms.RequiredActions;

/**
 * A realm configured the stock way, for comparison with the broker: Keycloak's built-in {@code ldap}
 * user federation once per council (vendor Active Directory, read-only, importing, usernames from
 * {@code userPrincipalName} so the same names sign in to both realms), the same directories in the
 * same priority order, and the same two clients.
 *
 * <p>Everything the broker realm sets that a stock realm can set too is copied from it (brute-force
 * protection, token and session lifetimes, events, email login, SSL mode), and the federation takes
 * the broker federation's cache policy and each council's timeouts, so the comparison measures the
 * federation, not a setting. What stays different is listed by {@link #DIFFERENCES}.
 */
public final class StockRealm {

    public static final String USER_STORAGE = "org.keycloak.storage.UserStorageProvider";
    static final String LDAP_MAPPER = "org.keycloak.storage.ldap.mappers.LDAPStorageMapper";
    static final String MSAD_MAPPER = "msad-user-account-control-mapper";

    /** Broker realm settings that describe the broker itself, not behaviour to pin. */
    private static final Set<String> NOT_COPIED = Set.of("id", "realm", "displayName", "displayNameHtml", "loginTheme",
            "browserFlow", "directGrantFlow");
    /** Client scopes a stock realm gives its clients by default (the broker's clients add "council"). */
    private static final List<String> STOCK_SCOPES = List.of("basic", "profile", "email", "roles", "web-origins", "acr");

    /** What remains different between the two realms, for the report. */
    public static final List<String> DIFFERENCES = List.of(
            "Federation: the broker realm uses borough-council-directory (UnboundID SDK, routing by UPN suffix / "
                    + "NetBIOS name, circuit breaker, pooled failover); the stock realm uses Keycloak's built-in ldap "
                    + "provider (JNDI), vendor ad, asked in priority order for every unknown name.",
            "Groups and roles: the broker resolves each person's nested AD groups at sign-in and maps them to "
                    + "council roles (realms/demo/policy.yaml) put in tokens by the council-roles mapper; the stock realm "
                    + "has no group or role mapper (as configured by default) and its tokens carry only default roles.",
            "Flows and pages: the broker realm uses its own browser flow (council sign-in page, borough theme, "
                    + "council scope check) and direct-grant flow; the stock realm uses Keycloak's built-in flows and "
                    + "the keycloak.v2 login theme.",
            "Client scopes: the broker's clients have the council scope (home_council, councils claims) and "
                    + "council:<id> optional scopes; the stock clients have Keycloak's default scopes only.",
            "LDAP attributes: the stock federation has the default mappers Keycloak creates for Active Directory "
                    + "(username, first and last name, email, creation and modify dates, MSAD account controls); the "
                    + "broker reads the attributes in docs/directories.md.",
            "Failover: the stock federation is given the council's DCs as Keycloak documents it, one space-separated "
                    + "connectionUrl; the broker has its ordered list.");

    private static final ObjectMapper JSON = new ObjectMapper();

    private StockRealm() {
    }

    /**
     * Creates the realm with its clients and one {@code ldap} federation per council. The realm must
     * not exist (the suite starts Keycloak with a fresh database).
     *
     * @param brokerRealm the broker realm's representation, whose settings are copied
     * @param councils    the councils to federate, in priority order
     * @param clients     whether to create the two clients (the sync-only realms need none)
     */
    public static void create(AdminApi admin, String name, ObjectNode brokerRealm, Councils councils, String secret,
            boolean clients) {
        ObjectNode realm = JSON.createObjectNode();
        realm.put("realm", name);
        realm.put("displayName", "Stock Keycloak (" + name + ")");
        realm.put("enabled", true);
        brokerRealm.properties().forEach(field -> {
            JsonNode value = field.getValue();
            if (!NOT_COPIED.contains(field.getKey()) && (value.isValueNode() || field.getKey().equals("eventsListeners"))) {
                realm.set(field.getKey(), value.deepCopy());
            }
        });
        if (clients) {
            ArrayNode list = realm.putArray("clients");
            list.add(serviceClient(secret));
            list.add(webClient());
        }
        admin.post("/realms", realm);
        RequiredActions.apply(admin, "/realms/" + name, brokerRealm.path("requiredActions"), false);
        String realmId = admin.get("/realms/" + name).path("id").asText();
        int priority = 0;
        for (Council council : councils.councils()) {
            String id = admin.post("/realms/" + name + "/components", federation(council, priority++, realmId))
                    .orElseThrow(() -> new IllegalStateException("Keycloak gave no id for the " + council.id()
                            + " federation"));
            ensureAccountControlMapper(admin, name, id);
        }
    }

    /** The federation of one council, the way an admin sets up AD in Keycloak's console. */
    static ObjectNode federation(Council council, int priority, String realmId) {
        Council.Directory d = council.directory();
        ObjectNode component = JSON.createObjectNode();
        component.put("name", council.id());
        component.put("providerId", "ldap");
        component.put("providerType", USER_STORAGE);
        component.put("parentId", realmId);
        ObjectNode config = component.putObject("config");
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("enabled", "true");
        settings.put("priority", Integer.toString(priority));
        settings.put("vendor", "ad");
        settings.put("editMode", "READ_ONLY");
        settings.put("importEnabled", "true");
        settings.put("syncRegistrations", "false");
        settings.put("usernameLDAPAttribute", "userPrincipalName");
        settings.put("rdnLDAPAttribute", "cn");
        settings.put("uuidLDAPAttribute", "objectGUID");
        settings.put("userObjectClasses", "person, organizationalPerson, user");
        // Keycloak documents failover as several space-separated URLs in one connectionUrl.
        settings.put("connectionUrl", String.join(" ", d.urls()));
        settings.put("baseDn", d.baseDn());
        settings.put("usersDn", d.usersDn());
        settings.put("authType", "simple");
        settings.put("bindDn", d.bindDn());
        settings.put("bindCredential", d.bindCredential());
        settings.put("searchScope", "2"); // subtree
        settings.put("pagination", "true");
        settings.put("useTruststoreSpi", "always");
        settings.put("connectionPooling", "true");
        settings.put("connectionTimeout", Integer.toString(d.connectTimeoutMillis()));
        settings.put("readTimeout", Integer.toString(d.readTimeoutMillis()));
        settings.put("startTls", Boolean.toString(d.startTls()));
        settings.put("batchSizeForSync", "1000");
        settings.put("fullSyncPeriod", "-1");
        settings.put("changedSyncPeriod", "-1");
        // The broker federation's cache policy (realms/borough/council-federation.json), so neither
        // realm keeps users in its cache longer than the other.
        settings.put("cachePolicy", "MAX_LIFESPAN");
        settings.put("maxLifespan", "300000");
        settings.put("trustEmail", "false");
        settings.put("validatePasswordPolicy", "false");
        settings.put("allowKerberosAuthentication", "false");
        settings.put("useKerberosForPasswordAuthentication", "false");
        settings.forEach((key, value) -> config.putArray(key).add(value));
        return component;
    }

    /** Keycloak adds the MSAD account-control mapper itself for vendor ad; added here only if it did not. */
    private static void ensureAccountControlMapper(AdminApi admin, String realm, String federationId) {
        List<String> mappers = new ArrayList<>();
        for (JsonNode mapper : admin.get("/realms/" + realm + "/components?parent=" + federationId + "&type=" + LDAP_MAPPER)) {
            mappers.add(mapper.path("providerId").asText());
        }
        if (!mappers.contains(MSAD_MAPPER)) {
            ObjectNode mapper = JSON.createObjectNode();
            mapper.put("name", "MSAD account controls");
            mapper.put("providerId", MSAD_MAPPER);
            mapper.put("providerType", LDAP_MAPPER);
            mapper.put("parentId", federationId);
            mapper.putObject("config");
            admin.post("/realms/" + realm + "/components", mapper);
        }
    }

    /** Confidential: password and client-credentials grants, as the broker's borough-demo-service. */
    static ObjectNode serviceClient(String secret) {
        ObjectNode client = client(Target.SERVICE_CLIENT, false);
        client.put("clientAuthenticatorType", "client-secret");
        client.put("secret", secret);
        return client;
    }

    /** Public: authorization code with PKCE S256 only, as the broker's borough-demo-web. */
    static ObjectNode webClient() {
        ObjectNode client = client(Target.WEB_CLIENT, true);
        client.putArray("redirectUris").add("http://localhost:8000/*").add("http://127.0.0.1:8000/*");
        client.putArray("webOrigins").add("+");
        client.putObject("attributes").put("pkce.code.challenge.method", "S256");
        return client;
    }

    /** A browser app is public and signs in by code only; a service is confidential and uses direct grants. */
    private static ObjectNode client(String clientId, boolean browser) {
        ObjectNode client = JSON.createObjectNode();
        client.put("clientId", clientId);
        client.put("enabled", true);
        client.put("publicClient", browser);
        client.put("protocol", "openid-connect");
        client.put("standardFlowEnabled", browser);
        client.put("implicitFlowEnabled", false);
        client.put("directAccessGrantsEnabled", !browser);
        client.put("serviceAccountsEnabled", !browser);
        STOCK_SCOPES.forEach(client.putArray("defaultClientScopes")::add);
        client.putArray("optionalClientScopes").add("offline_access");
        return client;
    }
}
