package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.unboundid.ldap.sdk.Filter;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import uk.boroughbroker.directory.CouncilDirectory;

/**
 * A council's meters as Prometheus reads them (Keycloak's registry type), from a real connection to
 * an in-memory AD-shaped directory: what each request, failure and failover adds.
 */
@DisplayName("DirectoryMeters")
class DirectoryMetersTest {

    private static final String AOKAFOR_DN = "CN=Adaeze Okafor,OU=Staff,DC=brent,DC=gov,DC=uk";

    private PrometheusMeterRegistry registry;
    private CouncilDirectory brent;
    private CouncilConnection connection;

    @BeforeEach
    void startBrent() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        brent = CouncilDirectory.builder("brent", "DC=brent,DC=gov,DC=uk")
                .ldif(Path.of("..", "realms", "demo", "brent.ldif")).start();
    }

    @AfterEach
    void stop() {
        if (connection != null) {
            connection.close();
        }
        brent.close();
    }

    private CouncilConnection connect(String urls) {
        CouncilDirectoryConfig config = new CouncilDirectoryConfig(TestModels.brent(brent, urls));
        connection = new CouncilConnection(config.connection(), new TestClock(), null, DirectoryGuard.NO_PROBES,
                new DirectoryMeters(registry, "borough", "brent"));
        return connection;
    }

    private double value(String series) {
        for (String line : registry.scrape().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1));
            }
        }
        throw new AssertionError("no series " + series + " in\n" + registry.scrape());
    }

    private static Deadline anyRequest() {
        return Deadline.after(Duration.ofSeconds(60));
    }

    private static Filter sam(String account) {
        return Filter.createEqualityFilter("sAMAccountName", account);
    }

    @Test
    void whenAConnectionIsBuiltThenEverySignInOutcomeAndTheFailoversStartAtZeroAndTheCircuitIsClosed() {
        connect(brent.url());

        for (DirectoryMeters.SignIn outcome : DirectoryMeters.SignIn.values()) {
            String name = outcome.name().toLowerCase(java.util.Locale.ROOT);
            assertThat(value("borough_signins_total{council=\"brent\",outcome=\"" + name + "\",realm=\"borough\",}")).isZero();
        }
        assertThat(value("borough_directory_failovers_total{council=\"brent\",realm=\"borough\",}")).isZero();
        assertThat(value("borough_directory_circuit_state{council=\"brent\",realm=\"borough\",}")).isZero();
    }

    @Test
    void whenStaffAreLookedUpAndTheirPasswordsCheckedThenEachRequestIsCountedAndTimedByKindAndResult()
            throws Exception {
        connect(brent.url());

        assertThat(connection.findUser(anyRequest(), sam("aokafor"))).isPresent();
        assertThat(connection.findUser(anyRequest(), sam("nobody-here"))).isEmpty();
        assertThat(connection.bind(anyRequest(), AOKAFOR_DN, "wrong")).isEqualTo(AccountState.INVALID_CREDENTIALS);

        assertThat(value("borough_directory_requests_seconds_count{council=\"brent\",kind=\"search\",realm=\"borough\",result=\"answered\",}"))
                .isEqualTo(2);
        assertThat(value("borough_directory_requests_seconds_count{council=\"brent\",kind=\"bind\",realm=\"borough\",result=\"answered\",}"))
                .isEqualTo(1);
        assertThat(value("borough_directory_requests_seconds_sum{council=\"brent\",kind=\"bind\",realm=\"borough\",result=\"answered\",}"))
                .isPositive();
        assertThat(value("borough_directory_requests_seconds_bucket{council=\"brent\",kind=\"bind\",realm=\"borough\",result=\"answered\",le=\"+Inf\",}"))
                .isEqualTo(1);
    }

    @Test
    void whenTheDirectoryStopsThenFailuresAreUnavailableTheCircuitOpensAndLaterRequestsAreSkipped() {
        connect(brent.url());
        brent.close();

        int threshold = connection.settings().failureThreshold();
        for (int i = 0; i < threshold + 2; i++) {
            assertThatThrownBy(() -> connection.findUser(anyRequest(), sam("aokafor")))
                    .isInstanceOf(DirectoryUnavailableException.class);
        }

        assertThat(value("borough_directory_requests_seconds_count{council=\"brent\",kind=\"search\",realm=\"borough\",result=\"unavailable\",}"))
                .isEqualTo(threshold);
        assertThat(value("borough_directory_requests_seconds_count{council=\"brent\",kind=\"search\",realm=\"borough\",result=\"skipped\",}"))
                .isEqualTo(2);
        assertThat(value("borough_directory_circuit_state{council=\"brent\",realm=\"borough\",}")).isEqualTo(2);
    }

    @Test
    void whenTheFirstDomainControllerIsDownThenEachNewConnectionCountsTheOneItSkipped() throws Exception {
        connect("ldap://127.0.0.1:" + CouncilFederation.closedPort() + "##" + brent.url());

        assertThat(connection.findUser(anyRequest(), sam("aokafor"))).isPresent();
        assertThat(connection.bind(anyRequest(), AOKAFOR_DN, "wrong")).isEqualTo(AccountState.INVALID_CREDENTIALS);

        // One search connection and one bind connection, each on the second DC.
        assertThat(value("borough_directory_failovers_total{council=\"brent\",realm=\"borough\",}")).isEqualTo(2);
    }

    @Test
    void whenTheFirstDomainControllerAnswersThenNoFailoverIsCounted() throws Exception {
        connect(brent.url() + "##ldap://127.0.0.1:" + CouncilFederation.closedPort());

        assertThat(connection.findUser(anyRequest(), sam("aokafor"))).isPresent();

        assertThat(value("borough_directory_failovers_total{council=\"brent\",realm=\"borough\",}")).isZero();
    }

    @Test
    void whenTheConnectionIsClosedThenItsMetersLeaveTheRegistry() {
        connect(brent.url());
        assertThat(registry.getMeters()).isNotEmpty();

        connection.close();

        assertThat(registry.getMeters()).isEmpty();
        assertThat(registry.scrape()).doesNotContain("borough_");
    }

    @Nested
    @DisplayName("sign-ins")
    class SignIns {

        @Test
        void whenTheSameCouncilIsInTwoRealmsThenEachCountsItsOwnAndRemovingOneLeavesTheOtherCounting() {
            DirectoryMeters live = new DirectoryMeters(registry, "borough", "camden");
            DirectoryMeters staging = new DirectoryMeters(registry, "borough-staging", "camden");

            live.signIn(TestModels.request(new HashMap<>()), DirectoryMeters.SignIn.SUCCESS);
            staging.close();
            live.signIn(TestModels.request(new HashMap<>()), DirectoryMeters.SignIn.SUCCESS);

            assertThat(value("borough_signins_total{council=\"camden\",outcome=\"success\",realm=\"borough\",}"))
                    .isEqualTo(2);
            assertThat(registry.scrape()).doesNotContain("realm=\"borough-staging\"");
        }

        @Test
        void whenOneRequestReportsSeveralOutcomesThenOnlyTheFirstIsCounted() {
            DirectoryMeters meters = new DirectoryMeters(registry, "borough", "camden");
            KeycloakSession request = TestModels.request(new HashMap<>());

            meters.signIn(request, DirectoryMeters.SignIn.UNAVAILABLE);
            meters.signIn(request, DirectoryMeters.SignIn.UNKNOWN_USER);
            meters.signIn(TestModels.request(new HashMap<>()), DirectoryMeters.SignIn.SUCCESS);

            assertThat(value("borough_signins_total{council=\"camden\",outcome=\"unavailable\",realm=\"borough\",}")).isEqualTo(1);
            assertThat(value("borough_signins_total{council=\"camden\",outcome=\"unknown_user\",realm=\"borough\",}")).isZero();
            assertThat(value("borough_signins_total{council=\"camden\",outcome=\"success\",realm=\"borough\",}")).isEqualTo(1);
        }

        @Test
        void whenTheDirectoryAnswersAPasswordThenTheOutcomeIsNamedAfterWhatItSaid() {
            Map<AccountState, String> expected = Map.of(AccountState.ACTIVE, "SUCCESS",
                    AccountState.INVALID_CREDENTIALS, "INVALID", AccountState.LOCKED, "LOCKED",
                    AccountState.DISABLED, "DISABLED", AccountState.EXPIRED, "EXPIRED",
                    AccountState.PASSWORD_EXPIRED, "PASSWORD_EXPIRED",
                    AccountState.PASSWORD_MUST_CHANGE, "PASSWORD_MUST_CHANGE");

            for (AccountState state : AccountState.values()) {
                assertThat(DirectoryMeters.SignIn.of(state).name()).as(state.name()).isEqualTo(expected.get(state));
            }
        }
    }
}
