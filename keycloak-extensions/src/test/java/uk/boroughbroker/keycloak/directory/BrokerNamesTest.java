package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Brent's federation owns brent.gov.uk (UPN suffix) and staff.brent.gov.uk (email domain). */
@DisplayName("BrokerNames: a council's names route back to that council")
class BrokerNamesTest {

    private static final CouncilDirectoryConfig BRENT = new CouncilDirectoryConfig(TestModels.brent());

    private static DirectoryUser entry(String account, String principalName, String mail) {
        return new DirectoryUser("CN=x,OU=Staff,DC=brent,DC=gov,DC=uk", UUID.randomUUID(), account, principalName, null,
                null, mail, 512, 0, 0, 1, List.of());
    }

    @Nested
    @DisplayName("username")
    class Username {

        @Test
        void whenTheUpnIsInTheCouncilsDomainThenItIsTheUsernameInLowerCase() {
            assertThat(BrokerNames.username(entry("JSmith", "JSmith@Brent.Gov.UK", null), BRENT))
                    .contains("jsmith@brent.gov.uk");
        }

        @Test
        void whenTheUpnIsInTheCouncilsEmailDomainThenItIsKept() {
            assertThat(BrokerNames.username(entry("jsmith", "jsmith@staff.brent.gov.uk", null), BRENT))
                    .contains("jsmith@staff.brent.gov.uk");
        }

        @ParameterizedTest
        @ValueSource(strings = {"victim@lewisham.gov.uk", "jsmith@brent.local", "jsmith@brent.gov.uk.evil.example",
            "jsmith@sub.brent.gov.uk", "BRENT\\jsmith", "a@b@lewisham.gov.uk"})
        void whenTheUpnNamesAnotherCouncilOrNoneOfItsDomainsThenTheAccountAtTheCouncilsSuffixIsUsed(String upn) {
            assertThat(BrokerNames.username(entry("jsmith", upn, null), BRENT)).contains("jsmith@brent.gov.uk");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   "})
        void whenTheUpnIsBlankThenTheAccountAtTheFirstSuffixIsUsed(String blank) {
            assertThat(BrokerNames.username(entry("JSmith", blank, null), BRENT)).contains("jsmith@brent.gov.uk");
        }

        @Test
        void whenThereIsNoUpnThenTheAccountAtTheFirstSuffixIsUsedInLowerCase() {
            assertThat(BrokerNames.username(entry("JSmith", null, null), BRENT)).contains("jsmith@brent.gov.uk");
        }

        @ParameterizedTest
        @ValueSource(strings = {"victim@lewisham.gov.uk", "LEWISHAM\\victim", "a*b"})
        void whenNeitherTheUpnNorTheAccountNameIsUsableThenTheEntryHasNoName(String account) {
            assertThat(BrokerNames.username(entry(account, "victim@lewisham.gov.uk", null), BRENT)).isEmpty();
            assertThat(BrokerNames.username(entry(null, null, null), BRENT)).isEmpty();
        }

        @Test
        void whenLowerCasingThenTheRootLocaleIsUsedSoATurkishDefaultLocaleChangesNothing() {
            Locale before = Locale.getDefault();
            try {
                Locale.setDefault(Locale.forLanguageTag("tr-TR"));
                assertThat(BrokerNames.username(entry("IBRAHIM", null, null), BRENT)).contains("ibrahim@brent.gov.uk");
            } finally {
                Locale.setDefault(before);
            }
        }
    }

    @Nested
    @DisplayName("email")
    class Email {

        @Test
        void whenTheMailIsInTheCouncilsDomainsThenItIsKeptInLowerCase() {
            assertThat(BrokerNames.email(entry("jsmith", null, "John.Smith@Brent.gov.uk"), BRENT))
                    .contains("john.smith@brent.gov.uk");
            assertThat(BrokerNames.email(entry("jsmith", null, "john@staff.brent.gov.uk"), BRENT))
                    .contains("john@staff.brent.gov.uk");
        }

        @ParameterizedTest
        @ValueSource(strings = {"victim@lewisham.gov.uk", "john@gmail.com", "not-an-address", " "})
        void whenTheMailNamesAnotherCouncilOrAnyOtherDomainThenThereIsNoEmail(String mail) {
            assertThat(BrokerNames.email(entry("jsmith", null, mail), BRENT)).isEmpty();
        }
    }
}
