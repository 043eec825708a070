package uk.boroughbroker.keycloak.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.keycloak.testframework.server.KeycloakUrls;
import uk.boroughbroker.directory.samba.SambaDomain;
import uk.boroughbroker.directory.samba.RealAdDemo;
import uk.boroughbroker.directory.samba.SambaSupport;
import uk.boroughbroker.realms.AdminApi;
import uk.boroughbroker.realms.RealmApplier;
import uk.boroughbroker.realms.RealmDefinition;
import uk.boroughbroker.realms.Variables;

/**
 * A second broker realm, {@value #REALM}, on the shared test server, federating two real Active
 * Directory domains (Samba AD DCs on loopback): Brent on 127.0.0.11 over LDAPS, Lewisham on
 * 127.0.0.12 over StartTLS, from {@code realms/real-ad/councils.yaml}. Started once per test run.
 *
 * <p>Where Samba AD cannot run (not installed, not root) the tests are skipped with the reason,
 * unless {@code BOROUGH_REAL_AD=required} (CI), where that is a failure.
 */
public final class RealAdBroker {

    public static final String REALM = "borough-ad";
    static final Path REAL_AD = DemoBroker.REALMS.resolve("real-ad");
    private static RealAdBroker instance;

    private final RealAdDemo domains;
    private final String realmUrl;
    private final String serviceSecret;
    private final AdminApi admin;
    private final RealmDefinition realm;

    private RealAdBroker(RealAdDemo domains, String realmUrl, String serviceSecret, AdminApi admin,
            RealmDefinition realm) {
        this.domains = domains;
        this.realmUrl = realmUrl;
        this.serviceSecret = serviceSecret;
        this.admin = admin;
        this.realm = realm;
    }

    /** Skips (or, with BOROUGH_REAL_AD=required, fails) where Samba AD domain controllers cannot run. */
    public static void assumeRealAd() {
        SambaSupport.unavailableReason().ifPresent(reason -> {
            if ("required".equalsIgnoreCase(System.getenv("BOROUGH_REAL_AD"))) {
                Assertions.fail("BOROUGH_REAL_AD=required, but " + reason);
            }
            Assumptions.abort("Real AD tests skipped: " + reason);
        });
    }

    public static synchronized RealAdBroker ensure(KeycloakUrls urls) {
        assumeRealAd();
        if (instance == null) {
            RealAdDemo domains = RealAdDemo.start(DemoBroker.REALMS, Path.of("target", "samba"));
            Runtime.getRuntime().addShutdownHook(new Thread(domains::close, "real-ad-stop"));
            Map<String, String> values = new HashMap<>(domains.variables());
            String serviceSecret = UUID.randomUUID().toString();
            values.put("BROKER_DEMO_SERVICE_SECRET", serviceSecret);
            // Each confidential client has its own secret (issue 11): never the service client's.
            values.put("BROKER_LEWISHAM_REVENUES_SECRET", UUID.randomUUID().toString());
            RealmDefinition realm = RealmDefinition.forCouncils(DemoBroker.REALMS.resolve("borough"),
                    REAL_AD.resolve("councils.yaml"), Variables.only(values)).withRealmName(REALM);
            AdminApi admin = AdminApi.withClient(urls.getBase(), "temp-admin", "mysecret");
            new RealmApplier(admin).apply(realm);
            instance = new RealAdBroker(domains, urls.getBase() + "/realms/" + REALM, serviceSecret, admin, realm);
        }
        return instance;
    }

    public SambaDomain domain(String council) {
        return domains.domain(council);
    }

    public String serviceSecret() {
        return serviceSecret;
    }

    public AdminApi admin() {
        return admin;
    }

    public RealmDefinition realm() {
        return realm;
    }

    public List<String> reapply() {
        return new RealmApplier(admin).apply(realm);
    }

    public PartnerApp partnerApp() {
        return new PartnerApp(realmUrl);
    }
}
