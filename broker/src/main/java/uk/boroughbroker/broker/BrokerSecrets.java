package uk.boroughbroker.broker;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import uk.boroughbroker.realms.AdminApi;

/**
 * Secrets of one broker home, created at random on first start and kept (owner-only) in
 * {@code <home>/secrets.properties}, because Keycloak's database in the same home was bootstrapped
 * with them. Nothing secret lives in the repository. Each confidential demo client has its own
 * secret, so one client's secret never opens another client.
 *
 * @param clientSecrets each confidential demo client's secret, by the variable the realm files
 *        read it from ({@link #CLIENT_SECRETS})
 * @param demoHousingSecret the secret the broker signs in to the demo's housing system with
 */
record BrokerSecrets(String adminPassword, String adminClientSecret, Map<String, String> clientSecrets,
        String demoHousingSecret) {

    static final String FILE = "secrets.properties";
    static final String ADMIN_USER = "admin";
    static final String ADMIN_CLIENT = "borough-broker-launcher";
    /** The realm files' variable for {@code borough-demo-service}'s secret. */
    static final String DEMO_SERVICE_SECRET = "BROKER_DEMO_SERVICE_SECRET";
    /**
     * Every confidential client of {@code realms/borough/realm.json}: its secret's variable there,
     * and the key it is kept under in the secrets file.
     */
    static final Map<String, String> CLIENT_SECRETS = Map.of(
            DEMO_SERVICE_SECRET, "demo.service.secret",
            "BROKER_LEWISHAM_REVENUES_SECRET", "demo.lewisham-revenues.secret");

    /** The key of the demo housing system's client secret ({@link DemoHousingSystem}). */
    private static final String DEMO_HOUSING = "demo.camden-housing.secret";

    BrokerSecrets {
        clientSecrets = Map.copyOf(clientSecrets);
    }

    /** The Admin REST API of the broker at {@code baseUrl}, as the bootstrap admin client of these secrets. */
    AdminApi admin(String baseUrl) {
        return AdminApi.withClient(baseUrl, ADMIN_CLIENT, adminClientSecret);
    }

    static BrokerSecrets loadOrCreate(Path home) {
        Path file = home.resolve(FILE);
        Properties p = new Properties();
        try {
            if (Files.exists(file)) {
                try (Reader in = Files.newBufferedReader(file)) {
                    p.load(in);
                }
            }
            boolean changed = false;
            java.util.List<String> keys = new java.util.ArrayList<>(java.util.List.of("admin.password",
                    "admin.client.secret", DEMO_HOUSING));
            keys.addAll(CLIENT_SECRETS.values());
            for (String key : keys) {
                if (p.getProperty(key, "").isBlank()) {
                    p.setProperty(key, random());
                    changed = true;
                }
            }
            if (changed) {
                Files.createDirectories(home);
                if (!Files.exists(file)) {
                    Files.createFile(file);
                }
                ownerOnly(file);
                try (Writer out = Files.newBufferedWriter(file)) {
                    p.store(out, "Borough Broker secrets for this broker home (generated; do not commit)");
                }
            } else {
                // A copied or restored file keeps whatever permissions it came with: tighten them.
                ownerOnly(file);
            }
        } catch (IOException e) {
            throw new BrokerException("Cannot read or write " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> clients = new LinkedHashMap<>();
        CLIENT_SECRETS.forEach((variable, key) -> clients.put(variable, p.getProperty(key)));
        return new BrokerSecrets(p.getProperty("admin.password"), p.getProperty("admin.client.secret"), clients,
                p.getProperty(DEMO_HOUSING));
    }

    /** The secret of {@code borough-demo-service}, the client the banner's curl uses. */
    String demoServiceSecret() {
        return clientSecrets.get(DEMO_SERVICE_SECRET);
    }

    /** Readable and writable by the owner only (a secret's file), where the file system has POSIX modes. */
    static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the file keeps the default permissions.
        }
    }

    private static String random() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "BrokerSecrets[hidden]";
    }
}
