package uk.boroughbroker.broker;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * Secrets of one broker home, created at random on first start and kept (owner-only) in
 * {@code <home>/secrets.properties}, because Keycloak's database in the same home was bootstrapped
 * with them. Nothing secret lives in the repository.
 */
record BrokerSecrets(String adminPassword, String adminClientSecret, String demoServiceSecret) {

    static final String FILE = "secrets.properties";
    static final String ADMIN_USER = "admin";
    static final String ADMIN_CLIENT = "borough-broker-launcher";

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
            for (String key : new String[] {"admin.password", "admin.client.secret", "demo.service.secret"}) {
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
        return new BrokerSecrets(p.getProperty("admin.password"), p.getProperty("admin.client.secret"),
                p.getProperty("demo.service.secret"));
    }

    private static void ownerOnly(Path file) throws IOException {
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
