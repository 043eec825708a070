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
 */
public final class KeycloakConf {

    /** Where the launcher jar carries the file (broker/pom.xml copies docker/conf/ there). */
    static final String RESOURCE = "/keycloak-conf/keycloak.conf";

    /** Options whose value cluster mode depends on: PostgreSQL, JDBC_PING, health checks, plain HTTP behind HAProxy. */
    static final Map<String, String> CLUSTER_MODE_RELIES_ON = orderedMap(
            "db", "postgres",
            "health-enabled", "true",
            "metrics-enabled", "true",
            "cache", "ispn",
            "cache-stack", "jdbc-ping",
            "http-enabled", "true",
            "proxy-headers", "xforwarded");

    /** Options that must be set, whatever their value (decision 0024: councils' CAs in Keycloak's truststore). */
    static final List<String> REQUIRED = List.of("truststore-paths");

    /** An option that names a secret: it comes from the environment or a file, never from this file. */
    private static final Pattern SECRET = Pattern.compile(".*(password|secret|credential).*");
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]*(\\.[a-z0-9-]+)*");

    private final String source;
    private final String text;
    private final Map<String, String> options;

    private KeycloakConf(String source, String text, Map<String, String> options) {
        this.source = source;
        this.text = text;
        this.options = Collections.unmodifiableMap(options);
    }

    /** The copy inside the launcher jar. */
    public static KeycloakConf bundled() {
        try (InputStream in = KeycloakConf.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new ClusterException("The launcher has no keycloak.conf inside (" + RESOURCE + "); rebuild it with "
                        + "./mvnw -DskipTests package");
            }
            return parse("keycloak.conf", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ClusterException("Cannot read keycloak.conf inside the launcher: " + e.getMessage(), e);
        }
    }

    static KeycloakConf read(Path file) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ClusterException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Keycloak's format: {@code option=value} lines, {@code #} comments. Every problem is reported
     * at once, each as {@code file:line: problem}.
     */
    static KeycloakConf parse(String source, String text) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
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
            if (!KEY.matcher(key).matches()) {
                problems.add(where + "'" + key + "' is not an option name (lower-case words joined by -)");
            } else if (options.containsKey(key)) {
                problems.add(where + key + " is set twice");
            } else if (SECRET.matcher(key.toLowerCase(Locale.ROOT)).matches()) {
                problems.add(where + key + " is a secret: give it in the environment (KC_"
                        + key.toUpperCase(Locale.ROOT).replace('-', '_') + "), not in a file that goes into the image");
            }
            options.put(key, value);
        }
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
        return new KeycloakConf(source, text, options);
    }

    public Map<String, String> options() {
        return options;
    }

    /** Installs the file as {@code conf/keycloak.conf} of a Keycloak installation, unchanged. */
    void writeInto(Path keycloakHome) {
        Path target = keycloakHome.resolve("conf").resolve("keycloak.conf");
        try {
            Files.createDirectories(target.getParent());
            Files.writeString(target, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ClusterException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Changes when the file does: part of what decides whether Keycloak must be built again. */
    String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
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
