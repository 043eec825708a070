package uk.boroughbroker.directory.samba;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * change nothing. It is also granted List Contents + Read Property on CN=Deleted Objects, so it sees
 * tombstones, as decision 0028 asks a council's AD admin to grant.
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

    static final int LDAP_PORT = 389;
    static final int LDAPS_PORT = 636;
    private static final Pattern LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private final DomainNames names;
    private final String address;
    private final WorkDir dir;
    private final SambaProcess process;
    private final String bindPassword;
    private final String adminPassword;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String summary = "";

    SambaDomain(DomainNames names, String address, WorkDir dir, SambaProcess process, String bindPassword,
                String adminPassword) {
        this.names = names;
        this.address = address;
        this.dir = dir;
        this.process = process;
        this.bindPassword = bindPassword;
        this.adminPassword = adminPassword;
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
     * The domain Administrator as a simple-bind name ({@code administrator@brent.gov.uk}), for tests
     * that change the directory as a council's AD admin would (the broker's account cannot).
     */
    public String adminBindName() {
        return "administrator@" + names.upnSuffix();
    }

    /** The domain Administrator's password: random, chosen when the domain (or its snapshot) was provisioned. */
    public String adminPassword() {
        return adminPassword;
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

    void startupSummary(String summary) {
        this.summary = summary;
    }

    /** Stops samba (SIGTERM, SIGKILL after 15 s) and waits until it has exited. Safe to call twice. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            RunningDomains.remove(this);
            process.stop();
        }
    }

    @Override
    public String toString() {
        return "SambaDomain[" + names.councilId() + " " + names.realm() + " at " + address + ", " + dir.root() + "]";
    }

    /** Collects the settings; {@link #start()} does the work (see DomainStart). */
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
            return DomainStart.start(names, address, ldifFiles, workDir, cacheDir);
        }
    }
}
