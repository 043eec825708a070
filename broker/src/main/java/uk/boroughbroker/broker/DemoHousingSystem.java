package uk.boroughbroker.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import uk.boroughbroker.realms.AdminApi;
import uk.boroughbroker.realms.ScimTargetRealm;

/**
 * The demo's borough system (issue 14): Camden's housing system, played by a realm of the demo's own
 * Keycloak with Keycloak's SCIM API on, so that a newcomer sees staff provisioned over SCIM without
 * running anything else. {@code realms/demo/provisioning.yaml} declares it, switched on by
 * {@link #variables}; only the single node runs it ({@code up --cluster} is the production build,
 * which has no preview features).
 */
final class DemoHousingSystem {

    static final String REALM = "camden-housing";
    /** The Keycloak feature that serves SCIM 2.0 on a realm (preview in Keycloak 26.7). */
    static final String FEATURE = "scim-api";
    private static final String SECRET_FILE = REALM + ".secret";

    private final String baseUrl;
    private final Path secretFile;
    private final String secret;

    private DemoHousingSystem(String baseUrl, Path secretFile, String secret) {
        this.baseUrl = baseUrl;
        this.secretFile = secretFile;
        this.secret = secret;
    }

    /**
     * Writes the client secret where the broker's Keycloak reads it (owner-only, in the broker home,
     * never in argv or the repository).
     */
    static DemoHousingSystem prepare(Path home, String baseUrl, BrokerSecrets secrets) {
        Path file = home.toAbsolutePath().resolve(SECRET_FILE);
        try {
            Files.createDirectories(home);
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            BrokerSecrets.ownerOnly(file);
            Files.writeString(file, secrets.demoHousingSecret());
        } catch (IOException e) {
            throw new BrokerException("Cannot write the demo housing system's client secret to " + file + ": "
                    + e.getMessage(), e);
        }
        return new DemoHousingSystem(baseUrl, file, secrets.demoHousingSecret());
    }

    /** The variables that switch the demo's provisioning.yaml system on and point it here. */
    Map<String, String> variables() {
        return Map.of("DEMO_HOUSING_SYSTEM", "true",
                "DEMO_HOUSING_SCIM_URL", ScimTargetRealm.scimUrl(baseUrl, REALM),
                "DEMO_HOUSING_TOKEN_URL", ScimTargetRealm.tokenUrl(baseUrl, REALM),
                "DEMO_HOUSING_SECRET_FILE", secretFile.toString());
    }

    /** Creates the housing realm on a first start; a restart keeps the accounts it got. */
    boolean ensure(AdminApi admin) {
        return ScimTargetRealm.createOrKeep(admin, baseUrl, REALM, secret);
    }

    /** Where to look: the accounts the system got, and the delivery status. */
    String banner() {
        return String.format("  Borough system    %s over SCIM 2.0: every Camden and Islington person gets an account%n"
                + "                    %s/admin/master/console/#/%s/users   ./broker.sh provisioning status%n",
                REALM, baseUrl, REALM);
    }
}
