package uk.boroughbroker.keycloak.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.keycloak.testframework.server.KeycloakUrls;
import uk.boroughbroker.directory.DemoDirectories;
import uk.boroughbroker.realms.AdminApi;
import uk.boroughbroker.realms.RealmApplier;
import uk.boroughbroker.realms.RealmDefinition;
import uk.boroughbroker.realms.Variables;

/**
 * The demo broker as the integration tests see it: the six demo council directories (real LDAP on
 * loopback) and the borough realm applied from the realm files, exactly as {@code broker up} does.
 * Started once per test JVM and shared by every test class, like the Keycloak server itself.
 */
public final class DemoBroker {

    /** Where the realm files live, seen from this module's folder (Maven runs tests there). */
    static final Path REALMS = Path.of("..", "realms");
    public static final String SERVICE_CLIENT = "borough-demo-service";
    public static final String WEB_CLIENT = "borough-demo-web";
    public static final String WEB_REDIRECT = "http://localhost:8000/callback";

    private static DemoBroker instance;

    private final DemoDirectories directories;
    private final String realmUrl;
    private final String serviceSecret;
    private final String lewishamRevenuesSecret;
    private final AdminApi admin;
    private final RealmDefinition realm;

    private DemoBroker(DemoDirectories directories, String realmUrl, String serviceSecret, String lewishamRevenuesSecret,
            AdminApi admin, RealmDefinition realm) {
        this.directories = directories;
        this.realmUrl = realmUrl;
        this.serviceSecret = serviceSecret;
        this.lewishamRevenuesSecret = lewishamRevenuesSecret;
        this.admin = admin;
        this.realm = realm;
    }

    /** Starts the directories and applies the realm on first use; later calls return the same broker. */
    public static synchronized DemoBroker ensure(KeycloakUrls urls) {
        if (instance == null) {
            DemoDirectories directories = DemoDirectories.start(REALMS.resolve("demo"), 0, null);
            Runtime.getRuntime().addShutdownHook(new Thread(directories::close, "demo-directories-stop"));
            Map<String, String> values = new HashMap<>(directories.variables());
            String serviceSecret = UUID.randomUUID().toString();
            values.put("BROKER_DEMO_SERVICE_SECRET", serviceSecret);
            // Each confidential client has its own secret (issue 11): never the service client's.
            String lewishamSecret = UUID.randomUUID().toString();
            values.put("BROKER_LEWISHAM_REVENUES_SECRET", lewishamSecret);
            Variables variables = Variables.only(values);
            RealmDefinition realm = RealmDefinition.forCouncils(REALMS.resolve("borough"),
                    REALMS.resolve("demo").resolve("councils.yaml"), variables);
            // The test framework's bootstrap admin client (Config.getAdminClientId/Secret).
            AdminApi admin = AdminApi.withClient(urls.getBase(), "temp-admin", "mysecret");
            new RealmApplier(admin).apply(realm);
            instance = new DemoBroker(directories, urls.getBase() + "/realms/" + realm.realmName(), serviceSecret,
                    lewishamSecret, admin, realm);
        }
        return instance;
    }

    public DemoDirectories directories() {
        return directories;
    }

    public String realmUrl() {
        return realmUrl;
    }

    public String serviceSecret() {
        return serviceSecret;
    }

    /** The secret of lewisham-revenues (a borough system of Lewisham): its own, not the service client's. */
    public String lewishamRevenuesSecret() {
        return lewishamRevenuesSecret;
    }

    public AdminApi admin() {
        return admin;
    }

    /** Applies the realm files again, as {@code broker up} does on every start; returns the changes made. */
    public List<String> reapply() {
        return new RealmApplier(admin).apply(realm);
    }

    /** The realm files as applied (councils and the validated policy among them). */
    public RealmDefinition realm() {
        return realm;
    }

    public PartnerApp partnerApp() {
        return new PartnerApp(realmUrl);
    }

    /** A partner app of another realm on the same server (a realm a test applied for itself). */
    public PartnerApp partnerApp(String realmName) {
        return new PartnerApp(realmUrl.substring(0, realmUrl.lastIndexOf("/realms/")) + "/realms/" + realmName);
    }
}
