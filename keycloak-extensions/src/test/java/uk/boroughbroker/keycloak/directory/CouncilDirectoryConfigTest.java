package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.component.ComponentModel;
import uk.boroughbroker.model.directory.DirectorySettings;

@DisplayName("CouncilDirectoryConfig")
class CouncilDirectoryConfigTest {

    private static CouncilDirectoryConfig config(Consumer<ComponentModel> change) {
        ComponentModel model = TestModels.brent();
        change.accept(model);
        return new CouncilDirectoryConfig(model);
    }

    private static Consumer<ComponentModel> set(String key, String value) {
        return model -> model.getConfig().putSingle(key, value);
    }

    private static Consumer<ComponentModel> remove(String key) {
        return model -> model.getConfig().remove(key);
    }

    @Nested
    @DisplayName("problems()")
    class Problems {

        @Test
        void whenEverythingIsValidThenThereAreNoProblems() {
            assertThat(config(model -> { }).problems()).isEmpty();
        }

        @Test
        void whenOptionalSettingsAreLeftOutThenThereAreNoProblemsAndDefaultsApply() {
            CouncilDirectoryConfig config = config(model -> {
                model.getConfig().remove(DirectorySettings.EMAIL_DOMAINS.key());
                model.getConfig().remove(DirectorySettings.NETBIOS_NAME.key());
                model.getConfig().remove(DirectorySettings.CONNECT_TIMEOUT.key());
                model.getConfig().remove(DirectorySettings.READ_TIMEOUT.key());
                model.getConfig().remove(DirectorySettings.FAILURE_THRESHOLD.key());
                model.getConfig().remove(DirectorySettings.UNAVAILABLE_SECONDS.key());
                model.getConfig().remove(DirectorySettings.MAX_CONNECTIONS.key());
            });

            assertThat(config.problems()).isEmpty();
            assertThat(config.connectTimeoutMillis()).isEqualTo(2_000);
            assertThat(config.readTimeoutMillis()).isEqualTo(5_000);
            assertThat(config.failureThreshold()).isEqualTo(3);
            assertThat(config.unavailableSeconds()).isEqualTo(30);
            assertThat(config.maxConnections()).isEqualTo(10);
            assertThat(config.deadline()).as("at most 6 s (issue 11)").isEqualTo(java.time.Duration.ofMillis(5_500));
            assertThat(config.netbiosName()).isEmpty();
            assertThat(config.emailDomains()).isEmpty();
        }

        @Test
        void whenSeveralDomainControllersUseLdapsThenThereAreNoProblems() {
            assertThat(config(set(DirectorySettings.CONNECTION_URLS.key(),
                    "ldaps://dc1.brent.local:636##ldaps://dc2.brent.local:636")).problems()).isEmpty();
        }

        static Stream<Arguments> invalid() {
            return Stream.of(
                    argumentSet("name in capitals", (Consumer<ComponentModel>) m -> m.setName("Brent"),
                            "The name must be the council id: 2-40 lower-case letters, digits or '-', starting with a letter, such as 'brent'."),
                    argumentSet("name of one letter", (Consumer<ComponentModel>) m -> m.setName("b"),
                            "The name must be the council id: 2-40 lower-case letters, digits or '-', starting with a letter, such as 'brent'."),
                    argumentSet("name with a space", (Consumer<ComponentModel>) m -> m.setName("brent council"),
                            "The name must be the council id: 2-40 lower-case letters, digits or '-', starting with a letter, such as 'brent'."),
                    argumentSet("name starting with a digit", (Consumer<ComponentModel>) m -> m.setName("1brent"),
                            "The name must be the council id: 2-40 lower-case letters, digits or '-', starting with a letter, such as 'brent'."),
                    argumentSet("name of 41 characters", (Consumer<ComponentModel>) m -> m.setName("b".repeat(41)),
                            "The name must be the council id: 2-40 lower-case letters, digits or '-', starting with a letter, such as 'brent'."),
                    argumentSet("no name", (Consumer<ComponentModel>) m -> m.setName(null),
                            "The name must be the council id: 2-40 lower-case letters, digits or '-', starting with a letter, such as 'brent'."),
                    argumentSet("no UPN suffix", remove(DirectorySettings.UPN_SUFFIXES.key()),
                            "Give at least one UPN suffix, such as brent.gov.uk."),
                    argumentSet("blank UPN suffix", set(DirectorySettings.UPN_SUFFIXES.key(), " ## "),
                            "Give at least one UPN suffix, such as brent.gov.uk."),
                    argumentSet("single-label UPN suffix", set(DirectorySettings.UPN_SUFFIXES.key(), "brent"),
                            "'brent' is not a domain name such as brent.gov.uk (lower-case letters, digits and '-' in each label, no '-' at either end of a label)."),
                    argumentSet("UPN suffix with @", set(DirectorySettings.UPN_SUFFIXES.key(), "@brent.gov.uk"),
                            "'@brent.gov.uk' is not a domain name such as brent.gov.uk (lower-case letters, digits and '-' in each label, no '-' at either end of a label)."),
                    argumentSet("bad email domain", set(DirectorySettings.EMAIL_DOMAINS.key(), "staff_brent.gov.uk"),
                            "'staff_brent.gov.uk' is not a domain name such as brent.gov.uk (lower-case letters, digits and '-' in each label, no '-' at either end of a label)."),
                    argumentSet("NetBIOS name with a space", set(DirectorySettings.NETBIOS_NAME.key(), "BRENT COUNCIL"),
                            "NetBIOS name 'BRENT COUNCIL' must be 1-15 upper-case letters, digits or '-', such as BRENT."),
                    argumentSet("NetBIOS name of 16 characters",
                            set(DirectorySettings.NETBIOS_NAME.key(), "BRENTCOUNCILLOND"),
                            "NetBIOS name 'BRENTCOUNCILLOND' must be 1-15 upper-case letters, digits or '-', such as BRENT."),
                    argumentSet("NetBIOS name with a backslash", set(DirectorySettings.NETBIOS_NAME.key(), "BRENT\\"),
                            "NetBIOS name 'BRENT\\' must be 1-15 upper-case letters, digits or '-', such as BRENT."),
                    argumentSet("no URL", remove(DirectorySettings.CONNECTION_URLS.key()),
                            "Give at least one directory URL, such as ldaps://dc1.brent.local:636."),
                    argumentSet("HTTP URL", set(DirectorySettings.CONNECTION_URLS.key(), "https://dc1.brent.local"),
                            "Directory URL 'https://dc1.brent.local' is not an LDAP URL (ldap://host:port or ldaps://host:port)."),
                    argumentSet("host only", set(DirectorySettings.CONNECTION_URLS.key(), "dc1.brent.local:636"),
                            "Directory URL 'dc1.brent.local:636' is not an LDAP URL (ldap://host:port or ldaps://host:port)."),
                    argumentSet("URL without host", set(DirectorySettings.CONNECTION_URLS.key(), "ldap://"),
                            "Directory URL 'ldap://' has no host."),
                    argumentSet("mixed ldap and ldaps", set(DirectorySettings.CONNECTION_URLS.key(),
                            "ldaps://dc1.brent.local:636##ldap://dc2.brent.local:389"),
                            "All directory URLs of one council must use the same scheme (ldap or ldaps)."),
                    argumentSet("no users DN", remove(DirectorySettings.USERS_DN.key()), "Users DN is required."),
                    argumentSet("bad users DN", set(DirectorySettings.USERS_DN.key(), "Staff at Brent"),
                            "Users DN 'Staff at Brent' is not a valid DN."),
                    argumentSet("no bind DN", set(DirectorySettings.BIND_DN.key(), "  "), "Bind DN is required."),
                    argumentSet("bad bind DN", set(DirectorySettings.BIND_DN.key(), "svc-borough-broker"),
                            "Bind DN 'svc-borough-broker' is not a valid DN."),
                    argumentSet("empty credential", set(DirectorySettings.BIND_CREDENTIAL.key(), ""),
                            "The bind credential is empty."),
                    argumentSet("no credential", remove(DirectorySettings.BIND_CREDENTIAL.key()),
                            "The bind credential is empty."),
                    argumentSet("connect timeout too short", set(DirectorySettings.CONNECT_TIMEOUT.key(), "99"),
                            "Connect timeout (ms) must be from 100 to 60000, not 99."),
                    argumentSet("connect timeout not a number", set(DirectorySettings.CONNECT_TIMEOUT.key(), "2s"),
                            "Connect timeout (ms) must be a whole number, not '2s'."),
                    argumentSet("read timeout too long", set(DirectorySettings.READ_TIMEOUT.key(), "60001"),
                            "Read timeout (ms) must be from 100 to 60000, not 60001."),
                    argumentSet("read timeout negative", set(DirectorySettings.READ_TIMEOUT.key(), "-1"),
                            "Read timeout (ms) must be from 100 to 60000, not -1."),
                    argumentSet("read timeout beyond int", set(DirectorySettings.READ_TIMEOUT.key(), "99999999999"),
                            "Read timeout (ms) must be a whole number, not '99999999999'."),
                    argumentSet("no failures allowed", set(DirectorySettings.FAILURE_THRESHOLD.key(), "0"),
                            "Failures before unavailable must be from 1 to 100, not 0."),
                    argumentSet("failures not a number", set(DirectorySettings.FAILURE_THRESHOLD.key(), "three"),
                            "Failures before unavailable must be a whole number, not 'three'."),
                    argumentSet("unavailable too long", set(DirectorySettings.UNAVAILABLE_SECONDS.key(), "3601"),
                            "Seconds before retrying must be from 1 to 3600, not 3601."),
                    argumentSet("no connections", set(DirectorySettings.MAX_CONNECTIONS.key(), "0"),
                            "Maximum connections must be from 1 to 200, not 0."),
                    argumentSet("too many connections", set(DirectorySettings.MAX_CONNECTIONS.key(), "201"),
                            "Maximum connections must be from 1 to 200, not 201."),
                    argumentSet("deadline too short", set(DirectorySettings.DEADLINE.key(), "499"),
                            "Deadline per request (ms) must be from 500 to 60000, not 499."),
                    argumentSet("deadline not a number", set(DirectorySettings.DEADLINE.key(), "5s"),
                            "Deadline per request (ms) must be a whole number, not '5s'."),
                    argumentSet("deadline no longer than the read timeout", set(DirectorySettings.DEADLINE.key(), "5000"),
                            "Deadline per request (5000 ms) must be longer than the connect timeout (2000 ms) and the "
                                    + "read timeout (5000 ms): a domain controller that never answers is left for the "
                                    + "next one only after those, and the next one needs time to answer within the "
                                    + "deadline."),
                    argumentSet("read timeout beyond the default deadline", set(DirectorySettings.READ_TIMEOUT.key(), "6000"),
                            "Deadline per request (5500 ms) must be longer than the connect timeout (2000 ms) and the "
                                    + "read timeout (6000 ms): a domain controller that never answers is left for the "
                                    + "next one only after those, and the next one needs time to answer within the "
                                    + "deadline."));
        }

        @ParameterizedTest
        @MethodSource("invalid")
        void whenOneSettingIsWrongThenExactlyItsOwnMessageIsGiven(Consumer<ComponentModel> change, String message) {
            assertThat(config(change).problems()).containsExactly(message);
        }

        @Test
        void whenSeveralSettingsAreWrongThenEachHasItsOwnLine() {
            CouncilDirectoryConfig config = config(model -> {
                model.setName("Brent");
                model.getConfig().remove(DirectorySettings.CONNECTION_URLS.key());
                model.getConfig().putSingle(DirectorySettings.BIND_CREDENTIAL.key(), "");
                model.getConfig().putSingle(DirectorySettings.READ_TIMEOUT.key(), "fast");
            });

            assertThat(config.problems()).hasSize(4);
        }

        @Test
        void whenNumbersHaveSurroundingSpacesThenTheyAreAccepted() {
            CouncilDirectoryConfig config = config(set(DirectorySettings.READ_TIMEOUT.key(), " 300 "));

            assertThat(config.problems()).isEmpty();
            assertThat(config.readTimeoutMillis()).isEqualTo(300);
        }

        @Test
        void whenANumberIsNotANumberThenTheValueInUseIsTheDefault() {
            assertThat(config(set(DirectorySettings.FAILURE_THRESHOLD.key(), "three")).failureThreshold())
                    .isEqualTo(DirectorySettings.FAILURE_THRESHOLD.number(null));
        }

        @Test
        void whenDomainsAreInMixedCaseThenTheyAreValidAndReadInLowerCase() {
            CouncilDirectoryConfig config = config(set(DirectorySettings.UPN_SUFFIXES.key(), "Brent.GOV.uk"));

            assertThat(config.problems()).isEmpty();
            assertThat(config.upnSuffixes()).containsExactly("brent.gov.uk");
            assertThat(config.ownsDomain("brent.gov.uk")).isTrue();
        }
    }

    @Nested
    @DisplayName("multivalued settings")
    class Multivalued {

        @Test
        void whenTheConsoleJoinsValuesWithHashesThenTheyAreSplit() {
            CouncilDirectoryConfig config = config(set(DirectorySettings.UPN_SUFFIXES.key(), "brent.gov.uk##brent.local"));

            assertThat(config.upnSuffixes()).containsExactly("brent.gov.uk", "brent.local");
        }

        @Test
        void whenValuesAreStoredAsAListAndSomeAreJoinedThenAllAreSplitInOrder() {
            CouncilDirectoryConfig config = config(model -> model.getConfig().put(DirectorySettings.CONNECTION_URLS.key(),
                    List.of("ldap://dc1:389", "ldap://dc2:389##ldap://dc3:389")));

            assertThat(config.connectionUrls()).containsExactly("ldap://dc1:389", "ldap://dc2:389", "ldap://dc3:389");
        }

        @Test
        void whenPartsAreBlankOrPaddedThenBlanksAreDroppedAndPaddingStripped() {
            CouncilDirectoryConfig config = config(set(DirectorySettings.EMAIL_DOMAINS.key(),
                    " staff.brent.gov.uk ####  ## BRENT.NHS.UK "));

            assertThat(config.emailDomains()).containsExactly("staff.brent.gov.uk", "brent.nhs.uk");
        }

        @Test
        void whenTheConfigMapIsNullThenListsAreEmpty() {
            ComponentModel model = new ComponentModel();
            model.setName("brent");
            model.setConfig(null);

            assertThat(new CouncilDirectoryConfig(model).upnSuffixes()).isEmpty();
            assertThat(new CouncilDirectoryConfig(model).connectionUrls()).isEmpty();
        }

        @Test
        void whenADomainIsAnEmailDomainThenTheCouncilOwnsIt() {
            CouncilDirectoryConfig config = config(model -> { });

            assertThat(config.ownsDomain("staff.brent.gov.uk")).isTrue();
            assertThat(config.ownsDomain("brent.gov.uk")).isTrue();
            assertThat(config.ownsDomain("lewisham.gov.uk")).isFalse();
            assertThat(config.ownsDomain("gov.uk")).isFalse();
        }

        @Test
        void whenTheNetbiosNameIsPaddedOrLowerCaseThenItIsReadUpperCase() {
            assertThat(config(set(DirectorySettings.NETBIOS_NAME.key(), " brent ")).netbiosName()).contains("BRENT");
            assertThat(config(set(DirectorySettings.NETBIOS_NAME.key(), "  ")).netbiosName()).isEmpty();
        }
    }

    @Nested
    @DisplayName("connection()")
    class Connection {

        private final ConnectionSettings original = config(model -> { }).connection();

        static Stream<Arguments> connectionChanges() {
            return Stream.of(
                    argumentSet("URLs", set(DirectorySettings.CONNECTION_URLS.key(), "ldaps://dc2.brent.local:636")),
                    argumentSet("URL order", set(DirectorySettings.CONNECTION_URLS.key(),
                            "ldaps://dc1.brent.local:636##ldaps://dc2.brent.local:636")),
                    argumentSet("bind DN", set(DirectorySettings.BIND_DN.key(), "CN=other,DC=brent,DC=gov,DC=uk")),
                    argumentSet("bind credential", set(DirectorySettings.BIND_CREDENTIAL.key(), "n3w-s3cret")),
                    argumentSet("connect timeout", set(DirectorySettings.CONNECT_TIMEOUT.key(), "1000")),
                    argumentSet("read timeout", set(DirectorySettings.READ_TIMEOUT.key(), "1000")),
                    argumentSet("failure threshold", set(DirectorySettings.FAILURE_THRESHOLD.key(), "5")),
                    argumentSet("seconds unavailable", set(DirectorySettings.UNAVAILABLE_SECONDS.key(), "60")),
                    argumentSet("maximum connections", set(DirectorySettings.MAX_CONNECTIONS.key(), "20")),
                    argumentSet("deadline", set(DirectorySettings.DEADLINE.key(), "8000")),
                    argumentSet("StartTLS", set(DirectorySettings.START_TLS.key(), "true")));
        }

        @ParameterizedTest
        @MethodSource("connectionChanges")
        void whenAConnectionSettingChangesThenTheSettingsDiffer(Consumer<ComponentModel> change) {
            assertThat(config(change).connection()).isNotEqualTo(original);
        }

        static Stream<Arguments> routingChanges() {
            return Stream.of(
                    argumentSet("UPN suffixes", set(DirectorySettings.UPN_SUFFIXES.key(), "brent.local")),
                    argumentSet("email domains", set(DirectorySettings.EMAIL_DOMAINS.key(), "brent.nhs.uk")),
                    argumentSet("NetBIOS name", set(DirectorySettings.NETBIOS_NAME.key(), "BRENTDOM")),
                    argumentSet("an unrelated setting", set("priority", "5")),
                    argumentSet("the same value written differently", set(DirectorySettings.READ_TIMEOUT.key(), " 5000 ")));
        }

        @ParameterizedTest
        @MethodSource("routingChanges")
        void whenOnlyRoutingOrNothingChangesThenTheSettingsAreEqual(Consumer<ComponentModel> change) {
            assertThat(config(change).connection()).isEqualTo(original).hasSameHashCodeAs(original);
        }

        @Test
        void whenTheSettingsAreShownThenTheBindCredentialIsNotInThem() {
            assertThat(original.toString()).contains("brent", "ldaps://dc1.brent.local:636").doesNotContain("s3cret");
        }

        @Test
        void whenTheUsersDnChangesThenTheSettingsDifferBecauseTheConnectionSearchesIt() {
            assertThat(config(set(DirectorySettings.USERS_DN.key(), "OU=People,DC=brent,DC=gov,DC=uk")).connection())
                    .isNotEqualTo(original);
        }

        @Test
        void whenTheBindCredentialChangesToOneWithTheSameHashCodeThenTheSettingsStillDiffer() {
            assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());

            assertThat(config(set(DirectorySettings.BIND_CREDENTIAL.key(), "Aa")).connection())
                    .isNotEqualTo(config(set(DirectorySettings.BIND_CREDENTIAL.key(), "BB")).connection());
        }
    }

    @Nested
    @DisplayName("URL schemes")
    class Schemes {

        @ParameterizedTest
        @ValueSource(strings = {"ldap://dc1.brent.local:389", "ldaps://dc1.brent.local:636", "LDAPS://DC1.BRENT.LOCAL:636",
            "ldap://127.0.0.1:10389", "ldap://[::1]:389"})
        void whenTheUrlIsAnLdapUrlWithAHostThenItIsAccepted(String url) {
            assertThat(config(set(DirectorySettings.CONNECTION_URLS.key(), url)
                    .andThen(set(DirectorySettings.ALLOW_PLAINTEXT.key(), "true"))).problems()).isEmpty();
        }

        @Test
        void whenThreeUrlsAlternateSchemesThenTheMixIsReported() {
            assertThat(config(set(DirectorySettings.CONNECTION_URLS.key(),
                    "ldaps://dc1:636##ldap://dc2:389##ldaps://dc3:636")).problems())
                    .contains("All directory URLs of one council must use the same scheme (ldap or ldaps).");
        }
    }

    @Nested
    @DisplayName("TLS, nested groups and lockouts")
    class TlsGroupsLockouts {

        private static final String PEM = readTestCa();

        private static String readTestCa() {
            try {
                return java.nio.file.Files.readString(java.nio.file.Path.of("..", "realms", "src", "test", "resources",
                        "test-ca.pem"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private static Consumer<ComponentModel> ldaps() {
            return model -> model.getConfig().put(DirectorySettings.CONNECTION_URLS.key(),
                    List.of("ldaps://dc1.brent.local:636"));
        }

        @Test
        void whenNothingIsSaidThenNoStartTlsAutoGroupsAndLockoutsAreTold() {
            CouncilDirectoryConfig config = config(model -> { });

            assertThat(config.startTls()).isFalse();
            assertThat(config.trustedCertificates()).isEmpty();
            assertThat(config.groupResolution()).isEqualTo(CouncilDirectoryConfig.GroupResolution.AUTO);
            assertThat(config.revealLockout()).isTrue();
        }

        @Test
        void whenTheCouncilsCaIsGivenForLdapsThenItIsValid() {
            CouncilDirectoryConfig config = config(ldaps().andThen(set(DirectorySettings.TRUSTED_CERTIFICATES.key(), PEM)));

            assertThat(config.problems()).isEmpty();
        }

        @Test
        void whenTheCaIsNotPemThenTheProblemSaysSo() {
            assertThat(config(ldaps().andThen(set(DirectorySettings.TRUSTED_CERTIFICATES.key(), "not a certificate")))
                    .problems()).anyMatch(p -> p.startsWith("Trusted certificates must be PEM certificates"));
        }

        @Test
        void whenACaIsGivenWithoutTlsThenTheProblemSaysItIsOnlyUsedOverTls() {
            assertThat(config(set(DirectorySettings.CONNECTION_URLS.key(), "ldap://dc1.brent.local:389")
                    .andThen(set(DirectorySettings.TRUSTED_CERTIFICATES.key(), PEM))).problems())
                    .contains("Trusted certificates are only used over TLS: use ldaps:// URLs or StartTLS.");
        }

        @Test
        void whenLdapHasNeitherStartTlsNorAllowPlaintextThenThePasswordsInClearAreTheProblem() {
            assertThat(config(set(DirectorySettings.CONNECTION_URLS.key(), "ldap://dc1.brent.local:389")).problems())
                    .containsExactly("Directory URLs are plain ldap:// without StartTLS: staff passwords would cross the "
                            + "network in clear. Use ldaps://, StartTLS, or (only for a directory on a protected link) "
                            + "allow plaintext.");
        }

        @Test
        void whenLdapIsAllowedPlaintextOrUpgradedWithStartTlsThenThereIsNoProblem() {
            assertThat(config(set(DirectorySettings.CONNECTION_URLS.key(), "ldap://dc1.brent.local:389")
                    .andThen(set(DirectorySettings.ALLOW_PLAINTEXT.key(), "true"))).problems()).isEmpty();
            assertThat(config(set(DirectorySettings.CONNECTION_URLS.key(), "ldap://dc1.brent.local:389")
                    .andThen(set(DirectorySettings.START_TLS.key(), "true"))).problems()).isEmpty();
        }

        @Test
        void whenStartTlsIsSetForLdapsThenItIsAProblem() {
            assertThat(config(ldaps().andThen(set(DirectorySettings.START_TLS.key(), "true"))).problems())
                    .contains("StartTLS is for ldap:// URLs; ldaps:// connections are TLS already.");
        }

        @ParameterizedTest
        @ValueSource(strings = {"in-chain", "walk", "auto", "IN-CHAIN"})
        void whenGroupResolutionIsAKnownChoiceThenItIsValid(String choice) {
            assertThat(config(set(DirectorySettings.GROUP_RESOLUTION.key(), choice)).problems()).isEmpty();
        }

        @Test
        void whenGroupResolutionIsUnknownThenTheChoicesAreNamed() {
            assertThat(config(set(DirectorySettings.GROUP_RESOLUTION.key(), "recursive")).problems())
                    .contains("Nested groups must be auto, in-chain or walk, not 'recursive'.");
        }

        @Test
        void whenRevealLockoutIsOffThenLockoutsAreNotTold() {
            assertThat(config(set(DirectorySettings.REVEAL_LOCKOUT.key(), "false")).revealLockout()).isFalse();
        }

        @Test
        void whenTheCaChangesThenTheConnectionIsRebuilt() {
            assertThat(config(ldaps()).connection())
                    .isNotEqualTo(config(ldaps().andThen(set(DirectorySettings.TRUSTED_CERTIFICATES.key(), PEM))).connection());
        }
    }
}
