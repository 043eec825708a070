package uk.boroughbroker.model.names;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CouncilNamesTest {

    @Nested
    class CouncilIds {

        @Test
        void areLowerCaseLettersDigitsAndHyphensStartingWithALetter() {
            assertThat(CouncilNames.isCouncilId("barking-dagenham")).isTrue();
            assertThat(CouncilNames.isCouncilId("Brent")).isFalse();
            assertThat(CouncilNames.isCouncilId("1brent")).isFalse();
            assertThat(CouncilNames.isCouncilId("b")).isFalse();
            assertThat(CouncilNames.isCouncilId(null)).isFalse();
        }
    }

    @Nested
    class Domains {

        @Test
        void aPlainDomainIsValid() {
            assertThat(CouncilNames.domainProblem("brent.gov.uk")).isEmpty();
            assertThat(CouncilNames.domainProblem("xn--bcher-kva.example")).isEmpty();
        }

        @Test
        void anEmptyLabelIsNamed() {
            assertThat(CouncilNames.domainProblem("brent..gov.uk")).get().asString().contains("empty label");
        }

        @Test
        void anInternationalisedNameIsGivenItsPunycodeForm() {
            assertThat(CouncilNames.domainProblem("bücher.example")).get().asString().contains("'xn--bcher-kva.example'");
        }

        @Test
        void aNameTooLongIsRefused() {
            assertThat(CouncilNames.isDomain("a".repeat(250) + ".uk")).isFalse();
        }
    }

    @Nested
    class RoleAndScopeNames {

        @Test
        void aCouncilRoleNameReadsBackAsItsParts() {
            String name = CouncilRole.name("lewisham", "revenues-benefits:officer");
            assertThat(name).isEqualTo("lewisham/revenues-benefits:officer");
            assertThat(CouncilRole.parse(name)).contains(new CouncilRole("lewisham", "revenues-benefits:officer"));
        }

        @Test
        void aRoleNameWithoutACouncilIdIsNotACouncilRole() {
            assertThat(CouncilRole.parse("offline_access")).isEmpty();
            assertThat(CouncilRole.parse("Brent/x")).isEmpty();
            assertThat(CouncilRole.parse("brent/")).isEmpty();
        }

        @Test
        void aCouncilScopeNamesItsCouncil() {
            assertThat(CouncilScope.councilOf(CouncilScope.name("brent"))).contains("brent");
            assertThat(CouncilScope.councilOf("council:")).isEmpty();
            assertThat(CouncilScope.councilOf("profile")).isEmpty();
        }
    }
}
