package uk.boroughbroker.directory.samba;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import uk.boroughbroker.directory.CouncilDirectory;
import uk.boroughbroker.directory.DirectoryLayout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.boroughbroker.directory.samba.RealAd.BRENT_BASE;
import static uk.boroughbroker.directory.samba.RealAd.LEWISHAM_BASE;
import static uk.boroughbroker.directory.samba.RealAd.password;

/**
 * Brent (127.0.0.11) and Lewisham (127.0.0.12) as real Active Directories, started together once for
 * the whole class. Skipped where Samba AD cannot run, unless BOROUGH_REAL_AD=required.
 */
@DisplayName("Real AD domain controllers (Samba) for Brent and Lewisham")
class SambaDomainIT {

    private static final String IN_CHAIN = "1.2.840.113556.1.4.1941";
    /** A third address, for the tests that start, crash and stop domains of their own. */
    private static final String SPARE_ADDRESS = "127.0.0.13";

    private static SambaDomains domains;
    private static SambaDomain brent;
    private static SambaDomain lewisham;

    @BeforeAll
    static void startBrentAndLewisham() {
        RealAd.assumeSambaCanRun();
        long begin = System.nanoTime();
        domains = SambaDomains.startAll(RealAd.council("brent", "127.0.0.11"), RealAd.council("lewisham", "127.0.0.12"));
        brent = domains.get("brent");
        lewisham = domains.get("lewisham");
        System.out.printf(Locale.ROOT, "[samba] brent and lewisham started in %.1f s%n  %s%n  %s%n",
                (System.nanoTime() - begin) / 1e9, brent.startupSummary(), lewisham.startupSummary());
    }

    @AfterAll
    static void stopThemAndCheckNothingIsLeft() throws Exception {
        if (domains == null) {
            return;
        }
        long begin = System.nanoTime();
        domains.close();
        System.out.printf(Locale.ROOT, "[samba] brent and lewisham stopped in %d ms%n", (System.nanoTime() - begin) / 1_000_000);
        for (SambaDomain domain : List.of(brent, lewisham)) {
            assertThat(ProcessHandle.of(domain.pid()).filter(ProcessHandle::isAlive)).as(domain + " pid").isEmpty();
            assertThat(RealAd.sambaProcessesUsing(domain.workDir())).as("samba processes using " + domain.workDir()).isEmpty();
        }
    }

    @Nested
    @DisplayName("passwords")
    class Passwords {

        @Test
        void whenJsmithBindsWithHisOwnCouncilsPasswordThenEachDomainAcceptsIt() throws LDAPException {
            assertThat(bind(brent, "CN=John Smith,OU=Staff," + BRENT_BASE, password("brent", "jsmith")))
                    .isEqualTo(ResultCode.SUCCESS);
            assertThat(bind(lewisham, "CN=Jane Smith,OU=Staff," + LEWISHAM_BASE, password("lewisham", "jsmith")))
                    .isEqualTo(ResultCode.SUCCESS);
        }

        @Test
        void whenJsmithBindsWithTheOtherCouncilsPasswordThenTheBindFailsWith52e() {
            assertThat(bindError(brent, "jsmith@brent.gov.uk", password("lewisham", "jsmith")))
                    .contains("AcceptSecurityContext error, data 52e");
            assertThat(bindError(lewisham, "jsmith@lewisham.gov.uk", password("brent", "jsmith")))
                    .contains("AcceptSecurityContext error, data 52e");
        }

        @Test
        void whenJsmithBindsByUserPrincipalNameThenTheDomainAcceptsItAsADcDoes() throws LDAPException {
            assertThat(bind(brent, "jsmith@brent.gov.uk", password("brent", "jsmith"))).isEqualTo(ResultCode.SUCCESS);
        }
    }

    @Nested
    @DisplayName("account states")
    class AccountStates {

        static Stream<Arguments> states() {
            return Stream.of(
                    Arguments.of("brent", "gthompson", "533"), Arguments.of("lewisham", "rlewis", "533"),
                    Arguments.of("brent", "lockedout", "775"), Arguments.of("lewisham", "lockedout", "775"),
                    Arguments.of("brent", "expired", "701"), Arguments.of("lewisham", "expired", "701"),
                    Arguments.of("brent", "pwdexpired", "532"), Arguments.of("lewisham", "pwdexpired", "532"),
                    Arguments.of("brent", "mustchange", "773"), Arguments.of("lewisham", "mustchange", "773"));
        }

        @ParameterizedTest(name = "{0}: {1} with the right password -> data {2}")
        @MethodSource("states")
        void whenAnAccountInAStateBindsWithItsRightPasswordThenTheErrorCarriesTheStatesSubCode(
                String councilId, String account, String subCode) {
            SambaDomain domain = domains.get(councilId);

            assertThat(bindError(domain, account + "@" + councilId + ".gov.uk", password(councilId, account)))
                    .contains("AcceptSecurityContext error, data " + subCode);
        }
    }

    @Nested
    @DisplayName("content")
    class Content {

        @Test
        void whenComparedWithTheEmbeddedDirectoryThenEveryPersonHasTheSameNamesMailStateAndGroups() throws Exception {
            for (SambaDomain domain : List.of(brent, lewisham)) {
                String councilId = domain.councilId();
                try (CouncilDirectory embedded = CouncilDirectory.builder(councilId, domain.baseDn())
                        .ldif(RealAd.DEMO.resolve(councilId + ".ldif")).start();
                     LDAPConnection expected = new LDAPConnection("127.0.0.1", embedded.port(), embedded.bindDn(),
                             embedded.bindPassword());
                     LDAPConnection actual = serviceConnection(domain)) {
                    Map<String, String> embeddedPeople = people(expected, embedded.usersDn());
                    Map<String, String> sambaPeople = people(actual, domain.usersDn());

                    assertThat(embeddedPeople).as(councilId).hasSizeGreaterThan(10);
                    assertThat(sambaPeople).as(councilId).containsAllEntriesOf(embeddedPeople);
                    assertThat(actual.getEntry(domain.bindDn(), "userAccountControl").getAttributeValue("userAccountControl"))
                            .isEqualTo(expected.getEntry(embedded.bindDn(), "userAccountControl")
                                    .getAttributeValue("userAccountControl"));
                }
            }
        }

        @Test
        void whenTheServiceAccountSearchesThenItReadsUsersGroupsAndMemberships() throws LDAPException {
            try (LDAPConnection connection = serviceConnection(brent)) {
                SearchResultEntry jsmith = connection.searchForEntry(brent.usersDn(), SearchScope.SUB,
                        "(sAMAccountName=jsmith)", "userPrincipalName", "mail", "memberOf", "objectGUID", "userAccountControl");

                assertThat(jsmith.getAttributeValue("userPrincipalName")).isEqualTo("jsmith@brent.gov.uk");
                assertThat(jsmith.getAttributeValue("mail")).isEqualTo("john.smith@brent.gov.uk");
                assertThat(jsmith.getAttributeValueBytes("objectGUID")).hasSize(16);
                assertThat(jsmith.getAttributeValue("userAccountControl")).isEqualTo("512");
                assertThat(jsmith.getAttributeValues("memberOf")).containsExactlyInAnyOrder(
                        "CN=GG-RevBen-Officers,OU=Groups," + BRENT_BASE, "CN=GG-CouncilTax-Officers,OU=Groups," + BRENT_BASE);
                assertThat(connection.search(brent.groupsDn(), SearchScope.ONE, "(objectClass=group)", "member")
                        .getEntryCount()).isEqualTo(12);
            }
        }

        @Test
        void whenTheServiceAccountIsLookedAtThenItIsAnOrdinaryDomainUserThatCannotChangeAnything() throws LDAPException {
            try (LDAPConnection connection = serviceConnection(brent)) {
                SearchResultEntry account = connection.getEntry(brent.bindDn(), "primaryGroupID", "memberOf");
                assertThat(account.getAttributeValue("primaryGroupID")).as("Domain Users").isEqualTo("513");
                assertThat(account.getAttributeValues("memberOf")).as("no other group").isNull();

                assertThatThrownBy(() -> connection.modify("CN=John Smith,OU=Staff," + BRENT_BASE,
                        new Modification(ModificationType.REPLACE, "description", "changed by the broker")))
                        .isInstanceOfSatisfying(LDAPException.class, e ->
                                assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
            }
        }

        @Test
        void whenSearchingWithTheInChainRuleThenMembersOfNestedGroupsAreFound() throws LDAPException {
            assertThat(inChainMembers(brent, "CN=GG-AllStaff,OU=Groups," + BRENT_BASE))
                    .contains("jsmith", "aokafor", "gthompson") // aokafor: Managers in Officers in AllStaff
                    .doesNotContain("lockedout", DirectoryLayout.SERVICE_ACCOUNT_NAME);
            assertThat(inChainMembers(lewisham, "CN=All Lewisham Staff,OU=Groups," + LEWISHAM_BASE))
                    .contains("jsmith", "obalogun");
            try (LDAPConnection connection = serviceConnection(brent)) {
                assertThat(connection.search(brent.usersDn(), SearchScope.SUB,
                        "(memberOf=CN=GG-AllStaff,OU=Groups," + BRENT_BASE + ")").getEntryCount())
                        .as("direct members only: AllStaff holds groups, not people").isZero();
            }
        }

        private Set<String> inChainMembers(SambaDomain domain, String groupDn) throws LDAPException {
            try (LDAPConnection connection = serviceConnection(domain)) {
                return connection.search(domain.usersDn(), SearchScope.SUB,
                                "(memberOf:" + IN_CHAIN + ":=" + groupDn + ")", "sAMAccountName")
                        .getSearchEntries().stream().map(e -> e.getAttributeValue("sAMAccountName"))
                        .collect(Collectors.toSet());
            }
        }

        /** DN -> the attributes both directories must agree on, normalised. */
        private Map<String, String> people(LDAPConnection connection, String usersDn) throws LDAPException {
            Map<String, String> people = new LinkedHashMap<>();
            for (SearchResultEntry entry : connection.search(usersDn, SearchScope.SUB, "(objectClass=user)",
                    "sAMAccountName", "userPrincipalName", "mail", "userAccountControl", "memberOf").getSearchEntries()) {
                Set<String> groups = new TreeSet<>();
                for (String group : entry.getAttributeValues("memberOf") == null ? new String[0]
                        : entry.getAttributeValues("memberOf")) {
                    groups.add(new DN(group).toNormalizedString());
                }
                people.put(entry.getParsedDN().toNormalizedString(), String.join(" | ",
                        entry.getAttributeValue("sAMAccountName"), entry.getAttributeValue("userPrincipalName"),
                        entry.getAttributeValue("mail"), entry.getAttributeValue("userAccountControl"), groups.toString()));
            }
            return people;
        }
    }

    @Nested
    @DisplayName("TLS")
    class Tls {

        @Test
        void whenLdapsIsVerifiedAgainstTheTestCaWithHostNameCheckingThenTheServiceAccountBinds() throws Exception {
            for (SambaDomain domain : List.of(brent, lewisham)) {
                try (LDAPConnection connection = ldaps(domain, domain.trustStore())) {
                    assertThat(connection.bind(domain.bindDn(), domain.bindPassword()).getResultCode())
                            .isEqualTo(ResultCode.SUCCESS);
                    assertThat(connection.getSSLSession().getPeerCertificates()).hasSize(1);
                }
            }
        }

        @Test
        void whenLdapsTrustsOnlyAnUnrelatedCaThenTheConnectionIsRefused() {
            assertThatThrownBy(() -> ldaps(brent, brent.wrongTrustStore()).close())
                    .isInstanceOf(LDAPException.class)
                    .satisfies(e -> assertThat(((LDAPException) e).getResultCode()).isEqualTo(ResultCode.CONNECT_ERROR));
        }

        @Test
        void whenStartTlsIsVerifiedAgainstTheCaPemThenTheConnectionIsEncryptedAndBinds() throws Exception {
            try (LDAPConnection connection = startTls(lewisham, lewisham.caCertificate())) {
                assertThat(connection.getSSLSession()).isNotNull();
                assertThat(connection.bind(lewisham.bindDn(), lewisham.bindPassword()).getResultCode())
                        .isEqualTo(ResultCode.SUCCESS);
            }
        }

        @Test
        void whenStartTlsTrustsOnlyAnUnrelatedCaThenItIsRefused() {
            assertThatThrownBy(() -> startTls(lewisham, lewisham.wrongCaCertificate()).close())
                    .isInstanceOf(LDAPException.class);
        }

        private LDAPConnection ldaps(SambaDomain domain, Path trustStore) throws Exception {
            SSLUtil ssl = new SSLUtil(new TrustStoreTrustManager(trustStore.toFile(),
                    domain.trustStorePassword().toCharArray(), "PKCS12", true));
            return new LDAPConnection(ssl.createSSLSocketFactory(), verifyingHostName(), domain.address(), 636);
        }

        private LDAPConnection startTls(SambaDomain domain, Path caPem) throws Exception {
            LDAPConnection connection = new LDAPConnection(verifyingHostName(), domain.address(), 389);
            try {
                ExtendedResult result = connection.processExtendedOperation(
                        new StartTLSExtendedRequest(new SSLUtil(new PEMFileTrustManager(caPem.toFile())).createSSLContext()));
                if (result.getResultCode() != ResultCode.SUCCESS) {
                    throw new LDAPException(result);
                }
                return connection;
            } catch (Exception e) {
                connection.close();
                throw e;
            }
        }

        private LDAPConnectionOptions verifyingHostName() {
            LDAPConnectionOptions options = options();
            options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(false));
            return options;
        }
    }

    @Nested
    @DisplayName("lifecycle (a spare domain on 127.0.0.13)")
    class Lifecycle {

        private SambaDomain.Builder spare(Path workDir) {
            return SambaDomain.builder("southwark", "DC=southwark,DC=gov,DC=uk").address(SPARE_ADDRESS).workDir(workDir);
        }

        @Test
        void whenAnEarlierRunLeftSambaRunningThenTheNextStartStopsItAndCloseLeavesNoProcess() throws Exception {
            Path workDir = RealAd.WORK.resolve("southwark-crash");
            SambaDomain crashed = spare(workDir).start(); // never closed: as if its JVM had been killed
            long crashedPid = crashed.pid();

            try (SambaDomain next = spare(workDir).start()) {
                assertThat(ProcessHandle.of(crashedPid).filter(ProcessHandle::isAlive)).isEmpty();
                assertThat(RealAd.sambaProcessesUsing(workDir)).containsExactly(next.pid());
            }

            assertThat(RealAd.sambaProcessesUsing(workDir)).isEmpty();
            crashed.close(); // its process is long gone: nothing to do, and no error
        }

        @Test
        void whenTheAddressIsTakenThenStartFailsNamingCouncilAndAddress() throws Exception {
            try (ServerSocket squatter = new ServerSocket(389, 1, InetAddress.getByName(SPARE_ADDRESS))) {
                assertThatThrownBy(() -> spare(RealAd.WORK.resolve("southwark-busy")).start())
                        .isInstanceOf(SambaStartException.class)
                        .hasMessageContaining("Council southwark")
                        .hasMessageContaining(SPARE_ADDRESS + ":389 is already in use");
            }
        }

        @Test
        void whenAnLdifEntryIsOutsideTheBaseDnThenStartFailsNamingCouncilFileAndEntry() throws Exception {
            Path ldif = Files.createDirectories(RealAd.WORK).resolve("wrong-council.ldif");
            Files.writeString(ldif, """
                    dn: CN=Ada Lovelace,OU=Staff,DC=lewisham,DC=gov,DC=uk
                    objectClass: user
                    cn: Ada Lovelace
                    sAMAccountName: alovelace
                    """);

            assertThatThrownBy(() -> spare(RealAd.WORK.resolve("southwark-bad-ldif")).ldif(ldif).start())
                    .isInstanceOf(SambaStartException.class)
                    .hasMessageContaining("Council southwark")
                    .hasMessageContaining("wrong-council.ldif")
                    .hasMessageContaining("CN=Ada Lovelace,OU=Staff,DC=lewisham,DC=gov,DC=uk")
                    .hasMessageContaining("not under the base DN DC=southwark,DC=gov,DC=uk");
            assertThat(RealAd.sambaProcessesUsing(RealAd.WORK.resolve("southwark-bad-ldif"))).isEmpty();
        }
    }

    private static ResultCode bind(SambaDomain domain, String user, String password) throws LDAPException {
        try (LDAPConnection connection = new LDAPConnection(options(), domain.address(), 389)) {
            return connection.bind(user, password).getResultCode();
        }
    }

    /** The diagnostic message of a failed simple bind (AD puts the sub-code there), or a failure if it worked. */
    private static String bindError(SambaDomain domain, String user, String password) {
        try (LDAPConnection connection = new LDAPConnection(options(), domain.address(), 389)) {
            connection.bind(user, password);
            throw new AssertionError(user + " could bind to " + domain.councilId());
        } catch (LDAPException e) {
            assertThat(e.getResultCode()).as(e.getMessage()).isEqualTo(ResultCode.INVALID_CREDENTIALS);
            return e.getDiagnosticMessage();
        }
    }

    private static LDAPConnection serviceConnection(SambaDomain domain) throws LDAPException {
        return new LDAPConnection(options(), domain.address(), 389, domain.bindDn(), domain.bindPassword());
    }

    private static LDAPConnectionOptions options() {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(2_000);
        options.setResponseTimeoutMillis(10_000);
        return options;
    }
}
