package uk.boroughbroker.model.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CouncilPolicyTest {

    private static final String BRENT_OFFICERS = "CN=GG-RevBen-Officers,OU=Groups,DC=brent,DC=gov,DC=uk";
    private static final String LEWISHAM_OFFICERS = "CN=GG-RevBen-Officers,OU=Groups,DC=lewisham,DC=gov,DC=uk";

    /** A policy built as the realm tooling builds one from a policy file. */
    static final class PolicyBuilder {
        private final Map<String, String> catalogue = new LinkedHashMap<>();
        private final List<CouncilPolicy.Rule> rules = new ArrayList<>();
        private final Map<String, String> clients = new LinkedHashMap<>();
        private final List<String> everyCouncil = new ArrayList<>();

        PolicyBuilder role(String id) {
            catalogue.put(id, "the " + id + " role");
            return this;
        }

        PolicyBuilder rule(String council, String group, String role, String... grantedAt) {
            rules.add(CouncilPolicy.Rule.of(council, group, role, List.of(grantedAt), "policy.yaml:" + (rules.size() + 1)));
            return this;
        }

        PolicyBuilder client(String clientId, String council) {
            clients.put(clientId, council);
            return this;
        }

        PolicyBuilder everyCouncil(String clientId) {
            everyCouncil.add(clientId);
            return this;
        }

        CouncilPolicy build() {
            return new CouncilPolicy(catalogue, rules, clients, everyCouncil);
        }
    }

    private static CouncilPolicy sharedService() {
        return new PolicyBuilder().role("revenues-benefits:officer").role("ict:admin")
                .rule("brent", BRENT_OFFICERS, "revenues-benefits:officer", "brent", "lewisham")
                .rule("lewisham", LEWISHAM_OFFICERS, "revenues-benefits:officer", "lewisham")
                .client("lewisham-revenues", "lewisham").everyCouncil("staff-portal").build();
    }

    @Nested
    class RolesComeOnlyFromTheOwnCouncilsGroups {

        @Test
        void aBrentOfficerHoldsTheRoleWhereverTheRuleGrantsIt() {
            assertThat(sharedService().realmRoles("brent", List.of(BRENT_OFFICERS)))
                    .containsExactly("brent/revenues-benefits:officer", "lewisham/revenues-benefits:officer");
        }

        @Test
        void groupsMatchByWholeDnWhateverTheCaseAndSpacing() {
            String written = "cn=gg-revben-officers, ou=Groups, dc=BRENT, dc=gov, dc=uk";
            assertThat(sharedService().realmRoles("brent", List.of(written))).hasSize(2);
        }

        @Test
        void anotherCouncilsGroupOfTheSameNameGrantsNothing() {
            // Keycloak issue 52048: matching by first RDN would give a Lewisham group Brent's rules.
            assertThat(sharedService().realmRoles("brent", List.of(LEWISHAM_OFFICERS))).isEmpty();
        }

        @Test
        void aPersonOfAnotherCouncilInTheGroupGetsNothingFromBrentsRules() {
            assertThat(sharedService().realmRoles("lewisham", List.of(BRENT_OFFICERS))).isEmpty();
        }

        @Test
        void aValueThatIsNotADnGrantsNothing() {
            assertThat(sharedService().realmRoles("brent", List.of("not a dn", ""))).isEmpty();
        }

        @Test
        void whyNamesTheRuleAndWhereItIsWritten() {
            assertThat(sharedService().why("brent", List.of(BRENT_OFFICERS), "revenues-benefits:officer", "lewisham"))
                    .singleElement().satisfies(rule -> {
                        assertThat(rule.source()).isEqualTo("policy.yaml:1");
                        assertThat(rule.groupAsWritten()).isEqualTo(BRENT_OFFICERS);
                    });
        }
    }

    @Nested
    class TheServerForm {

        @Test
        void readsBackAsThePolicyItWasWrittenFrom() throws IOException {
            CouncilPolicy written = sharedService();
            CouncilPolicy read = CouncilPolicy.parse(written.serverForm().toString());
            assertThat(read.serverForm()).isEqualTo(written.serverForm());
            assertThat(read.realmRoles("brent", List.of(BRENT_OFFICERS)))
                    .isEqualTo(written.realmRoles("brent", List.of(BRENT_OFFICERS)));
            assertThat(read.councilOfClient("lewisham-revenues")).contains("lewisham");
            assertThat(read.seesEveryCouncil("staff-portal")).isTrue();
        }

        @Test
        void writtenBeforeAllCouncilClientsExistedLetsNoAppSeeEveryCouncil() throws IOException {
            CouncilPolicy old = CouncilPolicy.parse("{\"roles\":{\"a:b\":\"x\"},\"rules\":[],\"clients\":{}}");
            assertThat(old.seesEveryCouncil("staff-portal")).isFalse();
        }

        @Test
        void thatIsNotAPolicyIsRefusedWithWhatWasExpected() {
            assertThatThrownBy(() -> CouncilPolicy.parse("[1,2]")).isInstanceOf(IOException.class)
                    .hasMessageContaining("'roles'");
        }

        @Test
        void aRuleWhoseGroupIsNotADnCannotBeBuilt() {
            assertThatThrownBy(() -> CouncilPolicy.Rule.of("brent", "GG-Officers", "a:b", List.of("brent"), "x:1"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'GG-Officers' is not a DN");
        }
    }

    @Nested
    class WhatThePolicyManages {

        @Test
        void aCouncilRoleOfACatalogueRoleIsManaged() {
            assertThat(sharedService().manages("southwark/ict:admin")).isTrue();
        }

        @Test
        void aRoleOutsideTheCatalogueOrNotOfACouncilIsNot() {
            assertThat(sharedService().manages("brent/made-by-hand")).isFalse();
            assertThat(sharedService().manages("ict:admin")).isFalse();
            assertThat(sharedService().manages("Not A Council/ict:admin")).isFalse();
        }

        @Test
        void aManagedRoleIsReadIntoItsCouncilAndCatalogueRole() {
            assertThat(sharedService().managed("southwark/ict:admin"))
                    .contains(new uk.boroughbroker.model.names.CouncilRole("southwark", "ict:admin"));
            assertThat(sharedService().managed("brent/made-by-hand")).isEmpty();
        }

        @Test
        void theCouncilsAreThoseWithRules() {
            assertThat(sharedService().councils()).containsExactly("brent", "lewisham");
        }
    }
}
