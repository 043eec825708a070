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
import uk.boroughbroker.directory.samba.SambaDomains;
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

    private final SambaDomains domains;
    private final String realmUrl;
    private final String serviceSecret;
    private final AdminApi admin;
    private final RealmDefinition realm;

    private RealAdBroker(SambaDomains domains, String realmUrl, String serviceSecret, AdminApi admin,
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
            SambaDomains domains = SambaDomains.startAll(council("brent", "127.0.0.11"), council("lewisham", "127.0.0.12"));
            Runtime.getRuntime().addShutdownHook(new Thread(domains::close, "real-ad-stop"));
            SambaDomain brent = domains.get("brent");
            SambaDomain lewisham = domains.get("lewisham");
            Map<String, String> values = new HashMap<>();
            values.put("BRENT_LDAPS_URL", brent.ldapsUrl());
            values.put("BRENT_BIND_PASSWORD", brent.bindPassword());
            values.put("LEWISHAM_LDAP_URL", lewisham.ldapUrl());
            values.put("LEWISHAM_BIND_PASSWORD", lewisham.bindPassword());
            values.put("REAL_AD_CA_FILE", brent.caCertificate().toAbsolutePath().toString());
            String serviceSecret = UUID.randomUUID().toString();
            values.put("BROKER_DEMO_SERVICE_SECRET", serviceSecret);
            RealmDefinition realm = RealmDefinition.forCouncils(DemoBroker.REALMS.resolve("borough"),
                    REAL_AD.resolve("councils.yaml"), Variables.only(values)).withRealmName(REALM);
            AdminApi admin = AdminApi.withClient(urls.getBase(), "temp-admin", "mysecret");
            new RealmApplier(admin).apply(realm);
            instance = new RealAdBroker(domains, urls.getBase() + "/realms/" + REALM, serviceSecret, admin, realm);
        }
        return instance;
    }

    private static SambaDomain.Builder council(String id, String address) {
        return SambaDomain.builder(id, "DC=" + id + ",DC=gov,DC=uk").address(address)
                .ldif(DemoBroker.REALMS.resolve("demo").resolve(id + ".ldif"))
                .ldif(REAL_AD.resolve(id + "-account-states.ldif"))
                .workDir(Path.of("target", "samba", id));
    }

    public SambaDomain domain(String council) {
        return domains.get(council);
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
