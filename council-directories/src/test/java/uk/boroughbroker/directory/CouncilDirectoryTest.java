package uk.boroughbroker.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.boroughbroker.directory.DemoCouncils.BRENT_BASE;
import static uk.boroughbroker.directory.DemoCouncils.connectAsService;
import static uk.boroughbroker.directory.DemoCouncils.password;

@DisplayName("A council directory started from Brent's demo LDIF")
class CouncilDirectoryTest {

    private static final String JOHN_SMITH = "CN=John Smith,OU=Staff," + BRENT_BASE;
    private static final String GRACE_THOMPSON = "CN=Grace Thompson,OU=Staff," + BRENT_BASE; // the disabled one
    private static final String FATIMA_HUSSAIN = "CN=Fatima Hussain,OU=Staff," + BRENT_BASE;
    private static final String HOUSING = "CN=GG-Housing-Officers,OU=Groups," + BRENT_BASE;
    private static final String REVBEN_OFFICERS = "CN=GG-RevBen-Officers,OU=Groups," + BRENT_BASE;
    private static final String REVBEN_MANAGERS = "CN=GG-RevBen-Managers,OU=Groups," + BRENT_BASE;

    private CouncilDirectory brent;

    @BeforeEach
    void startBrent() {
        brent = DemoCouncils.start("brent");
    }

    @AfterEach
    void stopBrent() {
        brent.close();
    }

    @Nested
    @DisplayName("reports where it is")
    class Coordinates {

        @Test
        void whenStartedThenItDescribesItsLayoutAndListensOnLoopback() {
            assertThat(brent.councilId()).isEqualTo("brent");
            assertThat(brent.port()).isPositive();
            assertThat(brent.url()).isEqualTo("ldap://127.0.0.1:" + brent.port());
            assertThat(brent.baseDn()).isEqualTo(BRENT_BASE);
            assertThat(brent.usersDn()).isEqualTo("OU=Staff," + BRENT_BASE);
            assertThat(brent.groupsDn()).isEqualTo("OU=Groups," + BRENT_BASE);
            assertThat(brent.bindDn()).isEqualTo("CN=svc-borough-broker,OU=Service Accounts," + BRENT_BASE);
            assertThat(brent.userCount()).isEqualTo(12);
        }

        @Test
        void whenNoBindPasswordIsGivenThenEachDirectoryGetsItsOwnRandom24CharacterOne() {
            try (CouncilDirectory other = DemoCouncils.start("brent")) {
                assertThat(brent.bindPassword()).hasSize(24).isNotEqualTo(other.bindPassword());
                assertThat(other.port()).isNotEqualTo(brent.port());
            }
        }

        @Test
        void whenABindPasswordIsGivenThenTheServiceAccountUsesIt() throws LDAPException {
            try (CouncilDirectory fixed = CouncilDirectory.builder("brent", BRENT_BASE)
                    .bindPassword("correct horse battery staple").start();
                 LDAPConnection connection = new LDAPConnection("127.0.0.1", fixed.port(), fixed.bindDn(),
                         "correct horse battery staple")) {
                assertThat(connection.isConnected()).isTrue();
                assertThat(fixed.bindPassword()).isEqualTo("correct horse battery staple");
            }
        }
    }

    @Nested
    @DisplayName("authenticates like a domain controller")
    class Binding {

        @Test
        void whenTheServiceAccountBindsWithTheBindPasswordThenItSucceeds() throws LDAPException {
            try (LDAPConnection connection = connectAsService(brent)) {
                assertThat(connection.getLastBindRequest()).isNotNull();
            }
        }

        @Test
        void whenTheServiceAccountBindsWithAWrongPasswordThenItFails() {
            assertThatThrownBy(() -> new LDAPConnection("127.0.0.1", brent.port(), brent.bindDn(), "not-the-password"))
                    .isInstanceOfSatisfying(LDAPException.class,
                            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INVALID_CREDENTIALS));
        }

        @Test
        void whenAUserBindsWithTheirDnAndPasswordThenItSucceeds() throws LDAPException {
            try (LDAPConnection connection = new LDAPConnection("127.0.0.1", brent.port(), JOHN_SMITH,
                    password("brent", "jsmith"))) {
                assertThat(connection.isConnected()).isTrue();
            }
        }

        @Test
        void whenADisabledUserBindsWithTheRightPasswordThenItIsRefusedWithAdsAccountDisabledCode() {
            assertThatThrownBy(() -> new LDAPConnection("127.0.0.1", brent.port(), GRACE_THOMPSON,
                    password("brent", "gthompson")))
                    .isInstanceOfSatisfying(LDAPException.class, e -> {
                        assertThat(e.getResultCode()).isEqualTo(ResultCode.INVALID_CREDENTIALS);
                        assertThat(e.getDiagnosticMessage()).contains("AcceptSecurityContext error, data 533");
                    });
        }

        @Test
        void whenADisabledUserBindsWithAWrongPasswordThenItIsAnOrdinaryFailure() {
            assertThatThrownBy(() -> new LDAPConnection("127.0.0.1", brent.port(), GRACE_THOMPSON, "guess"))
                    .isInstanceOfSatisfying(LDAPException.class, e -> {
                        assertThat(e.getResultCode()).isEqualTo(ResultCode.INVALID_CREDENTIALS);
                        assertThat(String.valueOf(e.getDiagnosticMessage())).doesNotContain("data 533");
                    });
        }

        @Test
        void whenPasswordsAreReadBackThenTheyAreSaltedHashesNotClearText() throws LDAPException {
            try (LDAPConnection connection = connectAsService(brent)) {
                String stored = connection.getEntry(JOHN_SMITH, "userPassword").getAttributeValue("userPassword");
                String service = connection.getEntry(brent.bindDn(), "userPassword").getAttributeValue("userPassword");

                assertThat(stored).startsWith("{SSHA256}").doesNotContain("jsmith");
                assertThat(service).startsWith("{SSHA256}").doesNotContain(brent.bindPassword());
            }
        }

        @Test
        void whenAnAnonymousClientTriesToChangeAnEntryThenItIsRefused() throws LDAPException {
            try (LDAPConnection anonymous = new LDAPConnection("127.0.0.1", brent.port())) {
                assertThatThrownBy(() -> anonymous.modify(JOHN_SMITH,
                        new Modification(ModificationType.REPLACE, "title", "Chief Executive")))
                        .isInstanceOf(LDAPException.class);
            }
        }
    }

    @Nested
    @DisplayName("answers searches")
    class Searching {

        @Test
        void whenSearchingForJsmithBySamAccountNameThenExactlyOneUserIsFound() throws LDAPException {
            try (LDAPConnection connection = connectAsService(brent)) {
                SearchResult result = connection.search(BRENT_BASE, SearchScope.SUB,
                        "(&(objectClass=user)(sAMAccountName=jsmith))");

                assertThat(result.getSearchEntries()).singleElement().satisfies(entry -> {
                    assertThat(new DN(entry.getDN())).isEqualTo(new DN(JOHN_SMITH));
                    assertThat(entry.getAttributeValue("userPrincipalName")).isEqualTo("jsmith@brent.gov.uk");
                    assertThat(entry.getAttributeValue("mail")).isEqualTo("john.smith@brent.gov.uk");
                    assertThat(entry.getAttributeValue("givenName")).isEqualTo("John");
                    assertThat(entry.getAttributeValue("sn")).isEqualTo("Smith");
                });
            }
        }

        @Test
        void whenSearchingWithDifferentCaseThenAdAttributesMatchCaseInsensitively() throws LDAPException {
            try (LDAPConnection connection = connectAsService(brent)) {
                assertThat(connection.search(BRENT_BASE, SearchScope.SUB, "(samaccountname=JSMITH)").getEntryCount())
                        .isEqualTo(1);
                assertThat(connection.search(BRENT_BASE, SearchScope.SUB, "(userPrincipalName=JSmith@Brent.gov.uk)")
                        .getEntryCount()).isEqualTo(1);
            }
        }

        @Test
        void whenSearchingWithKeycloaksAdUserFilterThenEveryStaffMemberButNotTheServiceAccountIsFound()
                throws LDAPException {
            try (LDAPConnection connection = connectAsService(brent)) {
                SearchResult result = connection.search(brent.usersDn(), SearchScope.SUB,
                        "(&(objectClass=person)(objectClass=organizationalPerson)(objectClass=user))", "sAMAccountName");

                assertThat(result.getEntryCount()).isEqualTo(brent.userCount());
                assertThat(result.getSearchEntries()).extracting(e -> e.getAttributeValue("sAMAccountName"))
                        .doesNotContain("svc-borough-broker");
            }
        }
    }

    @Nested
    @DisplayName("gives every user and group an objectGUID")
    class ObjectGuids {

        @Test
        void whenReadThenObjectGuidIsSixteenBytesAndDerivedFromCouncilAndDn() throws LDAPException {
            byte[] guid = objectGuid(brent, JOHN_SMITH);

            UUID expected = UUID.nameUUIDFromBytes(
                    ("brent:" + JOHN_SMITH.toLowerCase()).getBytes(StandardCharsets.UTF_8));
            assertThat(guid).hasSize(16);
            assertThat(AdGuid.fromBytes(guid)).isEqualTo(expected);
        }

        @Test
        void whenStartedTwiceThenTheObjectGuidsAreTheSame() throws LDAPException {
            try (CouncilDirectory again = DemoCouncils.start("brent")) {
                assertThat(objectGuid(again, JOHN_SMITH)).isEqualTo(objectGuid(brent, JOHN_SMITH));
                assertThat(objectGuid(again, HOUSING)).isEqualTo(objectGuid(brent, HOUSING));
            }
        }

        @Test
        void whenTheSameDnIsInAnotherCouncilThenItsObjectGuidDiffers() throws LDAPException {
            String ldif = """
                    dn: CN=John Smith,OU=Staff,DC=brent,DC=gov,DC=uk
                    objectClass: top
                    objectClass: person
                    objectClass: organizationalPerson
                    objectClass: user
                    cn: John Smith
                    sn: Smith
                    """;
            try (CouncilDirectory elsewhere = CouncilDirectory.builder("not-brent", BRENT_BASE)
                    .ldif(new ByteArrayInputStream(ldif.getBytes(StandardCharsets.UTF_8)), "inline.ldif").start()) {
                assertThat(objectGuid(elsewhere, JOHN_SMITH)).hasSize(16).isNotEqualTo(objectGuid(brent, JOHN_SMITH));
            }
        }

        @Test
        void whenSearchingByObjectGuidThenTheUserIsFound() throws LDAPException {
            byte[] guid = objectGuid(brent, JOHN_SMITH);
            try (LDAPConnection connection = connectAsService(brent)) {
                SearchResult result = connection.search(BRENT_BASE, SearchScope.SUB,
                        com.unboundid.ldap.sdk.Filter.createEqualityFilter("objectGUID", guid));
                assertThat(result.getEntryCount()).isEqualTo(1);
            }
        }

        private byte[] objectGuid(CouncilDirectory directory, String dn) throws LDAPException {
            try (LDAPConnection connection = connectAsService(directory)) {
                return connection.getEntry(dn, "objectGUID").getAttributeValueBytes("objectGUID");
            }
        }
    }

    @Nested
    @DisplayName("keeps memberOf consistent with member")
    class Membership {

        @Test
        void whenLoadedThenEveryMemberHasTheMatchingMemberOfAndNothingElse() throws LDAPException {
            assertMembershipConsistent();
        }

        @Test
        void whenLoadedThenNestedGroupsCarryMemberOfToo() throws LDAPException {
            assertThat(memberOf(REVBEN_MANAGERS)).contains(new DN(REVBEN_OFFICERS));
            assertThat(memberOf(HOUSING)).contains(new DN("CN=GG-AllStaff,OU=Groups," + BRENT_BASE));
        }

        @Test
        void whenAMemberIsAddedThenGroupAndUserBothChange() throws LDAPException {
            brent.addMember(HOUSING, JOHN_SMITH);

            assertThat(members(HOUSING)).contains(new DN(JOHN_SMITH));
            assertThat(memberOf(JOHN_SMITH)).contains(new DN(HOUSING));
            assertMembershipConsistent();
        }

        @Test
        void whenAMemberIsAddedTwiceThenNothingChangesTheSecondTime() throws LDAPException {
            brent.addMember(HOUSING, JOHN_SMITH);
            brent.addMember(HOUSING, JOHN_SMITH);

            DN john = new DN(JOHN_SMITH);
            assertThat(members(HOUSING)).filteredOn(john::equals).hasSize(1);
            assertMembershipConsistent();
        }

        @Test
        void whenAMemberIsRemovedThenGroupAndUserBothChange() throws LDAPException {
            brent.removeMember(HOUSING, FATIMA_HUSSAIN);

            assertThat(members(HOUSING)).doesNotContain(new DN(FATIMA_HUSSAIN));
            assertThat(memberOf(FATIMA_HUSSAIN)).doesNotContain(new DN(HOUSING));
            assertMembershipConsistent();
        }

        @Test
        void whenTheDnsDifferOnlyInCaseThenTheyStillMatch() throws LDAPException {
            brent.removeMember(HOUSING.toLowerCase(), FATIMA_HUSSAIN.toUpperCase());

            assertThat(members(HOUSING)).doesNotContain(new DN(FATIMA_HUSSAIN));
            assertMembershipConsistent();
        }

        @Test
        void whenTheGroupOrMemberDoesNotExistThenItSaysSo() {
            assertThatThrownBy(() -> brent.addMember("CN=Nope,OU=Groups," + BRENT_BASE, JOHN_SMITH))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CN=Nope");
            assertThatThrownBy(() -> brent.addMember(HOUSING, "CN=Nobody,OU=Staff," + BRENT_BASE))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CN=Nobody");
            assertThatThrownBy(() -> brent.addMember(JOHN_SMITH, FATIMA_HUSSAIN))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a group");
        }

        @Test
        void whenTheMemberIsDeletedOverLdapThenTheGroupForgetsIt() throws LDAPException {
            try (LDAPConnection connection = connectAsService(brent)) {
                connection.delete(FATIMA_HUSSAIN);
            }

            assertThat(members(HOUSING)).doesNotContain(new DN(FATIMA_HUSSAIN));
            assertMembershipConsistent();
        }

        private void assertMembershipConsistent() throws LDAPException {
            Set<List<DN>> memberLinks = new HashSet<>();   // (group, member)
            Set<List<DN>> memberOfLinks = new HashSet<>(); // (group, member) as seen from the member
            try (LDAPConnection connection = connectAsService(brent)) {
                for (SearchResultEntry entry : connection.search(BRENT_BASE, SearchScope.SUB,
                        "(|(member=*)(memberOf=*))", "member", "memberOf").getSearchEntries()) {
                    DN self = entry.getParsedDN();
                    for (DN member : dns(entry.getAttributeValues("member"))) {
                        memberLinks.add(List.of(self, member));
                    }
                    for (DN group : dns(entry.getAttributeValues("memberOf"))) {
                        memberOfLinks.add(List.of(group, self));
                    }
                }
            }
            assertThat(memberLinks).isNotEmpty();
            assertThat(memberOfLinks).isEqualTo(memberLinks);
        }

        private List<DN> members(String groupDn) throws LDAPException {
            return values(groupDn, "member");
        }

        private List<DN> memberOf(String dn) throws LDAPException {
            return values(dn, "memberOf");
        }

        private List<DN> values(String dn, String attribute) throws LDAPException {
            try (LDAPConnection connection = connectAsService(brent)) {
                return dns(connection.getEntry(dn, attribute).getAttributeValues(attribute));
            }
        }

        private static List<DN> dns(String[] values) throws LDAPException {
            List<DN> dns = new ArrayList<>();
            for (String value : values == null ? new String[0] : values) {
                dns.add(new DN(value));
            }
            return dns;
        }
    }

    @Nested
    @DisplayName("keeps userAccountControl")
    class AccountControl {

        @Test
        void whenLoadedThenTheDisabledUserHas514AndOthers512() throws LDAPException {
            try (LDAPConnection connection = connectAsService(brent)) {
                assertThat(uac(connection, GRACE_THOMPSON)).isEqualTo(514);
                assertThat(uac(connection, JOHN_SMITH)).isEqualTo(512);
            }
        }

        @Test
        void whenTheLdifHasNoUserAccountControlThenTheUserIsEnabled() throws LDAPException {
            String ldif = StartFailureTest.USER_HEADER + "sAMAccountName: alovelace\n";
            try (CouncilDirectory directory = CouncilDirectory.builder("brent", BRENT_BASE)
                    .ldif(new ByteArrayInputStream(ldif.getBytes(StandardCharsets.UTF_8)), "inline.ldif").start();
                 LDAPConnection connection = connectAsService(directory)) {
                assertThat(uac(connection, "CN=Ada Lovelace,OU=Staff," + BRENT_BASE)).isEqualTo(512);
            }
        }

        @Test
        void whenAUserIsDisabledThenTheyCanNoLongerBindAndWhenReEnabledTheyCan() throws LDAPException {
            brent.setUserAccountControl(JOHN_SMITH, 514);

            assertThatThrownBy(() -> new LDAPConnection("127.0.0.1", brent.port(), JOHN_SMITH, password("brent", "jsmith")))
                    .isInstanceOf(LDAPException.class).hasMessageContaining("data 533");

            brent.setUserAccountControl(JOHN_SMITH, 512);
            try (LDAPConnection connection = new LDAPConnection("127.0.0.1", brent.port(), JOHN_SMITH,
                    password("brent", "jsmith"))) {
                assertThat(uac(connection, JOHN_SMITH)).isEqualTo(512);
            }
        }

        private int uac(LDAPConnection connection, String dn) throws LDAPException {
            return connection.getEntry(dn, "userAccountControl").getAttributeValueAsInteger("userAccountControl");
        }
    }

    @Nested
    @DisplayName("counts client traffic")
    class Traffic {

        @Test
        void whenAClientBindsAndSearchesThenTwoOperationsAreCounted() throws LDAPException {
            long before = brent.operationCount();
            try (LDAPConnection connection = connectAsService(brent)) {
                connection.search(brent.usersDn(), SearchScope.SUB, "(sAMAccountName=jsmith)");
            }

            assertThat(brent.operationCount()).isEqualTo(before + 2);
        }

        @Test
        void whenTheDirectoryWorksOnItselfThenNothingIsCounted() {
            long before = brent.operationCount();

            brent.addMember(HOUSING, JOHN_SMITH);
            brent.removeMember(HOUSING, JOHN_SMITH);
            brent.setUserAccountControl(JOHN_SMITH, 512);
            brent.userCount();

            assertThat(before).isZero();
            assertThat(brent.operationCount()).isZero();
        }

        @Test
        void whenABindIsRefusedThenItIsStillCounted() {
            long before = brent.operationCount();

            assertThatThrownBy(() -> new LDAPConnection("127.0.0.1", brent.port(), GRACE_THOMPSON,
                    password("brent", "gthompson"))).isInstanceOf(LDAPException.class);

            assertThat(brent.operationCount()).isEqualTo(before + 1);
        }
    }

    @Nested
    @DisplayName("shuts down")
    class Closing {

        @Test
        void whenClosedThenItRefusesConnectionsAndClosingAgainIsHarmless() {
            brent.close();
            brent.close();

            assertThatThrownBy(() -> new LDAPConnection("127.0.0.1", brent.port()))
                    .isInstanceOfSatisfying(LDAPException.class,
                            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.CONNECT_ERROR));
        }

        @Test
        void whenClosedThenItsPortCanBeUsedAgain() {
            int port = brent.port();
            brent.close();

            try (CouncilDirectory again = CouncilDirectory.builder("brent", BRENT_BASE).port(port).start()) {
                assertThat(again.port()).isEqualTo(port);
            }
        }
    }
}
