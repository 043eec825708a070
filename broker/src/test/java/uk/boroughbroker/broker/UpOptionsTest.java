package uk.boroughbroker.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("UpOptions.parse")
class UpOptionsTest {

    private static UpOptions parse(String... args) {
        return UpOptions.parse(List.of(args));
    }

    @Nested
    @DisplayName("without options")
    class Defaults {

        @Test
        void whenNoArgumentsThenEveryDefaultApplies() {
            UpOptions o = parse();

            assertThat(o.httpPort()).isEqualTo(8080);
            assertThat(o.managementPort()).isEqualTo(9000);
            assertThat(o.home()).isEqualTo(Path.of(".broker"));
            assertThat(o.realms()).isEqualTo(Path.of("realms"));
            assertThat(o.loadUsers()).isZero();
            assertThat(o).isEqualTo(UpOptions.defaults());
        }

        @Test
        void whenDefaultsThenBaseUrlIsLocalhostOnTheHttpPort() {
            assertThat(parse().baseUrl()).isEqualTo("http://localhost:8080");
            assertThat(parse("--http-port", "8181").baseUrl()).isEqualTo("http://localhost:8181");
        }
    }

    @Nested
    @DisplayName("with valid options")
    class Valid {

        @Test
        void whenHttpPortAsSeparateValueThenItIsUsed() {
            assertThat(parse("--http-port", "8081").httpPort()).isEqualTo(8081);
        }

        @Test
        void whenHttpPortWithEqualsThenItIsUsed() {
            assertThat(parse("--http-port=8081").httpPort()).isEqualTo(8081);
        }

        @Test
        void whenEveryOptionIsGivenThenEachIsApplied() {
            UpOptions o = parse("--http-port", "18080", "--management-port=19000", "--home", "/tmp/bb-home",
                    "--realms=other/realms", "--load-users", "250", "--ldap-port", "10389");

            assertThat(o).isEqualTo(new UpOptions(18080, 19000, Path.of("/tmp/bb-home"), Path.of("other/realms"), 250,
                    10389));
        }

        @Test
        void whenAnOptionIsRepeatedThenTheLastOneWins() {
            assertThat(parse("--http-port", "8081", "--http-port=8082").httpPort()).isEqualTo(8082);
        }

        @Test
        void whenPortsAreAtTheEdgesOfTheRangeThenTheyAreAccepted() {
            UpOptions o = parse("--http-port", "1", "--management-port", "65535");

            assertThat(o.httpPort()).isEqualTo(1);
            assertThat(o.managementPort()).isEqualTo(65535);
        }

        @Test
        void whenLoadUsersIsAtItsLimitsThenItIsAccepted() {
            assertThat(parse("--load-users", "0").loadUsers()).isZero();
            assertThat(parse("--load-users", "200000").loadUsers()).isEqualTo(UpOptions.MAX_LOAD_USERS);
        }

        @Test
        void whenANumberHasSurroundingSpacesThenItIsAccepted() {
            assertThat(parse("--http-port", " 8081 ").httpPort()).isEqualTo(8081);
        }

        @Test
        void whenHomeValueContainsEqualsThenOnlyTheFirstEqualsSeparatesNameAndValue() {
            assertThat(parse("--home=/tmp/a=b").home()).isEqualTo(Path.of("/tmp/a=b"));
        }

        @Test
        void whenHttpPortTakesTheDefaultManagementPortButManagementMovesThenItIsAccepted() {
            UpOptions o = parse("--http-port", "9000", "--management-port", "9001");

            assertThat(o.httpPort()).isEqualTo(9000);
            assertThat(o.managementPort()).isEqualTo(9001);
        }
    }

    @Nested
    @DisplayName("with invalid options")
    class Invalid {

        @Test
        void whenOptionIsUnknownThenUsageErrorNamesIt() {
            assertThatThrownBy(() -> parse("--bogus", "1"))
                    .isInstanceOf(UsageException.class)
                    .hasMessage("unknown option '--bogus'");
        }

        @Test
        void whenUnknownOptionUsesEqualsThenUsageErrorNamesOnlyTheOption() {
            assertThatThrownBy(() -> parse("--colour=teal"))
                    .isInstanceOf(UsageException.class)
                    .hasMessage("unknown option '--colour'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"--http-port", "--management-port", "--home", "--realms", "--load-users"})
        void whenAnOptionHasNoValueThenUsageErrorSaysItNeedsOne(String option) {
            assertThatThrownBy(() -> parse(option))
                    .isInstanceOf(UsageException.class)
                    .hasMessage("option " + option + " needs a value");
        }

        @Test
        void whenTheValueIsMissingAfterOtherOptionsThenUsageErrorNamesTheLastOption() {
            assertThatThrownBy(() -> parse("--http-port", "8081", "--home"))
                    .isInstanceOf(UsageException.class)
                    .hasMessage("option --home needs a value");
        }

        @ParameterizedTest
        @ValueSource(strings = {"abc", "80.5", "", "0x50", "99999999999"})
        void whenPortIsNotAWholeNumberThenUsageErrorShowsRangeAndValue(String value) {
            assertThatThrownBy(() -> parse("--http-port=" + value))
                    .isInstanceOf(UsageException.class)
                    .hasMessage("--http-port must be a whole number from 1 to 65535, not '" + value + "'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "70000", "-1", "65536"})
        void whenManagementPortIsOutOfRangeThenUsageErrorShowsRangeAndValue(String value) {
            assertThatThrownBy(() -> parse("--management-port", value))
                    .isInstanceOf(UsageException.class)
                    .hasMessage("--management-port must be a whole number from 1 to 65535, not '" + value + "'");
        }

        @Test
        void whenHttpPortIsZeroThenUsageError() {
            assertThatThrownBy(() -> parse("--http-port", "0"))
                    .isInstanceOf(UsageException.class)
                    .hasMessage("--http-port must be a whole number from 1 to 65535, not '0'");
        }

        @Test
        void whenHttpPortIs70000ThenUsageError() {
            assertThatThrownBy(() -> parse("--http-port", "70000"))
                    .isInstanceOf(UsageException.class)
                    .hasMessage("--http-port must be a whole number from 1 to 65535, not '70000'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1", "200001", "many"})
        void whenLoadUsersIsNegativeTooLargeOrNotANumberThenUsageErrorShowsRange(String value) {
            assertThatThrownBy(() -> parse("--load-users", value))
                    .isInstanceOf(UsageException.class)
                    .hasMessage("--load-users must be a whole number from 0 to 200000, not '" + value + "'");
        }

        @Test
        void whenHttpPortEqualsTheDefaultManagementPortThenUsageErrorSaysTheyMustDiffer() {
            assertThatThrownBy(() -> parse("--http-port", "9000"))
                    .isInstanceOf(UsageException.class)
                    .hasMessage("--http-port and --management-port must differ (both are 9000)");
        }

        @Test
        void whenBothPortsAreSetToTheSameValueThenUsageErrorSaysTheyMustDiffer() {
            assertThatThrownBy(() -> parse("--http-port=18080", "--management-port=18080"))
                    .isInstanceOf(UsageException.class)
                    .hasMessage("--http-port and --management-port must differ (both are 18080)");
        }
    }

    @Nested
    @DisplayName("regressions: options that once misled or endangered")
    class Regressions {

        @Test
        void whenAnUnknownFlagIsLastThenUsageErrorSaysUnknownOption() {
            assertThatThrownBy(() -> parse("--bogus"))
                    .isInstanceOf(UsageException.class)
                    .hasMessage("unknown option '--bogus'");
        }

        @Test
        void whenHomeIsEmptyThenUsageError() {
            assertThatThrownBy(() -> parse("--home="))
                    .isInstanceOf(UsageException.class)
                    .hasMessageContaining("--home");
        }
    }

    @Nested
    @DisplayName("--real-ad")
    class RealAd {

        @Test
        void whenRealAdIsAskedThenItHasItsOwnHomeUnlessOneIsGiven() {
            assertThat(UpOptions.parse(List.of("--real-ad")).home()).isEqualTo(Path.of(".broker-real-ad"));
            assertThat(UpOptions.parse(List.of("--real-ad")).realAd()).isTrue();
            assertThat(UpOptions.parse(List.of("--home", "/tmp/x", "--real-ad")).home()).isEqualTo(Path.of("/tmp/x"));
            assertThat(UpOptions.defaults().realAd()).isFalse();
        }

        @Test
        void whenRealAdIsCombinedWithEmbeddedDirectoryOptionsThenTheErrorSaysWhy() {
            assertThatThrownBy(() -> UpOptions.parse(List.of("--real-ad", "--load-users", "10")))
                    .isInstanceOf(UsageException.class).hasMessageContaining("for the embedded directories, not --real-ad");
        }

        @Test
        void whenRealAdIsGivenAValueThenTheErrorSaysItTakesNone() {
            assertThatThrownBy(() -> UpOptions.parse(List.of("--real-ad=yes")))
                    .isInstanceOf(UsageException.class).hasMessageContaining("--real-ad takes no value");
        }
    }

    @Nested
    @DisplayName("--cluster")
    class Cluster {

        @Test
        @DisplayName("asks for the production topology; the default is one Keycloak")
        void asksForTheCluster() {
            assertThat(UpOptions.parse(List.of("--cluster")).cluster()).isTrue();
            assertThat(UpOptions.parse(List.of("--cluster", "--home", "/tmp/x")).home()).isEqualTo(Path.of("/tmp/x"));
            assertThat(UpOptions.defaults().cluster()).isFalse();
            assertThat(UpOptions.parse(List.of("--ldap-port", "20389", "--cluster")).ldapPort()).isEqualTo(20389);
        }

        @Test
        @DisplayName("refuses the single Keycloak's port options, saying the cluster's ports")
        void refusesSingleNodePorts() {
            assertThatThrownBy(() -> UpOptions.parse(List.of("--cluster", "--http-port", "8081")))
                    .isInstanceOf(UsageException.class).hasMessageContaining("front door 18443");
            assertThatThrownBy(() -> UpOptions.parse(List.of("--management-port=9001", "--cluster")))
                    .isInstanceOf(UsageException.class).hasMessageContaining("are for the single Keycloak");
        }

        @Test
        @DisplayName("takes no value")
        void takesNoValue() {
            assertThatThrownBy(() -> UpOptions.parse(List.of("--cluster=yes")))
                    .isInstanceOf(UsageException.class).hasMessageContaining("--cluster takes no value");
        }
    }
}
