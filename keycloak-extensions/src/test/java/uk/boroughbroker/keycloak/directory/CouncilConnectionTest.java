package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SearchResultEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.component.ComponentModel;
import uk.boroughbroker.directory.AdGuid;
import uk.boroughbroker.directory.CouncilDirectory;
import uk.boroughbroker.keycloak.directory.CircuitBreaker.State;
import uk.boroughbroker.model.directory.DirectorySettings;

/** Against real in-memory, AD-shaped directories on ports the OS chose; no Keycloak. */
@DisplayName("CouncilConnection")
class CouncilConnectionTest {

    private static final String AOKAFOR_DN = "CN=Adaeze Okafor,OU=Staff,DC=brent,DC=gov,DC=uk";
    private static final String GTHOMPSON_DN = "CN=Grace Thompson,OU=Staff,DC=brent,DC=gov,DC=uk";
    /** Generous: a hung DC must cost a bounded time, not the OS's TCP timeout. */
    private static final Duration HANG_DETECTOR = Duration.ofSeconds(5);

    /** Scenarios on one demo Brent directory, started before their tests and stopped after them. */
    abstract static class AgainstBrent {

        static CouncilDirectory brent;

        @BeforeAll
        static void start() {
            brent = startBrent();
        }

        @AfterAll
        static void stop() {
            brent.close();
        }
    }

    /** Asks a stopped directory until the breaker opens: each ask fails as unavailable. */
    private static void failUntilTheCircuitOpens(CouncilConnection connection) {
        for (int i = 0; i < DirectorySettings.FAILURE_THRESHOLD.number(null); i++) {
            assertThatThrownBy(() -> connection.findUser(anyRequest(), sam("aokafor")))
                    .isInstanceOf(DirectoryUnavailableException.class);
        }
        assertThat(connection.state()).isEqualTo(State.OPEN);
    }

    private static CouncilDirectory startBrent() {
        return CouncilDirectory.builder("brent", "DC=brent,DC=gov,DC=uk")
                .ldif(Path.of("..", "realms", "demo", "brent.ldif")).start();
    }

    /** The same directory again, on the same port with the same service-account password. */
    private static CouncilDirectory restart(CouncilDirectory stopped) {
        return CouncilDirectory.builder("brent", "DC=brent,DC=gov,DC=uk")
                .ldif(Path.of("..", "realms", "demo", "brent.ldif")).port(stopped.port())
                .bindPassword(stopped.bindPassword()).start();
    }

    private static CouncilConnection connect(CouncilDirectory directory, String urls, TestClock clock,
            Consumer<ComponentModel> change) {
        ComponentModel model = TestModels.brent(directory, urls);
        change.accept(model);
        CouncilDirectoryConfig config = new CouncilDirectoryConfig(model);
        assertThat(config.problems()).as("the test's own configuration").isEmpty();
        return new CouncilConnection(config.connection(), clock);
    }

    /** A request's deadline far beyond anything these tests wait for: only the timeouts under test end a call. */
    private static Deadline anyRequest() {
        return Deadline.after(Duration.ofSeconds(60));
    }

    private static Filter sam(String account) {
        return Filter.createEqualityFilter("sAMAccountName", account);
    }

    @Nested
    @DisplayName("a healthy directory")
    class Healthy extends AgainstBrent {

        private CouncilConnection connection;

        @BeforeEach
        void connect() {
            connection = CouncilConnectionTest.connect(brent, brent.url(), new TestClock(), model -> { });
        }

        @AfterEach
        void close() {
            connection.close();
        }

        @Test
        void whenSearchingBySamAccountNameThenTheOneUserIsFoundWithGuidUpnAndGroups() throws Exception {
            DirectoryUser user = connection.findUser(anyRequest(), Filter.create("(sAMAccountName=aokafor)")).orElseThrow();

            SearchResultEntry entry;
            try (LDAPConnection direct = new LDAPConnection("127.0.0.1", brent.port(), brent.bindDn(),
                    brent.bindPassword())) {
                entry = direct.getEntry(AOKAFOR_DN, "objectGUID");
            }
            assertThat(user.dn()).isEqualTo(AOKAFOR_DN);
            assertThat(user.objectGuid()).isEqualTo(AdGuid.fromBytes(entry.getAttributeValueBytes("objectGUID")));
            // the test directory derives it from council id and DN, so it is pinned across restarts
            assertThat(user.objectGuid()).isEqualTo(AdGuid.fromBytes(AdGuid.toBytes(UUID.nameUUIDFromBytes(
                    ("brent:" + AOKAFOR_DN.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8)))));
            assertThat(user.account()).isEqualTo("aokafor");
            assertThat(user.principalName()).isEqualTo("aokafor@brent.gov.uk");
            assertThat(user.firstName()).isEqualTo("Adaeze");
            assertThat(user.lastName()).isEqualTo("Okafor");
            assertThat(user.email()).isEqualTo("adaeze.okafor@brent.gov.uk");
            assertThat(user.memberOf()).containsExactly("CN=GG-RevBen-Managers,OU=Groups,DC=brent,DC=gov,DC=uk");
            assertThat(user.userAccountControl()).isEqualTo(512);
            assertThat(user.state(Instant.now())).isEqualTo(AccountState.ACTIVE);
            assertThat(connection.state()).isEqualTo(State.CLOSED);
        }

        @ParameterizedTest
        @ValueSource(strings = {"BRENT\\aokafor", "brent\\AOKAFOR", "aokafor@brent.gov.uk", "AOkafor@BRENT.GOV.UK",
            "adaeze.okafor@brent.gov.uk"})
        void whenATypedBrentNameIsRoutedAndSearchedThenAokaforIsFound(String typed) throws Exception {
            CouncilDirectoryProvider provider = new CouncilDirectoryProvider(null, TestModels.brent(),
                    new CouncilDirectoryConfig(TestModels.brent()), null, new TestClock());
            Filter filter = provider.filterFor(CouncilUsername.parse(typed).orElseThrow()).orElseThrow();

            assertThat(connection.findUser(anyRequest(), filter)).map(DirectoryUser::dn).contains(AOKAFOR_DN);
        }

        @Test
        void whenNobodyHasTheNameThenNothingIsFoundAndTheDirectoryCountsAsUp() throws Exception {
            assertThat(connection.findUser(anyRequest(), sam("nobody"))).isEmpty();
            assertThat(connection.state()).isEqualTo(State.CLOSED);
        }

        @Test
        void whenTheFilterMatchesManyUsersThenNoneIsChosen() throws Exception {
            assertThat(connection.findUser(anyRequest(), Filter.create("(objectClass=user)"))).isEmpty();
            assertThat(connection.findUser(anyRequest(), Filter.create("(mail=*@brent.gov.uk)"))).isEmpty();
            assertThat(connection.state()).isEqualTo(State.CLOSED);
        }

        @Test
        void whenTheServiceAccountIsAskedForThenItIsNotFoundBecauseItIsOutsideTheUsersDn() throws Exception {
            try (LDAPConnection direct = new LDAPConnection("127.0.0.1", brent.port(), brent.bindDn(),
                    brent.bindPassword())) {
                assertThat(direct.search(brent.baseDn(), SearchScope.SUB,
                        sam("svc-borough-broker")).getSearchEntries())
                        .as("it exists in the domain").singleElement()
                        .satisfies(e -> assertThat(e.getDN()).isEqualToIgnoringCase(brent.bindDn()));
            }
            assertThat(connection.findUser(anyRequest(), sam("svc-borough-broker"))).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"*", "a*", "*okafor", "aokafor)(objectClass=*", "*)(|(sAMAccountName=*", "\\2a",
            "aokafor\u0000", "\u0430okafor"})
        void whenAHostileValueIsUsedThroughTheFilterApiThenItMatchesNothing(String value) throws Exception {
            assertThat(connection.findUser(anyRequest(), sam(value))).isEmpty();
            assertThat(connection.findUser(anyRequest(), Filter.createEqualityFilter("userPrincipalName", value + "@brent.gov.uk")))
                    .isEmpty();
        }

        @Test
        @DisplayName("Cyrillic look-alike BRENT\\јsmith finds nobody, though jsmith exists")
        void whenTheCyrillicLookAlikeIsSearchedThenItDoesNotMatchTheLatinAccount() throws Exception {
            CouncilDirectoryProvider provider = new CouncilDirectoryProvider(null, TestModels.brent(),
                    new CouncilDirectoryConfig(TestModels.brent()), null, new TestClock());

            assertThat(connection.findUser(anyRequest(), sam("jsmith"))).isPresent();
            for (String typed : new String[] {"BRENT\\\u0458smith", "\u0458smith@brent.gov.uk"}) {
                Filter filter = provider.filterFor(CouncilUsername.parse(typed).orElseThrow()).orElseThrow();
                assertThat(connection.findUser(anyRequest(), filter)).as(typed).isEmpty();
            }
        }

        @Test
        void whenThePasswordIsRightThenTheAccountIsActive() throws Exception {
            assertThat(connection.bind(anyRequest(), AOKAFOR_DN, "Brent!aokafor1")).isEqualTo(AccountState.ACTIVE);
        }

        @Test
        void whenThePasswordIsWrongThenTheCredentialsAreInvalidAndTheDirectoryCountsAsUp() throws Exception {
            for (int i = 0; i < 5; i++) {
                assertThat(connection.bind(anyRequest(), AOKAFOR_DN, "Brent!aokafor2")).isEqualTo(AccountState.INVALID_CREDENTIALS);
            }
            assertThat(connection.state()).as("wrong passwords are answers, not outages").isEqualTo(State.CLOSED);
        }

        @Test
        void whenTheDnIsNotInTheDirectoryThenTheCredentialsAreInvalid() throws Exception {
            assertThat(connection.bind(anyRequest(), "CN=Nobody,OU=Staff,DC=brent,DC=gov,DC=uk", "Brent!nobody1"))
                    .isEqualTo(AccountState.INVALID_CREDENTIALS);
        }

        @Test
        void whenTheAccountIsDisabledAndThePasswordRightThenItIsDisabled() throws Exception {
            assertThat(connection.bind(anyRequest(), GTHOMPSON_DN, "Brent!gthompson1")).isEqualTo(AccountState.DISABLED);
        }

        @Test
        void whenTheAccountIsDisabledAndThePasswordWrongThenNothingMoreThanInvalidIsSaid() throws Exception {
            assertThat(connection.bind(anyRequest(), GTHOMPSON_DN, "guess")).isEqualTo(AccountState.INVALID_CREDENTIALS);
        }

        @ParameterizedTest
        @NullAndEmptySource
        void whenThePasswordIsEmptyThenItIsInvalidWithoutAskingTheDirectory(String password) throws Exception {
            long before = brent.operationCount();

            assertThat(connection.bind(anyRequest(), AOKAFOR_DN, password)).isEqualTo(AccountState.INVALID_CREDENTIALS);
            assertThat(brent.operationCount()).isEqualTo(before);
        }

        @Test
        void whenAUserHasBoundThenTheConnectionIsTheBrokersAgainForTheNextSearch() throws Exception {
            assertThat(connection.bind(anyRequest(), AOKAFOR_DN, "Brent!aokafor1")).isEqualTo(AccountState.ACTIVE);
            assertThat(connection.bind(anyRequest(), AOKAFOR_DN, "wrong")).isEqualTo(AccountState.INVALID_CREDENTIALS);

            assertThat(connection.findUser(anyRequest(), sam("rpatel"))).map(DirectoryUser::account).contains("rpatel");
        }

        @Test
        void whenAPasswordIsCheckedThenTheDirectoryReceivesOneBindAndNoRevert() throws Exception {
            connection.bind(anyRequest(), AOKAFOR_DN, "Brent!aokafor1"); // warm: the bind pool's first connection
            long before = brent.operationCount();

            assertThat(connection.bind(anyRequest(), AOKAFOR_DN, "Brent!aokafor1")).isEqualTo(AccountState.ACTIVE);
            assertThat(brent.operationCount() - before).as("a right password").isEqualTo(1);
            assertThat(connection.bind(anyRequest(), AOKAFOR_DN, "wrong")).isEqualTo(AccountState.INVALID_CREDENTIALS);
            assertThat(brent.operationCount() - before).as("and a wrong one").isEqualTo(2);
        }

        @Test
        void whenManyPeopleBindInTurnThenEachGetsTheirOwnAnswer() throws Exception {
            for (int i = 0; i < 3; i++) {
                assertThat(connection.bind(anyRequest(), AOKAFOR_DN, "Brent!aokafor1")).isEqualTo(AccountState.ACTIVE);
                assertThat(connection.bind(anyRequest(), AOKAFOR_DN, "Brent!rpatel1")).isEqualTo(AccountState.INVALID_CREDENTIALS);
                assertThat(connection.findUser(anyRequest(), sam("rpatel"))).map(DirectoryUser::account).contains("rpatel");
            }
        }

        @Test
        void whenTheSameNameIsLookedUpTwiceThenEachLookupIsOneOperation() throws Exception {
            connection.findUser(anyRequest(), sam("aokafor")); // warm: the pool's own bind
            long before = brent.operationCount();

            connection.findUser(anyRequest(), sam("aokafor"));

            assertThat(brent.operationCount() - before).isEqualTo(1);
        }

        @Test
        void whenTheDirectoryRefusesTheBindForAnotherReasonThenTheAnswerIsStillAnAccountState() throws Exception {
            assertThat(connection.bind(anyRequest(), "not a DN", "Brent!aokafor1")).isEqualTo(AccountState.INVALID_CREDENTIALS);
        }
    }

    @Nested
    @DisplayName("a directory whose account changes")
    class Changing {

        @Test
        void whenAnAccountIsDisabledInTheDirectoryThenTheNextBindAndSearchSayDisabled() throws Exception {
            try (CouncilDirectory brent = startBrent();
                    CouncilConnection connection = connect(brent, brent.url(), new TestClock(), model -> { })) {
                assertThat(connection.bind(anyRequest(), AOKAFOR_DN, "Brent!aokafor1")).isEqualTo(AccountState.ACTIVE);

                brent.setUserAccountControl(AOKAFOR_DN, 514);

                assertThat(connection.bind(anyRequest(), AOKAFOR_DN, "Brent!aokafor1")).isEqualTo(AccountState.DISABLED);
                assertThat(connection.findUser(anyRequest(), sam("aokafor")).orElseThrow().state(Instant.now()))
                        .isEqualTo(AccountState.DISABLED);

                brent.setUserAccountControl(AOKAFOR_DN, 512);
                assertThat(connection.bind(anyRequest(), AOKAFOR_DN, "Brent!aokafor1")).isEqualTo(AccountState.ACTIVE);
            }
        }
    }

    @Nested
    @DisplayName("failover between domain controllers")
    class Failover extends AgainstBrent {


        @Test
        void whenTheFirstDcRefusesConnectionsThenTheSecondAnswers() throws Exception {
            String urls = "ldap://127.0.0.1:" + HungServer.closedPort() + "##" + brent.url();
            try (CouncilConnection connection = connect(brent, urls, new TestClock(), model -> { })) {
                assertThat(connection.findUser(anyRequest(), sam("aokafor"))).isPresent();
                assertThat(connection.bind(anyRequest(), AOKAFOR_DN, "Brent!aokafor1")).isEqualTo(AccountState.ACTIVE);
                assertThat(connection.state()).isEqualTo(State.CLOSED);
            }
        }

        @Test
        void whenTheFirstDcAcceptsButNeverAnswersThenTheSecondAnswersWithinTheReadTimeout() throws Exception {
            try (HungServer hung = new HungServer();
                    CouncilConnection connection = connect(brent, hung.url() + "##" + brent.url(), new TestClock(),
                            model -> { })) {
                long started = System.nanoTime();

                assertThat(connection.findUser(anyRequest(), sam("aokafor"))).isPresent();

                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(HANG_DETECTOR);
                assertThat(hung.accepted()).as("the first DC was tried").isGreaterThanOrEqualTo(1);
                assertThat(connection.state()).isEqualTo(State.CLOSED);
            }
        }
    }

    @Nested
    @DisplayName("a hung domain controller")
    class Hung {

        private HungServer hung;
        private TestClock clock;
        private CouncilConnection connection;

        @BeforeEach
        void hungDc() throws Exception {
            hung = new HungServer();
            clock = new TestClock();
            ComponentModel model = TestModels.brent();
            model.getConfig().putSingle(DirectorySettings.CONNECTION_URLS.key(), hung.url());
            model.getConfig().putSingle(DirectorySettings.CONNECT_TIMEOUT.key(), "300");
            model.getConfig().putSingle(DirectorySettings.READ_TIMEOUT.key(), "300");
            model.getConfig().putSingle(DirectorySettings.FAILURE_THRESHOLD.key(), "2");
            connection = new CouncilConnection(new CouncilDirectoryConfig(model).connection(), clock);
        }

        @AfterEach
        void close() throws Exception {
            connection.close();
            hung.close();
        }

        private void assertUnavailableWithinTheHangDetector(ThrowingRunnable call) {
            long started = System.nanoTime();
            assertThatThrownBy(call::run).isInstanceOf(DirectoryUnavailableException.class)
                    .hasMessageStartingWith("The brent directory is unavailable: ")
                    .satisfies(e -> assertThat(((DirectoryUnavailableException) e).council()).isEqualTo("brent"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(HANG_DETECTOR);
        }

        @Test
        void whenTheOnlyDcNeverAnswersThenTheSearchFailsAsUnavailableInsteadOfHanging() {
            assertUnavailableWithinTheHangDetector(() -> connection.findUser(anyRequest(), sam("aokafor")));
            assertThat(hung.accepted()).isGreaterThanOrEqualTo(1);
        }

        @Test
        void whenTheOnlyDcNeverAnswersThenThePasswordCheckFailsAsUnavailableNotAsAWrongPassword() {
            assertUnavailableWithinTheHangDetector(() -> connection.bind(anyRequest(), AOKAFOR_DN, "Brent!aokafor1"));
        }

        @Test
        void whenFailuresReachTheThresholdThenTheCircuitOpensAndTheNextCallFailsFastWithoutTouchingTheDc() {
            assertUnavailableWithinTheHangDetector(() -> connection.findUser(anyRequest(), sam("aokafor")));
            assertThat(connection.state()).isEqualTo(State.CLOSED);
            assertUnavailableWithinTheHangDetector(() -> connection.findUser(anyRequest(), sam("aokafor")));
            assertThat(connection.state()).isEqualTo(State.OPEN);
            int reached = hung.accepted();

            assertThatThrownBy(() -> connection.findUser(anyRequest(), sam("aokafor")))
                    .isInstanceOf(DirectoryUnavailableException.class).hasMessageContaining("failing fast");
            assertThatThrownBy(() -> connection.bind(anyRequest(), AOKAFOR_DN, "Brent!aokafor1"))
                    .isInstanceOf(DirectoryUnavailableException.class).hasMessageContaining("failing fast");

            assertThat(hung.accepted()).as("no connection reached the hung DC").isEqualTo(reached);
        }

        @Test
        void whenTheCircuitHasBeenOpenLongEnoughThenOneTrialReachesTheDcAndItsFailureReopens() {
            assertUnavailableWithinTheHangDetector(() -> connection.findUser(anyRequest(), sam("aokafor")));
            assertUnavailableWithinTheHangDetector(() -> connection.findUser(anyRequest(), sam("aokafor")));
            int reached = hung.accepted();

            clock.advance(Duration.ofSeconds(DirectorySettings.UNAVAILABLE_SECONDS.number(null)));
            assertUnavailableWithinTheHangDetector(() -> connection.findUser(anyRequest(), sam("aokafor")));

            assertThat(hung.accepted()).as("the trial reached the DC").isGreaterThan(reached);
            assertThat(connection.state()).isEqualTo(State.OPEN);
            int afterTrial = hung.accepted();
            assertThatThrownBy(() -> connection.findUser(anyRequest(), sam("aokafor")))
                    .hasMessageContaining("failing fast");
            assertThat(hung.accepted()).isEqualTo(afterTrial);
        }
    }

    /**
     * Domain controllers that accept connections and never answer, with a read timeout long enough
     * that only the deadline can end a request in time: each bound is one that only a request
     * waiting out its own timeouts would break, not a measure of speed.
     */
    @Nested
    @DisplayName("one deadline per request while domain controllers hang")
    class DeadlinePerRequest {

        private static final int READ_TIMEOUT_MILLIS = 3_000;
        private static final Duration DEADLINE = Duration.ofMillis(3_500);
        /** Room for thread scheduling on a busy 2-core machine; far below one more read timeout. */
        private static final Duration SLACK = Duration.ofMillis(1_000);

        private final List<HungServer> hung = new ArrayList<>();
        private CouncilConnection connection;

        private CouncilConnection hungDcs(int count, int failureThreshold) throws Exception {
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                HungServer server = new HungServer();
                hung.add(server);
                urls.add(server.url());
            }
            ComponentModel model = TestModels.brent();
            model.getConfig().putSingle(DirectorySettings.CONNECTION_URLS.key(), String.join("##", urls));
            model.getConfig().putSingle(DirectorySettings.ALLOW_PLAINTEXT.key(), "true");
            model.getConfig().putSingle(DirectorySettings.CONNECT_TIMEOUT.key(), "1000");
            model.getConfig().putSingle(DirectorySettings.READ_TIMEOUT.key(), Integer.toString(READ_TIMEOUT_MILLIS));
            model.getConfig().putSingle(DirectorySettings.DEADLINE.key(), Long.toString(DEADLINE.toMillis()));
            model.getConfig().putSingle(DirectorySettings.FAILURE_THRESHOLD.key(), Integer.toString(failureThreshold));
            CouncilDirectoryConfig config = new CouncilDirectoryConfig(model);
            assertThat(config.problems()).as("the test's own configuration").isEmpty();
            connection = new CouncilConnection(config.connection(), new TestClock());
            return connection;
        }

        @AfterEach
        void close() throws Exception {
            if (connection != null) {
                connection.close();
            }
            for (HungServer server : hung) {
                server.close();
            }
        }

        private static Duration since(long startNanos) {
            return Duration.ofNanos(System.nanoTime() - startNanos);
        }

        private static void unavailable(ThrowingRunnable call) {
            assertThatThrownBy(call::run).isInstanceOf(DirectoryUnavailableException.class)
                    .hasMessageStartingWith("The brent directory is unavailable: ");
        }

        @Test
        void whenTheOnlyDcHangsThenTheSearchAndPasswordCheckOfOneRequestTogetherEndWithinTheDeadline()
                throws Exception {
            CouncilConnection brent = hungDcs(1, 100);
            long started = System.nanoTime();
            Deadline request = Deadline.after(DEADLINE);

            unavailable(() -> brent.findUser(request, sam("aokafor")));
            unavailable(() -> brent.bind(request, AOKAFOR_DN, "Brent!aokafor1"));

            assertThat(since(started)).isLessThan(DEADLINE.plus(SLACK));
        }

        @Test
        void whenBothDcsHangThenTheRequestEndsWithinTheDeadlineNotAfterEachDcsTimeout() throws Exception {
            CouncilConnection brent = hungDcs(2, 100);
            long started = System.nanoTime();

            unavailable(() -> brent.findUser(Deadline.after(DEADLINE), sam("aokafor")));

            assertThat(since(started)).isLessThan(DEADLINE.plus(SLACK));
            assertThat(hung.get(0).accepted()).as("the first DC was tried").isGreaterThanOrEqualTo(1);
        }

        @Test
        void whenACallHasBeenUnansweredForTheWholeDeadlineThenTheNextRequestsFailAtOnceWithoutTheirOwnWait()
                throws Exception {
            // The breaker's threshold is out of reach here: what makes the later requests quick is the
            // earlier call, still unanswered, not an open circuit.
            CouncilConnection brent = hungDcs(2, 100);
            unavailable(() -> brent.findUser(Deadline.after(DEADLINE), sam("aokafor")));

            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                Deadline request = Deadline.after(DEADLINE);
                unavailable(() -> brent.findUser(request, sam("rpatel")));
                unavailable(() -> brent.bind(request, AOKAFOR_DN, "Brent!aokafor1"));
                assertThat(since(started)).as("request %d after the first", i + 1).isLessThan(SLACK);
            }
            assertThat(brent.state()).isEqualTo(State.CLOSED);
        }

        @Test
        void whenManyRequestsArriveTogetherThenEachEndsWithinTheDeadlineOfTheFirst() throws Exception {
            CouncilConnection brent = hungDcs(2, 3);
            java.util.concurrent.ExecutorService staff = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                long started = System.nanoTime();
                List<java.util.concurrent.Future<Duration>> answers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    answers.add(staff.submit(() -> {
                        Deadline request = Deadline.after(DEADLINE);
                        unavailable(() -> brent.findUser(request, sam("aokafor")));
                        unavailable(() -> brent.bind(request, AOKAFOR_DN, "Brent!aokafor1"));
                        return since(started);
                    }));
                }
                for (java.util.concurrent.Future<Duration> answer : answers) {
                    assertThat(answer.get(30, java.util.concurrent.TimeUnit.SECONDS))
                            .isLessThan(DEADLINE.plus(SLACK));
                }
                assertThat(brent.state()).as("timeouts count as failures").isEqualTo(State.OPEN);
            } finally {
                staff.shutdownNow();
            }
        }
    }

    @Nested
    @DisplayName("a stopped directory")
    class Stopped {

        @Test
        void whenTheDirectoryWasNeverReachedAndIsStoppedThenLookupsAreUnavailable() throws Exception {
            CouncilDirectory brent = startBrent();
            brent.close();
            try (CouncilConnection connection = connect(brent, brent.url(), new TestClock(), model -> { })) {
                assertThatThrownBy(() -> connection.findUser(anyRequest(), sam("aokafor")))
                        .isInstanceOf(DirectoryUnavailableException.class);
                assertThatThrownBy(() -> connection.bind(anyRequest(), AOKAFOR_DN, "Brent!aokafor1"))
                        .isInstanceOf(DirectoryUnavailableException.class);
            }
        }

        @Test
        void whenTheDirectoryStopsUnderAnOpenPoolThenLookupsAreUnavailableAndAfterThresholdNothingIsTried()
                throws Exception {
            TestClock clock = new TestClock();
            CouncilDirectory brent = startBrent();
            try (CouncilConnection connection = connect(brent, brent.url(), clock, model -> { })) {
                assertThat(connection.findUser(anyRequest(), sam("aokafor"))).isPresent();
                brent.close();

                failUntilTheCircuitOpens(connection);

                try (CouncilDirectory restarted = restart(brent)) {
                    assertThatThrownBy(() -> connection.findUser(anyRequest(), sam("aokafor")))
                            .isInstanceOf(DirectoryUnavailableException.class).hasMessageContaining("failing fast");
                    assertThat(restarted.operationCount()).as("fail fast: the directory is not asked").isZero();

                    clock.advance(Duration.ofSeconds(DirectorySettings.UNAVAILABLE_SECONDS.number(null)));

                    assertThat(connection.findUser(anyRequest(), sam("aokafor"))).as("the trial finds the directory back").isPresent();
                    assertThat(connection.state()).isEqualTo(State.CLOSED);
                    assertThat(connection.bind(anyRequest(), AOKAFOR_DN, "Brent!aokafor1")).isEqualTo(AccountState.ACTIVE);
                }
            }
        }
    }

    @Nested
    @DisplayName("background probes")
    class Probes {

        @Test
        void whenTheDirectoryComesBackWhileTheCircuitIsOpenThenAProbeClosesItBeforeTheOpenTimeEnds() throws Exception {
            TestClock clock = new TestClock();
            CouncilDirectory brent = startBrent();
            List<Runnable> probes = new ArrayList<>();
            ComponentModel model = TestModels.brent(brent, brent.url());
            try (CouncilConnection connection = new CouncilConnection(new CouncilDirectoryConfig(model).connection(), clock, null,
                    probes::add, DirectoryMeters.unread("brent"))) {
                assertThat(connection.findUser(anyRequest(), sam("aokafor"))).isPresent();
                brent.close();
                failUntilTheCircuitOpens(connection);

                assertThatThrownBy(() -> connection.findUser(anyRequest(), sam("aokafor"))).hasMessageContaining("failing fast");
                assertThat(probes).as("the first refused call starts a probe").hasSize(1);
                probes.remove(0).run();
                assertThat(connection.state()).as("the directory is still down").isEqualTo(State.OPEN);

                try (CouncilDirectory restarted = restart(brent)) {
                    assertThatThrownBy(() -> connection.findUser(anyRequest(), sam("aokafor"))).hasMessageContaining("failing fast");
                    assertThat(probes).as("no second probe within " + CircuitBreaker.PROBE_EVERY).isEmpty();

                    clock.advance(CircuitBreaker.PROBE_EVERY);
                    assertThatThrownBy(() -> connection.findUser(anyRequest(), sam("aokafor"))).hasMessageContaining("failing fast");
                    assertThat(probes).hasSize(1);
                    probes.remove(0).run();

                    assertThat(connection.state()).isEqualTo(State.CLOSED);
                    assertThat(connection.findUser(anyRequest(), sam("aokafor"))).as("well before the open time ends").isPresent();
                    assertThat(connection.bind(anyRequest(), AOKAFOR_DN, "Brent!aokafor1")).isEqualTo(AccountState.ACTIVE);
                }
            }
        }
    }

    @Nested
    @DisplayName("a directory that refuses the broker's own credentials")
    class WrongServiceCredential extends AgainstBrent {


        private CouncilConnection misconfigured() {
            return connect(brent, brent.url(), new TestClock(),
                    model -> model.getConfig().putSingle(DirectorySettings.BIND_CREDENTIAL.key(), "not-the-password"));
        }

        @Test
        void whenTheServiceAccountCannotBindThenASearchSaysTheDirectoryIsUnavailableNamingTheServiceAccount() {
            try (CouncilConnection connection = misconfigured()) {
                assertThatThrownBy(() -> connection.findUser(anyRequest(), sam("aokafor")))
                        .isInstanceOf(DirectoryUnavailableException.class)
                        .hasMessageContaining("service account");
            }
        }

        @Test
        void whenTheServiceAccountCannotBindThenTheCouncilIsUnavailableRatherThanEveryPasswordWrong() {
            try (CouncilConnection connection = misconfigured()) {
                assertThatThrownBy(() -> connection.findUser(anyRequest(), sam("aokafor")))
                        .isInstanceOf(DirectoryUnavailableException.class);
                assertThatThrownBy(() -> connection.bind(anyRequest(), AOKAFOR_DN, "Brent!aokafor1"))
                        .isInstanceOf(DirectoryUnavailableException.class);
            }
        }
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
