package uk.boroughbroker.directory;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.boroughbroker.directory.DemoCouncils.connectAsService;

@DisplayName("A council directory with 10,000 generated users")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedUsersTest {

    private static final int GENERATED = 10_000;
    private static final String PASSWORD = "Load-Test-Only-1";

    private CouncilDirectory brent;

    @BeforeAll
    void start() {
        brent = CouncilDirectory.builder("brent", DemoCouncils.BRENT_BASE)
                .ldif(DemoCouncils.ldif("brent"))
                .generatedUsers(GENERATED)
                .generatedUserPassword(PASSWORD)
                .start();
    }

    @AfterAll
    void stop() {
        brent.close();
    }

    @Test
    void whenStartedThenTheGeneratedUsersAreCountedWithTheNamedStaff() {
        assertThat(brent.userCount()).isEqualTo(12 + GENERATED);
    }

    @Test
    void whenSearchingForTheLastGeneratedUserThenItHasAdAttributesAndGroups() throws LDAPException {
        try (LDAPConnection connection = connectAsService(brent)) {
            SearchResultEntry user = connection.searchForEntry(brent.baseDn(), SearchScope.SUB,
                    "(&(objectClass=user)(sAMAccountName=loaduser10000))");

            assertThat(user).isNotNull();
            assertThat(user.getAttributeValue("userPrincipalName")).isEqualTo("loaduser10000@brent.gov.uk");
            assertThat(user.getAttributeValue("mail")).isEqualTo("loaduser10000@brent.gov.uk");
            assertThat(user.getAttributeValue("givenName")).isNotBlank();
            assertThat(user.getAttributeValue("userAccountControl")).isEqualTo("512");
            assertThat(user.getAttributeValueBytes("objectGUID")).hasSize(16);
            assertThat(user.getAttributeValues("memberOf")).hasSizeBetween(1, 2);
            for (String group : user.getAttributeValues("memberOf")) {
                assertThat(connection.getEntry(group, "member").hasAttributeValue("member", user.getDN()))
                        .as("%s lists %s as member", group, user.getDN()).isTrue();
            }
        }
    }

    @Test
    void whenAGeneratedUserBindsWithTheGeneratedPasswordThenItSucceeds() throws LDAPException {
        try (LDAPConnection connection = new LDAPConnection("127.0.0.1", brent.port(),
                "CN=Load User 00042,OU=Staff," + brent.baseDn(), PASSWORD)) {
            assertThat(connection.isConnected()).isTrue();
        }
    }

    @Test
    void whenCountingGroupMembersThenEveryGeneratedUserIsInAGroup() throws LDAPException {
        try (LDAPConnection connection = connectAsService(brent)) {
            int withGroups = connection.search(brent.usersDn(), SearchScope.SUB,
                    "(&(sAMAccountName=loaduser*)(memberOf=*))", "1.1").getEntryCount();
            assertThat(withGroups).isEqualTo(GENERATED);
        }
    }

    @Test
    void whenStartedAgainThenTheSameUsersAreInTheSameGroups() throws LDAPException {
        try (CouncilDirectory again = CouncilDirectory.builder("brent", DemoCouncils.BRENT_BASE)
                .ldif(DemoCouncils.ldif("brent")).generatedUsers(50).generatedUserPassword(PASSWORD).start();
             CouncilDirectory once = CouncilDirectory.builder("brent", DemoCouncils.BRENT_BASE)
                .ldif(DemoCouncils.ldif("brent")).generatedUsers(50).generatedUserPassword(PASSWORD).start()) {
            assertThat(groupsOf(again, "loaduser00007")).isEqualTo(groupsOf(once, "loaduser00007"));
            assertThat(displayNameOf(again, "loaduser00031")).isEqualTo(displayNameOf(once, "loaduser00031"));
        }
    }

    private static java.util.List<String> groupsOf(CouncilDirectory directory, String sam) throws LDAPException {
        return java.util.List.of(entry(directory, sam).getAttributeValues("memberOf"));
    }

    private static String displayNameOf(CouncilDirectory directory, String sam) throws LDAPException {
        return entry(directory, sam).getAttributeValue("displayName");
    }

    private static SearchResultEntry entry(CouncilDirectory directory, String sam) throws LDAPException {
        try (LDAPConnection connection = connectAsService(directory)) {
            return connection.searchForEntry(directory.usersDn(), SearchScope.SUB, "(sAMAccountName=" + sam + ")");
        }
    }
}
