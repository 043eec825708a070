package uk.boroughbroker.directory.samba;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The steps of {@link SambaDomain.Builder#start()}: check the work folder, ports and LDIF; restore the
 * domain's snapshot or provision and seed it (and pack a snapshot); write the TLS files and smb.conf;
 * start samba, wait until it answers and lock the accounts the LDIF marks as locked. On a failure after
 * samba started, samba is stopped before the exception leaves.
 */
final class DomainStart {

    private static final System.Logger LOG = System.getLogger(SambaDomain.class.getName());
    private static volatile String sambaVersion;

    private final DomainNames names;
    private final String councilId;
    private final String address;
    private final WorkDir dir;
    private final SambaSupport.Tools tools;

    private DomainStart(DomainNames names, String address, WorkDir dir, SambaSupport.Tools tools) {
        this.names = names;
        this.councilId = names.councilId();
        this.address = address;
        this.dir = dir;
        this.tools = tools;
    }

    static SambaDomain start(DomainNames names, String address, List<Path> ldifFiles, Path workDir, Path cacheDir) {
        String councilId = names.councilId();
        SambaSupport.Tools tools = SambaSupport.tools(councilId);
        WorkDir dir = WorkDir.prepare(councilId, workDir);
        SambaProcess.stopLeftover(councilId, dir);
        checkPortsFree(councilId, address);
        List<SeedLdif.Source> sources = read(councilId, ldifFiles);
        DomainStart start = new DomainStart(names, address, dir, tools);
        SnapshotCache cache = new SnapshotCache(cacheDir != null ? cacheDir : SnapshotCache.defaultDir());
        StringBuilder summary = new StringBuilder(councilId).append(": ");
        DomainSecrets secrets = start.prepare(cache, sources, summary);
        return start.run(secrets, summary);
    }

    /** The domain's files, ready for samba: restored from a snapshot, or provisioned and seeded. */
    private DomainSecrets prepare(SnapshotCache cache, List<SeedLdif.Source> sources, StringBuilder summary) {
        String key = SnapshotCache.key(sambaVersion(), names, address, sources);
        try {
            dir.recreate(dir.run());
            dir.recreate(dir.tls());
            writeTls();
            long begin = System.nanoTime();
            Optional<DomainSecrets> restored = cache.find(key).flatMap(snapshot -> restore(cache, snapshot));
            DomainSecrets secrets;
            if (restored.isPresent()) {
                secrets = restored.get();
                summary.append("snapshot restored in ").append(seconds(begin));
            } else {
                secrets = Provisioner.provisionAndSeed(names, address, dir, tools, sources);
                String provisioned = seconds(begin);
                long packing = System.nanoTime();
                cache.store(councilId, key, dir.domain(), tools, dir.toolsLog());
                summary.append("provisioned and seeded in ").append(provisioned)
                        .append(" (snapshot packed in ").append(seconds(packing)).append(")");
            }
            SmbConf.write(dir.smbConf(), names, address, dir);
            return secrets;
        } catch (IOException e) {
            throw new SambaStartException("Council " + councilId + ": cannot prepare the domain in " + dir.root()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Starts samba and waits until it answers; stops it again if anything after the start fails. */
    private SambaDomain run(DomainSecrets secrets, StringBuilder summary) {
        long starting = System.nanoTime();
        RunningDomains.installShutdownHook();
        SambaProcess process = SambaProcess.start(councilId, tools.samba(), tools.setsid(), dir);
        SambaDomain domain = new SambaDomain(names, address, dir, process, secrets.bindPassword(),
                secrets.adminPassword());
        RunningDomains.add(domain);
        try {
            new DomainReadiness(domain, process, dir).await();
            summary.append(", samba answered after ").append(seconds(starting));
            long locking = System.nanoTime();
            AccountLockout.lock(councilId, address, SambaDomain.LDAP_PORT, secrets.lockedOut());
            if (!secrets.lockedOut().isEmpty()) {
                summary.append(", ").append(secrets.lockedOut().size()).append(" account(s) locked in ")
                        .append(seconds(locking));
            }
            domain.startupSummary(summary.toString());
            LOG.log(System.Logger.Level.INFO, domain.startupSummary());
            return domain;
        } catch (RuntimeException e) {
            try {
                domain.close();
            } catch (RuntimeException stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw e;
        }
    }

    /** A snapshot that cannot be unpacked or read is deleted and the domain provisioned afresh. */
    private Optional<DomainSecrets> restore(SnapshotCache cache, Path snapshot) {
        try {
            dir.recreate(dir.domain());
            cache.restore(councilId, snapshot, dir.domain(), tools, dir.toolsLog());
            return Optional.of(DomainSecrets.read(dir.properties()));
        } catch (IOException | SambaStartException e) {
            LOG.log(System.Logger.Level.WARNING, "Council {0}: snapshot {1} is unusable ({2}); provisioning instead",
                    councilId, snapshot, e.getMessage());
            cache.discard(snapshot);
            return Optional.empty();
        }
    }

    private void writeTls() throws IOException {
        TestCertificates.writeTrustFiles(TestCertificates.testCa(), dir.caCertificate(), dir.trustStore());
        TestCertificates.writeTrustFiles(TestCertificates.wrongCa(), dir.wrongCaCertificate(), dir.wrongTrustStore());
        TestCertificates.writeServerCertificate(TestCertificates.testCa(), names.dnsHostName(), inet(address),
                dir.serverCertificate(), dir.serverKey());
    }

    /** Part of the snapshot key: a Samba upgrade may change what provisioning writes. */
    private String sambaVersion() {
        String version = sambaVersion;
        if (version == null) {
            version = Commands.run(councilId, "ask samba for its version", List.of(tools.samba().toString(), "--version"),
                    Map.of(), dir.toolsLog(), Duration.ofSeconds(30)).trim();
            sambaVersion = version;
        }
        return version;
    }

    /** A clear message when another DC (or anything) already listens on the address, instead of samba's. */
    private static void checkPortsFree(String councilId, String address) {
        for (int port : new int[] {SambaDomain.LDAP_PORT, SambaDomain.LDAPS_PORT}) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(inet(address), port), 500);
                throw new SambaStartException("Council " + councilId + ": " + address + ":" + port
                        + " is already in use (another domain on this address? see pgrep -a samba);"
                        + " choose another address");
            } catch (IOException e) {
                // refused or timed out: free
            }
        }
    }

    private static List<SeedLdif.Source> read(String councilId, List<Path> files) {
        List<SeedLdif.Source> sources = new ArrayList<>();
        for (Path file : files) {
            try {
                sources.add(new SeedLdif.Source(file.toString(), Files.readAllBytes(file)));
            } catch (NoSuchFileException e) {
                throw new SambaStartException("Council " + councilId + ": LDIF file " + file + " does not exist (looked in "
                        + file.toAbsolutePath().normalize() + ")", e);
            } catch (IOException e) {
                throw new SambaStartException("Council " + councilId + ": cannot read LDIF file " + file + ": "
                        + e.getMessage(), e);
            }
        }
        return sources;
    }

    private static InetAddress inet(String address) {
        try {
            return InetAddress.getByName(address); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address + " is not an IP address", e);
        }
    }

    private static String seconds(long since) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - since) / 1e9);
    }
}
