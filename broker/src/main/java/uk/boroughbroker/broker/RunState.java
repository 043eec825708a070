package uk.boroughbroker.broker;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What a running broker tells the other commands of the CLI: where Keycloak listens, which realm
 * and councils file it serves, and the values the councils file was rendered with (the demo
 * directories' URLs and bind passwords). Owner-only, deleted when the broker stops.
 */
record RunState(String baseUrl, String realm, Path realmsDir, Path councilsFile, Map<String, String> variables) {

    static final String FILE = "broker.properties";
    private static final String VARIABLE = "variable.";

    static Path file(Path home) {
        return home.resolve("run").resolve(FILE);
    }

    void save(Path home) {
        Properties p = new Properties();
        p.setProperty("baseUrl", baseUrl);
        p.setProperty("realm", realm);
        p.setProperty("realmsDir", realmsDir.toAbsolutePath().toString());
        p.setProperty("councilsFile", councilsFile.toAbsolutePath().toString());
        variables.forEach((k, v) -> p.setProperty(VARIABLE + k, v));
        Path file = file(home);
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system.
            }
            try (Writer out = Files.newBufferedWriter(file)) {
                p.store(out, "Running Borough Broker (deleted when it stops; holds secrets)");
            }
        } catch (IOException e) {
            throw new BrokerException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static RunState load(Path home) {
        Path file = file(home);
        if (!Files.exists(file) || new RunFiles(home).alive("broker").isEmpty()) {
            throw new BrokerException("No broker is running from " + home + ". Start it with ./broker.sh up"
                    + (home.equals(UpOptions.defaults().home()) ? "" : " --home " + home));
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new BrokerException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> variables = new HashMap<>();
        p.stringPropertyNames().stream().filter(k -> k.startsWith(VARIABLE))
                .forEach(k -> variables.put(k.substring(VARIABLE.length()), p.getProperty(k)));
        return new RunState(p.getProperty("baseUrl"), p.getProperty("realm"), Path.of(p.getProperty("realmsDir")),
                Path.of(p.getProperty("councilsFile")), Map.copyOf(variables));
    }

    static void delete(Path home) {
        try {
            Files.deleteIfExists(file(home));
        } catch (IOException e) {
            // Ignored by load() once the broker has stopped.
        }
    }

    @Override
    public String toString() {
        return "RunState[" + baseUrl + ", realm " + realm + ", " + councilsFile + "]";
    }
}
