package uk.boroughbroker.directory.samba;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Stopped, seeded domains as tarballs, so that a start restores one (a fraction of a second) instead
 * of provisioning and seeding (several seconds).
 *
 * <p>Where: {@code $XDG_CACHE_HOME/borough-broker/samba} (by default {@code ~/.cache/borough-broker/samba}),
 * or the system property {@value #CACHE_PROPERTY}. Not under {@code target/}: {@code mvn clean} would
 * throw it away on every clean build, and the demo mode, other checkouts and CI caches of the home
 * folder can share it safely because the key covers every input. About 3 MB per domain.
 *
 * <p>The key is a hash of everything the snapshot is made from: the snapshot format {@link #FORMAT},
 * the compiled classes that provision and seed (so a code change cannot reuse an old snapshot),
 * Samba's version, the council id, base DN, address, and the content of each LDIF in order. A snapshot is also rebuilt when older than
 * {@link #MAX_AGE}: the seeded passwords were set when it was made, and AD's 42-day maximum password
 * age would otherwise expire everyone's password in an old snapshot.
 */
final class SnapshotCache {

    static final String CACHE_PROPERTY = "borough.samba.cache";
    /** Version of what provisioning and seeding produce; part of the key. */
    static final String FORMAT = "samba-domain-snapshot-1";
    static final Duration MAX_AGE = Duration.ofDays(7);
    private static final List<Class<?>> SNAPSHOT_CODE = List.of(Provisioner.class, SeedLdif.class, DomainSecrets.class,
            DeletedObjectsGrant.class);
    private static final Duration TAR_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;

    SnapshotCache(Path dir) {
        this.dir = dir;
    }

    static Path defaultDir() {
        String configured = System.getProperty(CACHE_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("borough-broker").resolve("samba");
    }

    static String key(String sambaVersion, DomainNames names, String address, List<SeedLdif.Source> sources) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : List.of(FORMAT, sambaVersion, names.councilId(), names.baseDn(), address)) {
                update(digest, part.getBytes(StandardCharsets.UTF_8));
            }
            for (Class<?> builder : SNAPSHOT_CODE) {
                update(digest, classBytes(builder));
            }
            for (SeedLdif.Source source : sources) {
                update(digest, source.content());
            }
            return names.councilId() + "-" + HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The snapshot for {@code key}, if there is one younger than {@link #MAX_AGE}. */
    Optional<Path> find(String key) {
        Path snapshot = file(key);
        try {
            if (Files.isRegularFile(snapshot)
                    && Files.getLastModifiedTime(snapshot).toInstant().isAfter(Instant.now().minus(MAX_AGE))) {
                return Optional.of(snapshot);
            }
        } catch (IOException e) {
            // unreadable: treat as absent and rebuild
        }
        return Optional.empty();
    }

    /**
     * Packs {@code domainDir} under {@code key}. Written to a temporary file and renamed, so a reader
     * never sees half a snapshot and two JVMs building the same one at worst both do the work.
     */
    void store(String councilId, String key, Path domainDir, SambaSupport.Tools tools, Path log) {
        try {
            Files.createDirectories(dir);
            Path temporary = Files.createTempFile(dir, key, ".tmp");
            try {
                Commands.run(councilId, "pack the domain snapshot", List.of(tools.tar().toString(), "-czf",
                        temporary.toString(), "-C", domainDir.toString(), "."), Map.of(), log, TAR_TIMEOUT);
                Files.move(temporary, file(key), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
            pruneOldSnapshots();
        } catch (IOException e) {
            throw new SambaStartException("Council " + councilId + ": cannot write the snapshot to " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    void restore(String councilId, Path snapshot, Path domainDir, SambaSupport.Tools tools, Path log) {
        Commands.run(councilId, "unpack the domain snapshot " + snapshot, List.of(tools.tar().toString(), "-xzf",
                snapshot.toString(), "-C", domainDir.toString()), Map.of(), log, TAR_TIMEOUT);
    }

    void discard(Path snapshot) {
        try {
            Files.deleteIfExists(snapshot);
        } catch (IOException e) {
            // the next store replaces it anyway
        }
    }

    private Path file(String key) {
        return dir.resolve(key + ".tar.gz");
    }

    private void pruneOldSnapshots() throws IOException {
        Instant expired = Instant.now().minus(MAX_AGE);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".tar.gz")).toList()) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(expired)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** The compiled code that decides what a snapshot contains: changing it must not reuse old snapshots. */
    private static byte[] classBytes(Class<?> type) {
        String resource = type.getSimpleName() + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Cannot find " + resource + " to compute the snapshot key");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource + " to compute the snapshot key", e);
        }
    }

    private static void update(MessageDigest digest, byte[] part) {
        digest.update(Integer.toString(part.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) 0);
        digest.update(part);
    }
}
