package uk.boroughbroker.directory.samba;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * One council's real Active Directory: a Samba AD domain controller on a loopback address, for the
 * integration tests and the demo.
 *
 * <pre>{@code
 * try (SambaDomain brent = SambaDomain.builder("brent", "DC=brent,DC=gov,DC=uk")
 *         .address("127.0.0.11")
 *         .ldif(Path.of("realms/demo/brent.ldif"))
 *         .ldif(Path.of("realms/real-ad/brent-account-states.ldif"))
 *         .workDir(Path.of("target/samba/brent"))
 *         .start()) {
 *     // brent.ldapsUrl(), brent.bindDn(), brent.bindPassword(), brent.trustStore() ...
 * }
 * }</pre>
 *
 * <p>The domain is BRENT.GOV.UK (NetBIOS BRENT), its DC {@code dc-brent.brent.gov.uk}, with the same
 * layout and data as the embedded directories: people in OU=Staff, groups in OU=Groups, and the
 * broker's service account {@code CN=svc-borough-broker,OU=Service Accounts,<base>}. That account is
 * an ordinary domain user (member of Domain Users only, password never expires): it reads users and
 * groups through the read access AD's default security descriptors give Authenticated Users, and can
 * change nothing.
 *
 * <p>{@link Builder#start()} provisions and seeds the domain, or restores a snapshot of it (see the
 * README of realms/real-ad), issues a TLS certificate for it, starts samba, waits until LDAP and
 * LDAPS answer (LDAPS verified against the test CA) and locks the accounts the LDIF marks as locked.
 * {@link #close()} stops samba; a JVM shutdown hook closes domains that were not closed, and the next
 * start in the same work folder stops a samba left behind by a crashed JVM.
 *
 * <p>Needs Samba 4.17's AD DC packages and root (ports 389 and 636): see {@link SambaSupport}.
 */
public final class SambaDomain implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SambaDomain.class.getName());
    private static final int LDAP_PORT = 389;
    private static final int LDAPS_PORT = 636;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Pattern LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    /** Started and not yet closed, for the shutdown hook. */
    private static final Set<SambaDomain> RUNNING = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOK_INSTALLED = new AtomicBoolean();
    private static volatile String sambaVersion;

    private final DomainNames names;
    private final String address;
    private final WorkDir dir;
    private final SambaProcess process;
    private final String bindPassword;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String summary = "";

    private SambaDomain(DomainNames names, String address, WorkDir dir, SambaProcess process, String bindPassword) {
        this.names = names;
        this.address = address;
        this.dir = dir;
        this.process = process;
        this.bindPassword = bindPassword;
    }

    /**
     * @param councilId short lower-case id such as {@code brent} (2-12 characters: the DC is named
     *                  {@code dc-<council>}, a NetBIOS name); its capitals are the NetBIOS domain name
     * @param baseDn    the domain's DN, DC components only, such as {@code DC=brent,DC=gov,DC=uk}
     *                  (realm BRENT.GOV.UK, user principal names {@code jsmith@brent.gov.uk})
     */
    public static Builder builder(String councilId, String baseDn) {
        return new Builder(councilId, baseDn);
    }

    public String councilId() {
        return names.councilId();
    }

    public String baseDn() {
        return names.baseDn();
    }

    /** The Kerberos realm and DNS domain in capitals, such as {@code BRENT.GOV.UK}. */
    public String realm() {
        return names.realm();
    }

    /** The NetBIOS domain name, such as {@code BRENT} (as in {@code BRENT\jsmith}). */
    public String netbiosName() {
        return names.netbiosDomain();
    }

    /** The DC's DNS name, such as {@code dc-brent.brent.gov.uk}; in its certificate with the address. */
    public String hostName() {
        return names.dnsHostName();
    }

    public String address() {
        return address;
    }

    /** {@code ldap://<address>:389}; simple binds are allowed without TLS (tests only), StartTLS works. */
    public String ldapUrl() {
        return "ldap://" + address + ":" + LDAP_PORT;
    }

    /** {@code ldaps://<address>:636}; the certificate verifies against {@link #caCertificate()}. */
    public String ldapsUrl() {
        return "ldaps://" + address + ":" + LDAPS_PORT;
    }

    public String usersDn() {
        return names.usersDn();
    }

    public String groupsDn() {
        return names.groupsDn();
    }

    /** {@code CN=svc-borough-broker,OU=Service Accounts,<base>}: the account the broker binds as. */
    public String bindDn() {
        return names.bindDn();
    }

    /** The service account's password: random, chosen when the domain (or its snapshot) was provisioned. */
    public String bindPassword() {
        return bindPassword;
    }

    /**
     * The test CA's certificate (PEM) that issued this DC's certificate. One CA per JVM: it verifies
     * every domain this JVM started.
     */
    public Path caCertificate() {
        return dir.caCertificate();
    }

    /** The test CA as a PKCS12 trust store for Java clients; password {@link #trustStorePassword()}. */
    public Path trustStore() {
        return dir.trustStore();
    }

    /** The trust stores' password (they hold only public certificates). */
    public String trustStorePassword() {
        return TestCertificates.TRUST_STORE_PASSWORD;
    }

    /** A CA (PEM) unrelated to this DC's certificate: a client trusting only it must be refused. */
    public Path wrongCaCertificate() {
        return dir.wrongCaCertificate();
    }

    /** {@link #wrongCaCertificate()} as a PKCS12 trust store; password {@link #trustStorePassword()}. */
    public Path wrongTrustStore() {
        return dir.wrongTrustStore();
    }

    public Path workDir() {
        return dir.root();
    }

    /** The samba process, for checks that it is gone after {@link #close()}. */
    public long pid() {
        return process.pid();
    }

    /** How this start went, such as "brent: snapshot restored in 0.3 s, samba answered after 1.1 s". */
    public String startupSummary() {
        return summary;
    }

    /** Stops samba (SIGTERM, SIGKILL after 15 s) and waits until it has exited. Safe to call twice. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            RUNNING.remove(this);
            process.stop();
        }
    }

    @Override
    public String toString() {
        return "SambaDomain[" + names.councilId() + " " + names.realm() + " at " + address + ", " + dir.root() + "]";
    }

    /** Collects the settings; {@link #start()} does the work. */
    public static final class Builder {

        private final DomainNames names;
        private final List<Path> ldifFiles = new ArrayList<>();
        private String address;
        private Path workDir;
        private Path cacheDir;

        private Builder(String councilId, String baseDn) {
            Objects.requireNonNull(baseDn, "baseDn");
            this.names = DomainNames.of(councilId, baseDn);
        }

        String councilId() {
            return names.councilId();
        }

        /**
         * The loopback address the DC listens on (all its ports: 389, 636, 88, ...), such as
         * {@code 127.0.0.11}. Required. Any 127.x.y.z works without configuring the interface.
         */
        public Builder address(String address) {
            if (address == null || !LOOPBACK.matcher(address).matches()) {
                throw new IllegalArgumentException("Council " + names.councilId() + ": address '" + address
                        + "' must be a loopback IPv4 address 127.x.y.z");
            }
            this.address = address;
            return this;
        }

        /**
         * Adds people and groups (full DNs under the base DN), in the format of the embedded
         * directories' LDIF: {@code userPassword} in clear text becomes the AD password. May be called
         * several times; see the README of realms/real-ad for the account-state attributes.
         */
        public Builder ldif(Path ldifFile) {
            ldifFiles.add(Objects.requireNonNull(ldifFile, "ldifFile"));
            return this;
        }

        /**
         * The domain's own folder, such as {@code target/samba/brent}. Required. Each start replaces its
         * content; a non-empty folder not created by a SambaDomain is refused.
         */
        public Builder workDir(Path workDir) {
            this.workDir = Objects.requireNonNull(workDir, "workDir");
            return this;
        }

        /**
         * Where snapshots are kept; by default {@code ~/.cache/borough-broker/samba} (see the README of
         * realms/real-ad), or the system property {@code borough.samba.cache}.
         */
        public Builder cacheDir(Path cacheDir) {
            this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
            return this;
        }

        /**
         * Provisions and seeds the domain or restores its snapshot, starts samba and waits until LDAP
         * and LDAPS answer.
         *
         * @throws SambaStartException naming the council and what failed, with the tail of Samba's
         *                             output; no samba process is left running
         */
        public SambaDomain start() {
            if (address == null) {
                throw new IllegalStateException("Council " + names.councilId() + ": address(...) is required");
            }
            if (workDir == null) {
                throw new IllegalStateException("Council " + names.councilId() + ": workDir(...) is required");
            }
            return SambaDomain.start(this);
        }
    }

    private static SambaDomain start(Builder builder) {
        DomainNames names = builder.names;
        String councilId = names.councilId();
        String address = builder.address;
        SambaSupport.Tools tools = SambaSupport.tools(councilId);
        WorkDir dir = WorkDir.prepare(councilId, builder.workDir);
        SambaProcess.stopLeftover(councilId, dir);
        checkPortsFree(councilId, address);
        List<SeedLdif.Source> sources = read(councilId, builder.ldifFiles);
        SnapshotCache cache = new SnapshotCache(builder.cacheDir != null ? builder.cacheDir : SnapshotCache.defaultDir());
        String key = SnapshotCache.key(sambaVersion(councilId, tools, dir), names, address, sources);

        String prepared;
        DomainSecrets secrets;
        try {
            dir.recreate(dir.run());
            dir.recreate(dir.tls());
            writeTls(names, address, dir);
            long begin = System.nanoTime();
            Optional<DomainSecrets> restored = cache.find(key).flatMap(snapshot -> restore(councilId, cache, snapshot, dir, tools));
            if (restored.isPresent()) {
                secrets = restored.get();
                prepared = "snapshot restored in " + seconds(begin);
            } else {
                secrets = Provisioner.provisionAndSeed(names, address, dir, tools, sources);
                String provisioned = seconds(begin);
                long packing = System.nanoTime();
                cache.store(councilId, key, dir.domain(), tools, dir.toolsLog());
                prepared = "provisioned and seeded in " + provisioned + " (snapshot packed in " + seconds(packing) + ")";
            }
            SmbConf.write(dir.smbConf(), names, address, dir);
        } catch (IOException e) {
            throw new SambaStartException("Council " + councilId + ": cannot prepare the domain in " + dir.root()
                    + ": " + e.getMessage(), e);
        }

        long starting = System.nanoTime();
        installShutdownHook();
        SambaProcess process = SambaProcess.start(councilId, tools.samba(), tools.setsid(), dir);
        SambaDomain domain = new SambaDomain(names, address, dir, process, secrets.bindPassword());
        RUNNING.add(domain);
        try {
            awaitLdap(domain);
            awaitVerifiedLdaps(domain);
            String answered = seconds(starting);
            long locking = System.nanoTime();
            AccountLockout.lock(councilId, address, LDAP_PORT, secrets.lockedOut());
            domain.summary = councilId + ": " + prepared + ", samba answered after " + answered
                    + (secrets.lockedOut().isEmpty() ? ""
                    : ", " + secrets.lockedOut().size() + " account(s) locked in " + seconds(locking));
            LOG.log(System.Logger.Level.INFO, domain.summary);
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
    private static Optional<DomainSecrets> restore(String councilId, SnapshotCache cache, Path snapshot, WorkDir dir,
                                                   SambaSupport.Tools tools) {
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

    private static void awaitLdap(SambaDomain domain) {
        String[] last = {"no answer yet"};
        Poll.until(READY_TIMEOUT, POLL_INTERVAL, () -> {
            domain.process.checkAlive("while starting");
            try (LDAPConnection connection = new LDAPConnection(quickOptions(), domain.address, LDAP_PORT)) {
                return Optional.ofNullable(connection.getRootDSE());
            } catch (LDAPException e) {
                last[0] = e.getMessage();
                return Optional.empty();
            }
        }, () -> new SambaStartException("Council " + domain.councilId() + ": samba (pid " + domain.pid()
                + ") did not answer LDAP on " + domain.ldapUrl() + " within " + READY_TIMEOUT.toSeconds() + " s ("
                + last[0] + "; log " + domain.dir.log() + ")" + domain.process.logTail()));
    }

    /** LDAPS must answer with a certificate that verifies against the test CA, host name checked. */
    private static void awaitVerifiedLdaps(SambaDomain domain) {
        String[] last = {"no answer yet"};
        Poll.until(Duration.ofSeconds(10), POLL_INTERVAL, () -> {
            domain.process.checkAlive("while starting");
            try {
                SSLUtil ssl = new SSLUtil(new TrustStoreTrustManager(domain.trustStore().toFile(),
                        domain.trustStorePassword().toCharArray(), "PKCS12", true));
                LDAPConnectionOptions options = quickOptions();
                options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(false));
                try (LDAPConnection connection = new LDAPConnection(ssl.createSSLSocketFactory(), options,
                        domain.address, LDAPS_PORT)) {
                    return Optional.ofNullable(connection.getRootDSE());
                }
            } catch (LDAPException | GeneralSecurityException e) {
                last[0] = e.getMessage();
                return Optional.empty();
            }
        }, () -> new SambaStartException("Council " + domain.councilId() + ": LDAPS on " + domain.ldapsUrl()
                + " did not answer with a certificate the test CA verifies (" + last[0] + "; log " + domain.dir.log()
                + ")" + domain.process.logTail()));
    }

    private static LDAPConnectionOptions quickOptions() {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(1_000);
        options.setResponseTimeoutMillis(5_000);
        return options;
    }

    /** A clear message when another DC (or anything) already listens on the address, instead of samba's. */
    private static void checkPortsFree(String councilId, String address) {
        for (int port : new int[] {LDAP_PORT, LDAPS_PORT}) {
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

    private static void writeTls(DomainNames names, String address, WorkDir dir) throws IOException {
        TestCertificates.writeTrustFiles(TestCertificates.testCa(), dir.caCertificate(), dir.trustStore());
        TestCertificates.writeTrustFiles(TestCertificates.wrongCa(), dir.wrongCaCertificate(), dir.wrongTrustStore());
        TestCertificates.writeServerCertificate(TestCertificates.testCa(), names.dnsHostName(), inet(address),
                dir.serverCertificate(), dir.serverKey());
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

    /** Part of the snapshot key: a Samba upgrade may change what provisioning writes. */
    private static String sambaVersion(String councilId, SambaSupport.Tools tools, WorkDir dir) {
        String version = sambaVersion;
        if (version == null) {
            version = Commands.run(councilId, "ask samba for its version", List.of(tools.samba().toString(), "--version"),
                    Map.of(), dir.toolsLog(), Duration.ofSeconds(30)).trim();
            sambaVersion = version;
        }
        return version;
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

    private static void installShutdownHook() {
        if (HOOK_INSTALLED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(RUNNING).parallelStream().forEach(domain -> {
                try {
                    domain.close();
                } catch (RuntimeException e) {
                    System.err.println("Could not stop " + domain + ": " + e.getMessage());
                }
            }), "samba-domains-shutdown"));
        }
    }
}
