package uk.boroughbroker.directory.samba;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What a seeded domain needs to remember beside its databases, stored with them (and so in the
 * snapshot): the random passwords chosen at provisioning and the accounts to lock after each start.
 */
record DomainSecrets(String bindPassword, String adminPassword, List<String> lockedOut) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    static DomainSecrets generate(String bindPassword, List<String> lockedOut) {
        // The administrator's password is set while provisioning, when complexity is still on:
        // upper case, lower case, digit and symbol.
        return new DomainSecrets(bindPassword, "Adm-" + random(20) + "-7a", List.copyOf(lockedOut));
    }

    static String random(int length) {
        StringBuilder password = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    void write(Path file) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("bindPassword", bindPassword);
        properties.setProperty("adminPassword", adminPassword);
        for (int i = 0; i < lockedOut.size(); i++) {
            properties.setProperty("lockedOut." + i, lockedOut.get(i));
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, "Test domain secrets written by SambaDomain (random per provisioning; tests only)");
        }
    }

    static DomainSecrets read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        List<String> lockedOut = new ArrayList<>();
        for (int i = 0; properties.containsKey("lockedOut." + i); i++) {
            lockedOut.add(properties.getProperty("lockedOut." + i));
        }
        String bind = properties.getProperty("bindPassword");
        String admin = properties.getProperty("adminPassword");
        if (bind == null || admin == null) {
            throw new IOException(file + " lacks bindPassword or adminPassword");
        }
        return new DomainSecrets(bind, admin, List.copyOf(lockedOut));
    }
}
