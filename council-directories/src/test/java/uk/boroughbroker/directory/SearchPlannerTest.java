package uk.boroughbroker.directory;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.boroughbroker.directory.DemoCouncils.connectAsService;

@DisplayName("Searches planned as a domain controller's optimiser would (SearchPlanner)")
class SearchPlannerTest {

    private final SearchPlanner planner = new SearchPlanner("objectClass", "sAMAccountName", "userPrincipalName",
            "objectGUID", "member", "memberOf", "mail");

    private String plan(String filter) throws Exception {
        return planner.plan(Filter.create(filter)).toString();
    }

    @Test
    void whenObjectClassComesFirstAndAndsAreNestedThenTheSelectiveTermsGoFirstInOneAnd() throws Exception {
        assertThat(plan("(&(&(objectClass=user)(!(objectClass=computer)))"
                + "(|(userPrincipalName=jsmith@brent.gov.uk)(mail=jsmith@brent.gov.uk)))"))
                .isEqualTo("(&(|(userPrincipalName=jsmith@brent.gov.uk)(mail=jsmith@brent.gov.uk))"
                        + "(objectClass=user)(!(objectClass=computer)))");
        assertThat(plan("(&(objectClass=user)(!(objectClass=computer))(objectGUID=\\01\\02))"))
                .isEqualTo("(&(objectGUID=\\01\\02)(objectClass=user)(!(objectClass=computer)))");
    }

    @Test
    void whenTheSelectiveTermIsFirstAlreadyThenTheFilterIsLeftAsWritten() throws Exception {
        String stock = "(&(userPrincipalName=x@brent.gov.uk)(objectclass=person)(objectclass=organizationalPerson)"
                + "(objectclass=user))";

        assertThat(plan(stock)).isEqualTo(stock);
        assertThat(plan("(sAMAccountName=jsmith)")).isEqualTo("(sAMAccountName=jsmith)");
        assertThat(plan("(|(cn=a*)(objectClass=group))")).isEqualTo("(|(cn=a*)(objectClass=group))");
    }

    @Test
    void whenTermsCannotUseAnIndexThenTheyGoLastAndOtherwiseTheClientsOrderIsKept() throws Exception {
        assertThat(plan("(&(cn=John*)(objectClass=person)(department=Housing)(mail=a@b.uk)(sAMAccountName=a))"))
                .isEqualTo("(&(mail=a@b.uk)(sAMAccountName=a)(objectClass=person)(cn=John*)(department=Housing))");
    }

    @Test
    void whenAUserIsLookedUpObjectClassFirstThenTheAnswerIsTheSameAsSelectiveTermFirst() throws Exception {
        try (CouncilDirectory brent = CouncilDirectory.builder("brent", DemoCouncils.baseDn("brent"))
                .ldif(DemoCouncils.ldif("brent")).generatedUsers(200).generatedUserPassword("Load!2026").start();
             LDAPConnection connection = connectAsService(brent)) {
            SearchResult objectClassFirst = connection.search(brent.usersDn(), SearchScope.SUB,
                    "(&(&(objectClass=user)(!(objectClass=computer)))(|(userPrincipalName=loaduser00150@brent.gov.uk)"
                            + "(mail=loaduser00150@brent.gov.uk)))", "sAMAccountName");
            SearchResult selectiveFirst = connection.search(brent.usersDn(), SearchScope.SUB,
                    "(&(userPrincipalName=loaduser00150@brent.gov.uk)(objectClass=user))", "sAMAccountName");
            SearchResult everyUser = connection.search(brent.usersDn(), SearchScope.SUB,
                    "(&(objectClass=user)(!(objectClass=computer)))", "1.1");

            assertThat(objectClassFirst.getSearchEntries()).singleElement()
                    .satisfies(e -> assertThat(e.getAttributeValue("sAMAccountName")).isEqualTo("loaduser00150"));
            assertThat(selectiveFirst.getSearchEntries()).extracting(e -> e.getDN())
                    .isEqualTo(objectClassFirst.getSearchEntries().stream().map(e -> e.getDN()).toList());
            assertThat(everyUser.getEntryCount()).isGreaterThan(200);
        }
    }
}
