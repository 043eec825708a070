package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.unboundid.ldap.sdk.Filter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.LDAPConstants;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import uk.boroughbroker.directory.CouncilDirectory;
import uk.boroughbroker.model.directory.DirectorySettings;

@DisplayName("CouncilDirectoryProvider")
class CouncilDirectoryProviderTest {

    /** Session and connection are null: routing must decide without either. */
    private static CouncilDirectoryProvider brentWithoutSessionOrConnection(ComponentModel model) {
        return new CouncilDirectoryProvider(null, model, new CouncilDirectoryConfig(model), null, new TestClock());
    }

    private static CouncilUsername parsed(String typed) {
        return CouncilUsername.parse(typed).orElseThrow();
    }

    @Nested
    @DisplayName("filterFor: routing and filters")
    class FilterFor {

        private final CouncilDirectoryProvider brent = brentWithoutSessionOrConnection(TestModels.brent());

        @Test
        void whenABrentUpnIsGivenThenTheFilterLooksForAUserByUpnOrMail() {
            assertThat(brent.filterFor(parsed("jsmith@brent.gov.uk")).orElseThrow()).hasToString(
                    "(&(&(objectClass=user)(!(objectClass=computer)))(|(userPrincipalName=jsmith@brent.gov.uk)(mail=jsmith@brent.gov.uk)))");
        }

        @Test
        void whenAnAddressInBrentsStaffEmailDomainIsGivenThenTheSameUpnOrMailFilterIsUsed() {
            assertThat(brent.filterFor(parsed("john.smith@staff.brent.gov.uk")).orElseThrow()).hasToString(
                    "(&(&(objectClass=user)(!(objectClass=computer)))(|(userPrincipalName=john.smith@staff.brent.gov.uk)"
                            + "(mail=john.smith@staff.brent.gov.uk)))");
        }

        @Test
        void whenTheUpnIsInCapitalsThenTheDomainIsLowerCaseAndTheAccountIsLeftForTheDirectoryToCompare() {
            assertThat(brent.filterFor(parsed("JSmith@BRENT.GOV.UK")).orElseThrow()).hasToString(
                    "(&(&(objectClass=user)(!(objectClass=computer)))(|(userPrincipalName=JSmith@brent.gov.uk)(mail=JSmith@brent.gov.uk)))");
        }

        @ParameterizedTest
        @ValueSource(strings = {"BRENT\\jsmith", "brent\\jsmith", "Brent\\jsmith"})
        void whenABrentDownLevelNameIsGivenThenTheFilterLooksForAUserBySamAccountName(String typed) {
            assertThat(brent.filterFor(parsed(typed)).orElseThrow())
                    .hasToString("(&(&(objectClass=user)(!(objectClass=computer)))(sAMAccountName=jsmith))");
        }

        @ParameterizedTest
        @ValueSource(strings = {"x@lewisham.gov.uk", "LEWISHAM\\x", "lewisham\\jsmith", "jsmith@camden.gov.uk",
            "jsmith", "aokafor", "jsmith@gov.uk", "jsmith@evil.brent.gov.uk", "jsmith@brent.gov.uk.evil.com",
            "jsmith@notbrent.gov.uk", "jsmith@brent.gov.co", "BRENT1\\jsmith", "BREN\\jsmith"})
        void whenTheNameIsAnotherCouncilsOrBareThenThereIsNoFilterAndSoNoDirectoryTraffic(String typed) {
            assertThat(brent.filterFor(parsed(typed))).isEmpty();
        }

        @Test
        void whenTheCouncilHasNoNetbiosNameThenNoDownLevelNameIsItsOwn() {
            ComponentModel model = TestModels.brent();
            model.getConfig().remove(DirectorySettings.NETBIOS_NAME.key());

            assertThat(brentWithoutSessionOrConnection(model).filterFor(parsed("BRENT\\jsmith"))).isEmpty();
            assertThat(brentWithoutSessionOrConnection(model).filterFor(parsed("jsmith@brent.gov.uk"))).isPresent();
        }

        @Test
        void whenTheConfiguredDomainsAndNetbiosAreInMixedCaseThenTheyStillMatch() {
            ComponentModel model = TestModels.brent();
            model.getConfig().putSingle(DirectorySettings.UPN_SUFFIXES.key(), " Brent.Gov.UK ");
            model.getConfig().putSingle(DirectorySettings.NETBIOS_NAME.key(), " brent ");
            CouncilDirectoryProvider provider = brentWithoutSessionOrConnection(model);

            assertThat(provider.filterFor(parsed("jsmith@brent.gov.uk"))).isPresent();
            assertThat(provider.filterFor(parsed("BRENT\\jsmith"))).isPresent();
        }

        @Test
        void whenTheCouncilHasSeveralSuffixesThenEachIsItsOwn() {
            ComponentModel model = TestModels.brent();
            model.getConfig().putSingle(DirectorySettings.UPN_SUFFIXES.key(), "brent.gov.uk##brent.local");
            CouncilDirectoryProvider provider = brentWithoutSessionOrConnection(model);

            assertThat(provider.filterFor(parsed("jsmith@brent.local")).orElseThrow()).hasToString(
                    "(&(&(objectClass=user)(!(objectClass=computer)))(|(userPrincipalName=jsmith@brent.local)(mail=jsmith@brent.local)))");
        }
    }

    @Nested
    @DisplayName("filterFor: hostile values reaching it are escaped, never syntax")
    class Escaping {

        private final CouncilDirectoryProvider brent = brentWithoutSessionOrConnection(TestModels.brent());

        private Filter filterForUpn(String account) {
            return brent.filterFor(new CouncilUsername(account + "@brent.gov.uk", account, Optional.of("brent.gov.uk"),
                    Optional.empty())).orElseThrow();
        }

        private Filter filterForDownLevel(String account) {
            return brent.filterFor(new CouncilUsername("BRENT\\" + account, account, Optional.empty(),
                    Optional.of("BRENT"))).orElseThrow();
        }

        @Test
        void whenTheAccountHasAStarThenItIsEscapedAndTheFilterStaysAnEqualityMatch() throws Exception {
            Filter filter = filterForUpn("a*b");

            assertThat(filter).hasToString(
                    "(&(&(objectClass=user)(!(objectClass=computer)))(|(userPrincipalName=a\\2ab@brent.gov.uk)(mail=a\\2ab@brent.gov.uk)))");
            assertThat(Filter.create(filter.toString())).isEqualTo(filter);
            assertThat(filter.getComponents()[1].getComponents())
                    .allSatisfy(f -> assertThat(f.getFilterType()).isEqualTo(Filter.FILTER_TYPE_EQUALITY));
        }

        @Test
        void whenTheAccountTriesToCloseTheFilterThenParenthesesAreEscaped() {
            assertThat(filterForDownLevel("jsmith)(objectClass=*"))
                    .hasToString("(&(&(objectClass=user)(!(objectClass=computer)))(sAMAccountName=jsmith\\29\\28objectClass=\\2a))");
        }

        @Test
        void whenTheAccountHasABackslashOrNulThenTheyAreEscaped() {
            assertThat(filterForDownLevel("a\\b\u0000"))
                    .hasToString("(&(&(objectClass=user)(!(objectClass=computer)))(sAMAccountName=a\\5cb\\00))");
        }

        @Test
        void whenTheAccountIsAnOrInjectionThenTheWholeValueIsOneAssertion() throws Exception {
            Filter filter = filterForDownLevel("*)(|(sAMAccountName=*");

            Filter decoded = Filter.create(filter.toString());
            assertThat(decoded.getComponents()).hasSize(2);
            assertThat(decoded.getComponents()[1].getFilterType()).isEqualTo(Filter.FILTER_TYPE_EQUALITY);
            assertThat(decoded.getComponents()[1].getAssertionValue()).isEqualTo("*)(|(sAMAccountName=*");
        }
    }

    @Nested
    @DisplayName("brokerUserId")
    class BrokerUserId {

        private final UUID guid = UUID.fromString("6f9619ff-8b86-d011-b42d-00c04fc964ff");

        @Test
        void whenAskedTwiceForTheSameCouncilAndGuidThenTheIdIsTheSame() {
            assertThat(DirectoryImport.brokerUserId("realm-id-1", "brent", guid))
                    .isEqualTo(DirectoryImport.brokerUserId("realm-id-1", "brent", UUID.fromString(guid.toString())));
        }

        @Test
        void whenTheSameGuidComesFromTwoCouncilsThenTheIdsDiffer() {
            assertThat(DirectoryImport.brokerUserId("realm-id-1", "brent", guid))
                    .isNotEqualTo(DirectoryImport.brokerUserId("realm-id-1", "lewisham", guid));
        }

        @Test
        void whenTheGuidDiffersThenTheIdDiffers() {
            assertThat(DirectoryImport.brokerUserId("realm-id-1", "brent", guid))
                    .isNotEqualTo(DirectoryImport.brokerUserId("realm-id-1", "brent", new UUID(0, 1)));
        }

        @Test
        void whenDerivedThenTheIdIsANameBasedUuidThatDoesNotRevealTheGuid() {
            String id = DirectoryImport.brokerUserId("realm-id-1", "brent", guid);

            assertThat(UUID.fromString(id).version()).isEqualTo(3);
            assertThat(id).isEqualTo(UUID.fromString(id).toString()).doesNotContain("6f9619ff");
            // pinned: changing the derivation would change every token 'sub' already issued
            assertThat(id).isEqualTo(UUID.nameUUIDFromBytes(
                    "borough:realm-id-1:brent:6f9619ff-8b86-d011-b42d-00c04fc964ff".getBytes(StandardCharsets.UTF_8))
                    .toString());
        }

        @Test
        void whenOneCouncilIsFederatedIntoTwoRealmsThenItsPeopleAreTwoUsers() {
            assertThat(DirectoryImport.brokerUserId("realm-id-1", "brent", guid))
                    .isNotEqualTo(DirectoryImport.brokerUserId("realm-id-2", "brent", guid));
        }
    }

    @Nested
    @DisplayName("lookups that are not Brent's cost Brent's directory nothing")
    class NoTraffic {

        private static CouncilDirectory directory;
        private static CouncilConnection connection;
        private static CouncilDirectoryProvider provider;
        private static final Map<String, Object> attributes = new HashMap<>();

        @BeforeAll
        static void brentDirectory() {
            directory = CouncilDirectory.builder("brent", "DC=brent,DC=gov,DC=uk")
                    .ldif(Path.of("..", "realms", "demo", "brent.ldif")).start();
            ComponentModel model = TestModels.brent(directory, directory.url());
            CouncilDirectoryConfig config = new CouncilDirectoryConfig(model);
            connection = new CouncilConnection(config.connection(), Clock.systemUTC());
            provider = new CouncilDirectoryProvider(TestModels.request(attributes), model, config, connection, Clock.systemUTC());
        }

        @AfterAll
        static void stop() {
            connection.close();
            directory.close();
        }

        @ParameterizedTest
        @ValueSource(strings = {"jsmith", "aokafor", "x@lewisham.gov.uk", "LEWISHAM\\aokafor", "*", "*@brent.gov.uk",
            "jsmith)(objectClass=*", "BRENT\\*", "\u0458smith", "CN=Admin,OU=Staff", ""})
        void whenTheNameIsBareForeignOrHostileThenNoUserAndNoDirectoryOperation(String typed) {
            long before = directory.operationCount();

            assertThat(provider.getUserByUsername(null, typed)).isNull();
            assertThat(provider.getUserByEmail(null, typed)).isNull();
            assertThat(provider.getUserByUsername(null, null)).isNull();
            assertThat(provider.getUserByUsername(null, typed.repeat(300))).isNull();

            assertThat(directory.operationCount()).isEqualTo(before);
            assertThat(attributes.keySet()).as("no request cache, no outcome").isSubsetOf(CouncilUsername.PARSED_THIS_REQUEST);
        }

        @Test
        void whenAskedByIdThenNothingIsLookedUp() {
            long before = directory.operationCount();

            assertThat(provider.getUserById(null, "f:brent-component-id:aokafor")).isNull();
            assertThat(directory.operationCount()).isEqualTo(before);
        }

        @Test
        void whenAskedAboutCredentialTypesThenOnlyPasswordsAreSupported() {
            assertThat(provider.supportsCredentialType(PasswordCredentialModel.TYPE)).isTrue();
            assertThat(provider.supportsCredentialType("otp")).isFalse();
        }
    }

    @Nested
    @DisplayName("isValid when the directory refuses a bind for another reason than the password")
    class RefusedBind {

        private static CouncilDirectory directory;
        private static CouncilConnection connection;

        @BeforeAll
        static void brentDirectory() {
            directory = CouncilDirectory.builder("brent", "DC=brent,DC=gov,DC=uk")
                    .ldif(Path.of("..", "realms", "demo", "brent.ldif")).start();
            connection = new CouncilConnection(new CouncilDirectoryConfig(TestModels.brent(directory, directory.url())).connection(),
                    Clock.systemUTC());
        }

        @AfterAll
        static void stop() {
            connection.close();
            directory.close();
        }

        /** A broker user of this federation whose stored entry DN is {@code dn}. */
        private static UserModel importedUser(String dn) {
            return (UserModel) Proxy.newProxyInstance(UserModel.class.getClassLoader(), new Class<?>[] {UserModel.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getId" -> "user-id";
                        case "getFederationLink" -> "brent-component-id";
                        case "getFirstAttribute" -> LDAPConstants.LDAP_ENTRY_DN.equals(args[0]) ? dn : null;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        @Test
        void whenTheStoredDnIsRefusedByTheDirectoryThenThePasswordIsSimplyNotValid() {
            Map<String, Object> attributes = new HashMap<>();
            ComponentModel model = TestModels.brent(directory, directory.url());
            CouncilDirectoryProvider provider = new CouncilDirectoryProvider(TestModels.request(attributes), model,
                    new CouncilDirectoryConfig(model), connection, Clock.systemUTC());

            assertThat(provider.isValid(null, importedUser("not a DN"), UserCredentialModel.password("Brent!aokafor1")))
                    .isFalse();
            assertThat(DirectoryOutcome.of(TestModels.request(attributes)).kind()).isEqualTo(DirectoryOutcome.Kind.NONE);
        }
    }
}
