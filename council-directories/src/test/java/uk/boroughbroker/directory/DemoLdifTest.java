package uk.boroughbroker.directory;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.boroughbroker.directory.DemoCouncils.connectAsService;
import static uk.boroughbroker.directory.DemoCouncils.password;

@DisplayName("The demo LDIF files in realms/demo")
class DemoLdifTest {

    static Stream<String> councils() {
        return DemoCouncils.ids();
    }

    @Test
    void whenListingTheDemoDirectoryThenThereIsOneLdifPerCouncil() throws IOException {
        try (Stream<java.nio.file.Path> files = Files.list(DemoCouncils.DEMO_DIR)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ldif")))
                    .containsExactlyInAnyOrderElementsOf(councils().map(id -> id + ".ldif").toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("councils")
    void whenReadAsTextThenItCarriesTheDemoWarningAndNoServerMaintainedEntries(String council) throws IOException {
        String text = Files.readString(DemoCouncils.ldif(council));

        assertThat(text).contains("DEMO DATA: fictional people; these passwords are published in the README"
                + " and must never be used for anything real");
        assertThat(text).contains("Password pattern: <Council>!<sAMAccountName>1");
        List<String> data = text.lines().filter(line -> !line.startsWith("#")).toList();
        assertThat(data).noneMatch(line -> line.regionMatches(true, 0, "memberOf:", 0, 9))
                .noneMatch(line -> line.regionMatches(true, 0, "dn: OU=", 0, 7))
                .noneMatch(line -> line.toLowerCase(java.util.Locale.ROOT).contains("cn=svc-borough-broker"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("councils")
    void whenLoadedThenItHasAtLeastTwelveStaffAndExactlyOneDisabled(String council) throws LDAPException {
        try (CouncilDirectory directory = DemoCouncils.start(council);
             LDAPConnection connection = connectAsService(directory)) {
            assertThat(directory.userCount()).isGreaterThanOrEqualTo(12);
            assertThat(connection.search(directory.usersDn(), SearchScope.SUB,
                    "(&(objectClass=user)(userAccountControl=514))").getEntryCount()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("councils")
    void whenEveryUserBindsWithTheDocumentedPasswordThenEnabledOnesSucceedAndTheDisabledOneIsRefused(String council)
            throws LDAPException {
        try (CouncilDirectory directory = DemoCouncils.start(council);
             LDAPConnection service = connectAsService(directory)) {
            List<SearchResultEntry> users = service.search(directory.usersDn(), SearchScope.SUB, "(objectClass=user)",
                    "sAMAccountName", "userPrincipalName", "mail", "givenName", "sn", "displayName",
                    "userAccountControl").getSearchEntries();
            String suffix = council + ".gov.uk";
            for (SearchResultEntry user : users) {
                String sam = user.getAttributeValue("sAMAccountName");
                assertThat(user.getAttributeValue("userPrincipalName")).isEqualTo(sam + "@" + suffix);
                assertThat(user.getAttributeValue("mail")).endsWith("@" + suffix);
                assertThat(user.getAttributeValue("displayName"))
                        .isEqualTo(user.getAttributeValue("givenName") + " " + user.getAttributeValue("sn"));
                String password = password(council, sam);
                if (user.getAttributeValueAsInteger("userAccountControl") == 514) {
                    assertThatThrownBy(() -> new LDAPConnection("127.0.0.1", directory.port(), user.getDN(), password).close())
                            .isInstanceOf(LDAPException.class).hasMessageContaining("data 533");
                } else {
                    try (LDAPConnection connection = new LDAPConnection("127.0.0.1", directory.port(), user.getDN(), password)) {
                        assertThat(connection.isConnected()).as(sam).isTrue();
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("councils")
    void whenLoadedThenItHasEightToThirteenGroupsWithOneNestedInAnother(String council) throws LDAPException {
        try (CouncilDirectory directory = DemoCouncils.start(council);
             LDAPConnection connection = connectAsService(directory)) {
            List<SearchResultEntry> groups = connection.search(directory.groupsDn(), SearchScope.ONE,
                    "(objectClass=group)", "groupType", "member", "memberOf", "objectGUID").getSearchEntries();

            // Up to 13: Lewisham also has a decoy group for Keycloak issue 52048 (issue 11 item 10).
            assertThat(groups).hasSizeBetween(8, 13);
            assertThat(groups).allSatisfy(group -> {
                assertThat(group.getAttributeValue("groupType")).isEqualTo("-2147483646");
                assertThat(group.getAttributeValues("member")).isNotEmpty();
                assertThat(group.getAttributeValueBytes("objectGUID")).hasSize(16);
            });
            assertThat(groups).anySatisfy(group -> assertThat(group.getAttributeValues("memberOf")).isNotEmpty());
        }
    }

    @Test
    void whenJsmithLogsIntoBrentAndLewishamThenEachDirectoryOnlyAcceptsItsOwnPassword() throws LDAPException {
        try (CouncilDirectory brent = DemoCouncils.start("brent");
             CouncilDirectory lewisham = DemoCouncils.start("lewisham")) {
            String brentJsmith = dnOf(brent, "jsmith");
            String lewishamJsmith = dnOf(lewisham, "jsmith");
            String brentPassword = password("brent", "jsmith");
            String lewishamPassword = password("lewisham", "jsmith");

            assertThat(brentPassword).isNotEqualTo(lewishamPassword);
            assertThat(canBind(brent, brentJsmith, brentPassword)).isTrue();
            assertThat(canBind(brent, brentJsmith, lewishamPassword)).isFalse();
            assertThat(canBind(lewisham, lewishamJsmith, lewishamPassword)).isTrue();
            assertThat(canBind(lewisham, lewishamJsmith, brentPassword)).isFalse();
        }
    }

    private static String dnOf(CouncilDirectory directory, String sam) throws LDAPException {
        try (LDAPConnection connection = connectAsService(directory)) {
            return connection.searchForEntry(directory.usersDn(), SearchScope.SUB, "(sAMAccountName=" + sam + ")").getDN();
        }
    }

    private static boolean canBind(CouncilDirectory directory, String dn, String password) throws LDAPException {
        try (LDAPConnection connection = new LDAPConnection("127.0.0.1", directory.port(), dn, password)) {
            return connection.isConnected();
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
                return false;
            }
            throw e;
        }
    }
}
