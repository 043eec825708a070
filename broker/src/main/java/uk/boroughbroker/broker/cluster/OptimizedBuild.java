package uk.boroughbroker.broker.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code kc.sh build} with {@code keycloak.conf}, once for all nodes (it takes 30-60 s; the nodes
 * then start {@code --optimized}, skipping it). It runs again only when keycloak.conf or a provider
 * changed: the stamp records a hash of both.
 */
final class OptimizedBuild {

    static final String STAMP = ".borough-cluster-built-with";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private OptimizedBuild() {
    }

    /** @return true when it built, false when the installation was already built with this conf and these providers */
    static boolean ensure(Path installation, KeycloakConf conf, Path log) {
        conf.writeInto(installation);
        String wanted = fingerprint(installation, conf);
        Path stamp = installation.resolve(STAMP);
        try {
            if (Files.exists(stamp) && Files.readString(stamp).strip().equals(wanted)) {
                return false;
            }
            Files.deleteIfExists(stamp);
        } catch (IOException e) {
            // Build again: the stamp only saves time.
        }
        Path kc = installation.resolve("bin").resolve("kc.sh");
        Commands.run(List.of(kc.toString(), "build"), installation, Map.of("JAVA_HOME", System.getProperty("java.home")),
                null, TIMEOUT, log);
        try {
            Files.writeString(stamp, wanted, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ClusterException("Cannot write " + stamp + ": " + e.getMessage(), e);
        }
        return true;
    }

    /** keycloak.conf and every file under providers/ (name and content). */
    static String fingerprint(Path installation, KeycloakConf conf) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(conf.sha256().getBytes(StandardCharsets.UTF_8));
            Path providers = installation.resolve("providers");
            if (Files.isDirectory(providers)) {
                try (Stream<Path> files = Files.walk(providers)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        digest.update(providers.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                        digest.update(Files.readAllBytes(file));
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new ClusterException("Cannot read Keycloak's providers in " + installation + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
