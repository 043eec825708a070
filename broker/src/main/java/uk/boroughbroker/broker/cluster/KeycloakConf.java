package uk.boroughbroker.broker.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code docker/conf/keycloak.conf}, the one file of Keycloak build options and server settings
 * that the image and cluster mode share (the launcher jar carries a copy as a resource). Cluster
 * mode writes it unchanged into the Keycloak it builds; it only checks that the file still holds
 * what cluster mode relies on, and that no secret crept in.
 *
 * <p>Beside it, {@code docker/conf/quarkus.properties} holds the few Quarkus settings Keycloak has
 * no option for (the connection pool's validation, decision 0024); it travels, is checked and is
 * installed with keycloak.conf, as one configuration.
 */
public final class KeycloakConf {

    /** Where the launcher jar carries the file (broker/pom.xml copies docker/conf/ there). */
    static final String RESOURCE = "/keycloak-conf/keycloak.conf";
    /** The raw Quarkus properties beside it, in the jar and in Keycloak's {@code conf/}. */
    static final String QUARKUS_FILE = "quarkus.properties";

    /** Options whose value cluster mode depends on: PostgreSQL, JDBC_PING, health checks, plain HTTP behind HAProxy. */
    static final Map<String, String> CLUSTER_MODE_RELIES_ON = orderedMap(
            "db", "postgres",
            "health-enabled", "true",
            "metrics-enabled", "true",
            "cache", "ispn",
            "cache-stack", "jdbc-ping",
            "http-enabled", "true",
            "proxy-headers", "xforwarded");

    /** Keycloak features the broker does not use, off in every mode (decision 0033). */
    public static final String FEATURES_DISABLED = "features-disabled";

    /** Options that must be set, whatever their value (decision 0024: councils' CAs in Keycloak's truststore). */
    static final List<String> REQUIRED = List.of("truststore-paths");

    /** An option that names a secret: it comes from the environment or a file, never from this file. */
    private static final Pattern SECRET = Pattern.compile(".*(password|secret|credential).*");
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]*(\\.[a-z0-9-]+)*");
    private static final Pattern QUARKUS_KEY = Pattern.compile("quarkus(\\.[a-z0-9-]+)+");

    private final String source;
    private final String text;
    private final Map<String, String> options;
    private final String quarkusText;

    private KeycloakConf(String source, String text, Map<String, String> options, String quarkusText) {
        this.source = source;
        this.text = text;
        this.options = Collections.unmodifiableMap(options);
        this.quarkusText = quarkusText;
    }

    /** The copy inside the launcher jar. */
    public static KeycloakConf bundled() {
        try (InputStream in = KeycloakConf.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new ClusterException("The launcher has no keycloak.conf inside (" + RESOURCE + "); rebuild it with "
                        + "./mvnw -DskipTests package");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            try (InputStream quarkus = KeycloakConf.class.getResourceAsStream("/keycloak-conf/" + QUARKUS_FILE)) {
                if (quarkus == null) {
                    throw new ClusterException("The launcher has no " + QUARKUS_FILE + " inside; rebuild it with "
                            + "./mvnw -DskipTests package");
                }
                return parse("keycloak.conf", text, QUARKUS_FILE, new String(quarkus.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new ClusterException("Cannot read keycloak.conf inside the launcher: " + e.getMessage(), e);
        }
    }

    /** keycloak.conf, and the quarkus.properties beside it when there is one. */
    static KeycloakConf read(Path file) {
        Path quarkus = file.resolveSibling(QUARKUS_FILE);
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8), quarkus.toString(),
                    Files.exists(quarkus) ? Files.readString(quarkus, StandardCharsets.UTF_8) : "");
        } catch (IOException e) {
            throw new ClusterException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static KeycloakConf parse(String source, String text) {
        return parse(source, text, QUARKUS_FILE, "");
    }

    /**
     * Keycloak's format: {@code option=value} lines, {@code #} comments. Every problem is reported
     * at once, each as {@code file:line: problem}.
     */
    static KeycloakConf parse(String source, String text, String quarkusSource, String quarkusText) {
        List<String> problems = new ArrayList<>();
        Map<String, String> options = options(source, text, KEY, "an option name (lower-case words joined by -)", problems);
        options(quarkusSource, quarkusText, QUARKUS_KEY, "a Quarkus property (quarkus.<lower-case words>)", problems);
        CLUSTER_MODE_RELIES_ON.forEach((key, expected) -> {
            if (!expected.equals(options.get(key))) {
                problems.add(source + ": cluster mode needs " + key + "=" + expected
                        + (options.containsKey(key) ? ", not " + options.get(key) : " (not set)"));
            }
        });
        REQUIRED.stream().filter(key -> options.getOrDefault(key, "").isEmpty())
                .forEach(key -> problems.add(source + ": " + key + " must be set"));
        if (!problems.isEmpty()) {
            throw new ClusterException(String.join("\n", problems));
        }
        return new KeycloakConf(source, text, options, quarkusText);
    }

    /** {@code key=value} lines and {@code #} comments, each problem added as {@code file:line: problem}. */
    private static Map<String, String> options(String source, String text, Pattern keys, String keyIs,
            List<String> problems) {
        Map<String, String> options = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            String where = source + ":" + (i + 1) + ": ";
            if (equals <= 0) {
                problems.add(where + "expected option=value, got '" + line + "'");
                continue;
            }
            String key = line.substring(0, equals).strip();
            String value = line.substring(equals + 1).strip();
            if (!keys.matcher(key).matches()) {
                problems.add(where + "'" + key + "' is not " + keyIs);
            } else if (options.containsKey(key)) {
                problems.add(where + key + " is set twice");
            } else if (SECRET.matcher(key.toLowerCase(Locale.ROOT)).matches()) {
                String variable = key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
                problems.add(where + key + " is a secret: give it in the environment ("
                        + (key.startsWith("quarkus.") ? "" : "KC_") + variable + "), not in a file that goes into the image");
            }
            options.put(key, value);
        }
        return options;
    }

    public Map<String, String> options() {
        return options;
    }

    /** Installs both files into {@code conf/} of a Keycloak installation, unchanged. */
    void writeInto(Path keycloakHome) {
        Path conf = keycloakHome.resolve("conf");
        write(conf.resolve("keycloak.conf"), text);
        write(conf.resolve(QUARKUS_FILE), quarkusText);
    }

    private static void write(Path target, String content) {
        try {
            Files.createDirectories(target.getParent());
            Files.writeString(target, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ClusterException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Changes when the file does: part of what decides whether Keycloak must be built again. */
    String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((text + "\u0000" + quarkusText).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return source + " " + options.keySet();
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
