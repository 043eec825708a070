package uk.boroughbroker.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The Keycloak server under the broker home: unpacked once from the distribution zip the build
 * resolved, with the Borough Broker providers jar installed.
 *
 * <p>Keycloak's own start-dev re-runs its build step (augmentation, about 20-30 s) only when a
 * provider or a build option changed, comparing file times. So the providers jar is only rewritten
 * when its content changed: an unchanged restart skips the build.
 */
final class KeycloakInstallation {

    static final String PROVIDERS_RESOURCE = "/keycloak-providers/";
    static final String PROVIDERS_JAR = "borough-keycloak-extensions.jar";
    /** The extensions and the libraries they need that Keycloak does not ship. */
    static final List<String> PROVIDER_JARS = List.of(PROVIDERS_JAR, "borough-council-model.jar", "unboundid-ldapsdk.jar",
            "borough-scim-client.jar");

    /** Written once Keycloak has started with the current providers: its build step is then done. */
    static final String BUILT_STAMP = ".borough-built-with";

    private final Path dir;
    private final boolean unpacked;
    private final String providersHash;
    private final boolean providersRewritten;

    private KeycloakInstallation(Path dir, boolean unpacked, String providersHash, boolean providersRewritten) {
        this.dir = dir;
        this.unpacked = unpacked;
        this.providersHash = providersHash;
        this.providersRewritten = providersRewritten;
    }

    static KeycloakInstallation prepare(Path home, BuildInfo build) {
        // Normalised, so the zip-slip check compares like with like (--home ./x/../y).
        Path dir = home.toAbsolutePath().normalize().resolve("keycloak-" + build.keycloakVersion());
        boolean unpacked = false;
        if (!Files.isRegularFile(dir.resolve("bin").resolve("kc.sh"))) {
            unpack(build.distributionZip(), dir.getParent(), dir);
            unpacked = true;
        }
        StringBuilder hashes = new StringBuilder();
        boolean rewritten = false;
        for (String name : PROVIDER_JARS) {
            byte[] jar = providersJar(name);
            String hash = sha256(jar);
            hashes.append(name).append('=').append(hash).append('\n');
            rewritten |= installProvider(dir.resolve("providers").resolve(name), jar, hash);
        }
        return new KeycloakInstallation(dir, unpacked, sha256(hashes.toString().getBytes(StandardCharsets.UTF_8)),
                rewritten);
    }

    Path dir() {
        return dir;
    }

    boolean unpacked() {
        return unpacked;
    }

    /** True when Keycloak will run its build step on this start (new installation or changed providers). */
    boolean rebuildExpected() {
        try {
            Path stamp = dir.resolve(BUILT_STAMP);
            // A rewritten jar has a new file time, which is what Keycloak compares.
            return unpacked || providersRewritten || !Files.exists(stamp)
                    || !Files.readString(stamp).strip().equals(providersHash);
        } catch (IOException e) {
            return true;
        }
    }

    /** Records that Keycloak started with the installed providers, so the next start knows no build is due. */
    void markBuilt() {
        try {
            Files.writeString(dir.resolve(BUILT_STAMP), providersHash);
        } catch (IOException e) {
            // Only the "no rebuild" message depends on it.
        }
    }

    /** Unpacks into a scratch folder first, so an interrupted unpack never looks like an installation. */
    private static void unpack(Path zip, Path home, Path target) {
        Path scratch = home.resolve(target.getFileName() + ".unpacking");
        try {
            deleteTree(scratch);
            Files.createDirectories(scratch);
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                for (ZipEntry entry; (entry = in.getNextEntry()) != null;) {
                    // The zip holds one top folder (keycloak-<version>/): strip it.
                    String name = entry.getName();
                    int slash = name.indexOf('/');
                    String relative = slash < 0 ? "" : name.substring(slash + 1);
                    if (relative.isEmpty()) {
                        continue;
                    }
                    Path out = scratch.resolve(relative).normalize();
                    if (!out.startsWith(scratch)) {
                        throw new BrokerException("The Keycloak distribution " + zip + " holds an unsafe path: " + name);
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                    } else {
                        Files.createDirectories(out.getParent());
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                        if (relative.startsWith("bin/") && relative.endsWith(".sh")) {
                            out.toFile().setExecutable(true, false);
                        }
                    }
                }
            }
            deleteTree(target);
            Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BrokerException("Cannot unpack Keycloak from " + zip + " into " + target + ": " + e.getMessage(), e);
        }
    }

    private static byte[] providersJar(String name) {
        try (InputStream in = KeycloakInstallation.class.getResourceAsStream(PROVIDERS_RESOURCE + name)) {
            if (in == null) {
                throw new BrokerException("The launcher has no " + name + " inside; rebuild it with "
                        + "./mvnw -DskipTests package");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new BrokerException("Cannot read the providers jar inside the launcher: " + e.getMessage(), e);
        }
    }

    /** @return true when the jar was (re)written, false when the installed one already had this content */
    private static boolean installProvider(Path target, byte[] jar, String hash) {
        try {
            if (Files.exists(target) && sha256(Files.readAllBytes(target)).equals(hash)) {
                return false;
            }
            Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling(target.getFileName() + ".new");
            Files.write(temp, jar);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            throw new BrokerException("Cannot install the providers jar into " + target + ": " + e.getMessage(), e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
