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
                model.getConfig().remove(CouncilDirectoryConfig.EMAIL_DOMAINS);
                model.getConfig().remove(CouncilDirectoryConfig.NETBIOS_NAME);
                model.getConfig().remove(CouncilDirectoryConfig.CONNECT_TIMEOUT);
                model.getConfig().remove(CouncilDirectoryConfig.READ_TIMEOUT);
                model.getConfig().remove(CouncilDirectoryConfig.FAILURE_THRESHOLD);
                model.getConfig().remove(CouncilDirectoryConfig.UNAVAILABLE_SECONDS);
                model.getConfig().remove(CouncilDirectoryConfig.MAX_CONNECTIONS);
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
            assertThat(config(set(CouncilDirectoryConfig.CONNECTION_URLS,
                    "ldaps://dc1.brent.local:636##ldaps://dc2.brent.local:636")).problems()).isEmpty();
        }

        static Stream<Arguments> invalid() {
            return Stream.of(
                    argumentSet("name in capitals", (Consumer<ComponentModel>) m -> m.setName("Brent"),
                            "The name must be the council id: 2-40 lower-case letters, digits or '-', such as 'brent'."),
                    argumentSet("name of one letter", (Consumer<ComponentModel>) m -> m.setName("b"),
                            "The name must be the council id: 2-40 lower-case letters, digits or '-', such as 'brent'."),
                    argumentSet("name with a space", (Consumer<ComponentModel>) m -> m.setName("brent council"),
                            "The name must be the council id: 2-40 lower-case letters, digits or '-', such as 'brent'."),
                    argumentSet("name starting with a digit", (Consumer<ComponentModel>) m -> m.setName("1brent"),
                            "The name must be the council id: 2-40 lower-case letters, digits or '-', such as 'brent'."),
                    argumentSet("name of 41 characters", (Consumer<ComponentModel>) m -> m.setName("b".repeat(41)),
                            "The name must be the council id: 2-40 lower-case letters, digits or '-', such as 'brent'."),
                    argumentSet("no name", (Consumer<ComponentModel>) m -> m.setName(null),
                            "The name must be the council id: 2-40 lower-case letters, digits or '-', such as 'brent'."),
                    argumentSet("no UPN suffix", remove(CouncilDirectoryConfig.UPN_SUFFIXES),
                            "Give at least one UPN suffix, such as brent.gov.uk."),
                    argumentSet("blank UPN suffix", set(CouncilDirectoryConfig.UPN_SUFFIXES, " ## "),
                            "Give at least one UPN suffix, such as brent.gov.uk."),
                    argumentSet("single-label UPN suffix", set(CouncilDirectoryConfig.UPN_SUFFIXES, "brent"),
                            "'brent' is not a domain name such as brent.gov.uk."),
                    argumentSet("UPN suffix with @", set(CouncilDirectoryConfig.UPN_SUFFIXES, "@brent.gov.uk"),
                            "'@brent.gov.uk' is not a domain name such as brent.gov.uk."),
                    argumentSet("bad email domain", set(CouncilDirectoryConfig.EMAIL_DOMAINS, "staff_brent.gov.uk"),
                            "'staff_brent.gov.uk' is not a domain name such as brent.gov.uk."),
                    argumentSet("NetBIOS name with a space", set(CouncilDirectoryConfig.NETBIOS_NAME, "BRENT COUNCIL"),
                            "NetBIOS name 'BRENT COUNCIL' must be 1-15 letters, digits or '-'."),
                    argumentSet("NetBIOS name of 16 characters",
                            set(CouncilDirectoryConfig.NETBIOS_NAME, "BRENTCOUNCILLOND"),
                            "NetBIOS name 'BRENTCOUNCILLOND' must be 1-15 letters, digits or '-'."),
                    argumentSet("NetBIOS name with a backslash", set(CouncilDirectoryConfig.NETBIOS_NAME, "BRENT\\"),
                            "NetBIOS name 'BRENT\\' must be 1-15 letters, digits or '-'."),
                    argumentSet("no URL", remove(CouncilDirectoryConfig.CONNECTION_URLS),
                            "Give at least one directory URL, such as ldaps://dc1.brent.local:636."),
                    argumentSet("HTTP URL", set(CouncilDirectoryConfig.CONNECTION_URLS, "https://dc1.brent.local"),
                            "Directory URL 'https://dc1.brent.local' is not an LDAP URL (ldap://host:port or ldaps://host:port)."),
                    argumentSet("host only", set(CouncilDirectoryConfig.CONNECTION_URLS, "dc1.brent.local:636"),
                            "Directory URL 'dc1.brent.local:636' is not an LDAP URL (ldap://host:port or ldaps://host:port)."),
                    argumentSet("URL without host", set(CouncilDirectoryConfig.CONNECTION_URLS, "ldap://"),
                            "Directory URL 'ldap://' has no host."),
                    argumentSet("mixed ldap and ldaps", set(CouncilDirectoryConfig.CONNECTION_URLS,
                            "ldaps://dc1.brent.local:636##ldap://dc2.brent.local:389"),
                            "All directory URLs of one council must use the same scheme (ldap or ldaps)."),
                    argumentSet("no users DN", remove(CouncilDirectoryConfig.USERS_DN), "Users DN is required."),
                    argumentSet("bad users DN", set(CouncilDirectoryConfig.USERS_DN, "Staff at Brent"),
                            "Users DN 'Staff at Brent' is not a valid DN."),
                    argumentSet("no bind DN", set(CouncilDirectoryConfig.BIND_DN, "  "), "Bind DN is required."),
                    argumentSet("bad bind DN", set(CouncilDirectoryConfig.BIND_DN, "svc-borough-broker"),
                            "Bind DN 'svc-borough-broker' is not a valid DN."),
                    argumentSet("empty credential", set(CouncilDirectoryConfig.BIND_CREDENTIAL, ""),
                            "The bind credential is empty."),
                    argumentSet("no credential", remove(CouncilDirectoryConfig.BIND_CREDENTIAL),
                            "The bind credential is empty."),
                    argumentSet("connect timeout too short", set(CouncilDirectoryConfig.CONNECT_TIMEOUT, "99"),
                            "Connect timeout (ms) must be from 100 to 60000, not 99."),
                    argumentSet("connect timeout not a number", set(CouncilDirectoryConfig.CONNECT_TIMEOUT, "2s"),
                            "Connect timeout (ms) must be a whole number, not '2s'."),
                    argumentSet("read timeout too long", set(CouncilDirectoryConfig.READ_TIMEOUT, "60001"),
                            "Read timeout (ms) must be from 100 to 60000, not 60001."),
                    argumentSet("read timeout negative", set(CouncilDirectoryConfig.READ_TIMEOUT, "-1"),
                            "Read timeout (ms) must be from 100 to 60000, not -1."),
                    argumentSet("read timeout beyond int", set(CouncilDirectoryConfig.READ_TIMEOUT, "99999999999"),
                            "Read timeout (ms) must be a whole number, not '99999999999'."),
                    argumentSet("no failures allowed", set(CouncilDirectoryConfig.FAILURE_THRESHOLD, "0"),
                            "Failures before unavailable must be from 1 to 100, not 0."),
                    argumentSet("failures not a number", set(CouncilDirectoryConfig.FAILURE_THRESHOLD, "three"),
                            "Failures before unavailable must be a whole number, not 'three'."),
                    argumentSet("unavailable too long", set(CouncilDirectoryConfig.UNAVAILABLE_SECONDS, "3601"),
                            "Seconds unavailable before retrying must be from 1 to 3600, not 3601."),
                    argumentSet("no connections", set(CouncilDirectoryConfig.MAX_CONNECTIONS, "0"),
                            "Maximum connections must be from 1 to 200, not 0."),
                    argumentSet("too many connections", set(CouncilDirectoryConfig.MAX_CONNECTIONS, "201"),
                            "Maximum connections must be from 1 to 200, not 201."),
                    argumentSet("deadline too short", set(CouncilDirectoryConfig.DEADLINE, "499"),
                            "Deadline per request (ms) must be from 500 to 60000, not 499."),
                    argumentSet("deadline not a number", set(CouncilDirectoryConfig.DEADLINE, "5s"),
                            "Deadline per request (ms) must be a whole number, not '5s'."),
                    argumentSet("deadline no longer than the read timeout", set(CouncilDirectoryConfig.DEADLINE, "5000"),
                            "Deadline per request (5000 ms) must be longer than the connect timeout (2000 ms) and the "
                                    + "read timeout (5000 ms): a domain controller that never answers is left for the "
                                    + "next one only after those, and the next one needs time to answer within the "
                                    + "deadline."),
                    argumentSet("read timeout beyond the default deadline", set(CouncilDirectoryConfig.READ_TIMEOUT, "6000"),
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
                model.getConfig().remove(CouncilDirectoryConfig.CONNECTION_URLS);
                model.getConfig().putSingle(CouncilDirectoryConfig.BIND_CREDENTIAL, "");
                model.getConfig().putSingle(CouncilDirectoryConfig.READ_TIMEOUT, "fast");
            });

            assertThat(config.problems()).hasSize(4);
        }

        @Test
        void whenNumbersHaveSurroundingSpacesThenTheyAreAccepted() {
            CouncilDirectoryConfig config = config(set(CouncilDirectoryConfig.READ_TIMEOUT, " 300 "));

            assertThat(config.problems()).isEmpty();
            assertThat(config.readTimeoutMillis()).isEqualTo(300);
        }

        @Test
        void whenANumberIsNotANumberThenTheValueInUseIsTheDefault() {
            assertThat(config(set(CouncilDirectoryConfig.FAILURE_THRESHOLD, "three")).failureThreshold())
                    .isEqualTo(CouncilDirectoryConfig.DEFAULT_FAILURE_THRESHOLD);
        }

        @Test
        void whenDomainsAreInMixedCaseThenTheyAreValidAndReadInLowerCase() {
            CouncilDirectoryConfig config = config(set(CouncilDirectoryConfig.UPN_SUFFIXES, "Brent.GOV.uk"));

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
            CouncilDirectoryConfig config = config(set(CouncilDirectoryConfig.UPN_SUFFIXES, "brent.gov.uk##brent.local"));

            assertThat(config.upnSuffixes()).containsExactly("brent.gov.uk", "brent.local");
        }

        @Test
        void whenValuesAreStoredAsAListAndSomeAreJoinedThenAllAreSplitInOrder() {
            CouncilDirectoryConfig config = config(model -> model.getConfig().put(CouncilDirectoryConfig.CONNECTION_URLS,
                    List.of("ldap://dc1:389", "ldap://dc2:389##ldap://dc3:389")));

            assertThat(config.connectionUrls()).containsExactly("ldap://dc1:389", "ldap://dc2:389", "ldap://dc3:389");
        }

        @Test
        void whenPartsAreBlankOrPaddedThenBlanksAreDroppedAndPaddingStripped() {
            CouncilDirectoryConfig config = config(set(CouncilDirectoryConfig.EMAIL_DOMAINS,
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
            assertThat(config(set(CouncilDirectoryConfig.NETBIOS_NAME, " brent ")).netbiosName()).contains("BRENT");
            assertThat(config(set(CouncilDirectoryConfig.NETBIOS_NAME, "  ")).netbiosName()).isEmpty();
        }
    }

    @Nested
    @DisplayName("connection()")
    class Connection {

        private final ConnectionSettings original = config(model -> { }).connection();

        static Stream<Arguments> connectionChanges() {
            return Stream.of(
                    argumentSet("URLs", set(CouncilDirectoryConfig.CONNECTION_URLS, "ldaps://dc2.brent.local:636")),
                    argumentSet("URL order", set(CouncilDirectoryConfig.CONNECTION_URLS,
                            "ldaps://dc1.brent.local:636##ldaps://dc2.brent.local:636")),
                    argumentSet("bind DN", set(CouncilDirectoryConfig.BIND_DN, "CN=other,DC=brent,DC=gov,DC=uk")),
                    argumentSet("bind credential", set(CouncilDirectoryConfig.BIND_CREDENTIAL, "n3w-s3cret")),
                    argumentSet("connect timeout", set(CouncilDirectoryConfig.CONNECT_TIMEOUT, "1000")),
                    argumentSet("read timeout", set(CouncilDirectoryConfig.READ_TIMEOUT, "1000")),
                    argumentSet("failure threshold", set(CouncilDirectoryConfig.FAILURE_THRESHOLD, "5")),
                    argumentSet("seconds unavailable", set(CouncilDirectoryConfig.UNAVAILABLE_SECONDS, "60")),
                    argumentSet("maximum connections", set(CouncilDirectoryConfig.MAX_CONNECTIONS, "20")),
                    argumentSet("deadline", set(CouncilDirectoryConfig.DEADLINE, "8000")),
                    argumentSet("StartTLS", set(CouncilDirectoryConfig.START_TLS, "true")));
        }

        @ParameterizedTest
        @MethodSource("connectionChanges")
        void whenAConnectionSettingChangesThenTheSettingsDiffer(Consumer<ComponentModel> change) {
            assertThat(config(change).connection()).isNotEqualTo(original);
        }

        static Stream<Arguments> routingChanges() {
            return Stream.of(
                    argumentSet("UPN suffixes", set(CouncilDirectoryConfig.UPN_SUFFIXES, "brent.local")),
                    argumentSet("email domains", set(CouncilDirectoryConfig.EMAIL_DOMAINS, "brent.nhs.uk")),
                    argumentSet("NetBIOS name", set(CouncilDirectoryConfig.NETBIOS_NAME, "BRENTDOM")),
                    argumentSet("an unrelated setting", set("priority", "5")),
                    argumentSet("the same value written differently", set(CouncilDirectoryConfig.READ_TIMEOUT, " 5000 ")));
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
            assertThat(config(set(CouncilDirectoryConfig.USERS_DN, "OU=People,DC=brent,DC=gov,DC=uk")).connection())
                    .isNotEqualTo(original);
        }

        @Test
        void whenTheBindCredentialChangesToOneWithTheSameHashCodeThenTheSettingsStillDiffer() {
            assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());

            assertThat(config(set(CouncilDirectoryConfig.BIND_CREDENTIAL, "Aa")).connection())
                    .isNotEqualTo(config(set(CouncilDirectoryConfig.BIND_CREDENTIAL, "BB")).connection());
        }
    }

    @Nested
    @DisplayName("URL schemes")
    class Schemes {

        @ParameterizedTest
        @ValueSource(strings = {"ldap://dc1.brent.local:389", "ldaps://dc1.brent.local:636", "LDAPS://DC1.BRENT.LOCAL:636",
            "ldap://127.0.0.1:10389", "ldap://[::1]:389"})
        void whenTheUrlIsAnLdapUrlWithAHostThenItIsAccepted(String url) {
            assertThat(config(set(CouncilDirectoryConfig.CONNECTION_URLS, url)
                    .andThen(set(CouncilDirectoryConfig.ALLOW_PLAINTEXT, "true"))).problems()).isEmpty();
        }

        @Test
        void whenThreeUrlsAlternateSchemesThenTheMixIsReported() {
            assertThat(config(set(CouncilDirectoryConfig.CONNECTION_URLS,
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
            return model -> model.getConfig().put(CouncilDirectoryConfig.CONNECTION_URLS,
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
            CouncilDirectoryConfig config = config(ldaps().andThen(set(CouncilDirectoryConfig.TRUSTED_CERTIFICATES, PEM)));

            assertThat(config.problems()).isEmpty();
        }

        @Test
        void whenTheCaIsNotPemThenTheProblemSaysSo() {
            assertThat(config(ldaps().andThen(set(CouncilDirectoryConfig.TRUSTED_CERTIFICATES, "not a certificate")))
                    .problems()).anyMatch(p -> p.startsWith("Trusted certificates must be PEM certificates"));
        }

        @Test
        void whenACaIsGivenWithoutTlsThenTheProblemSaysItIsOnlyUsedOverTls() {
            assertThat(config(set(CouncilDirectoryConfig.CONNECTION_URLS, "ldap://dc1.brent.local:389")
                    .andThen(set(CouncilDirectoryConfig.TRUSTED_CERTIFICATES, PEM))).problems())
                    .contains("Trusted certificates are only used over TLS: use ldaps:// URLs or StartTLS.");
        }

        @Test
        void whenLdapHasNeitherStartTlsNorAllowPlaintextThenThePasswordsInClearAreTheProblem() {
            assertThat(config(set(CouncilDirectoryConfig.CONNECTION_URLS, "ldap://dc1.brent.local:389")).problems())
                    .containsExactly("Directory URLs are plain ldap:// without StartTLS: staff passwords would cross the "
                            + "network in clear. Use ldaps://, StartTLS, or (only for a directory on a protected link) "
                            + "allow plaintext.");
        }

        @Test
        void whenLdapIsAllowedPlaintextOrUpgradedWithStartTlsThenThereIsNoProblem() {
            assertThat(config(set(CouncilDirectoryConfig.CONNECTION_URLS, "ldap://dc1.brent.local:389")
                    .andThen(set(CouncilDirectoryConfig.ALLOW_PLAINTEXT, "true"))).problems()).isEmpty();
            assertThat(config(set(CouncilDirectoryConfig.CONNECTION_URLS, "ldap://dc1.brent.local:389")
                    .andThen(set(CouncilDirectoryConfig.START_TLS, "true"))).problems()).isEmpty();
        }

        @Test
        void whenStartTlsIsSetForLdapsThenItIsAProblem() {
            assertThat(config(ldaps().andThen(set(CouncilDirectoryConfig.START_TLS, "true"))).problems())
                    .contains("StartTLS is for ldap:// URLs; ldaps:// connections are TLS already.");
        }

        @ParameterizedTest
        @ValueSource(strings = {"in-chain", "walk", "auto", "IN-CHAIN"})
        void whenGroupResolutionIsAKnownChoiceThenItIsValid(String choice) {
            assertThat(config(set(CouncilDirectoryConfig.GROUP_RESOLUTION, choice)).problems()).isEmpty();
        }

        @Test
        void whenGroupResolutionIsUnknownThenTheChoicesAreNamed() {
            assertThat(config(set(CouncilDirectoryConfig.GROUP_RESOLUTION, "recursive")).problems())
                    .contains("Group resolution must be auto, in-chain or walk, not 'recursive'.");
        }

        @Test
        void whenRevealLockoutIsOffThenLockoutsAreNotTold() {
            assertThat(config(set(CouncilDirectoryConfig.REVEAL_LOCKOUT, "false")).revealLockout()).isFalse();
        }

        @Test
        void whenTheCaChangesThenTheConnectionIsRebuilt() {
            assertThat(config(ldaps()).connection())
                    .isNotEqualTo(config(ldaps().andThen(set(CouncilDirectoryConfig.TRUSTED_CERTIFICATES, PEM))).connection());
        }
    }
}
