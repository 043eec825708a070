package uk.boroughbroker.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The suite's command line")
class SuiteOptionsTest {

    @Test
    void whenNothingIsGivenThenTheDocumentedDefaultsApply() {
        SuiteOptions o = SuiteOptions.parse(List.of());

        assertThat(o.usersPerCouncil()).isEqualTo(10_000);
        assertThat(o.threads()).isEqualTo(4);
        assertThat(o.seconds()).isEqualTo(10);
        assertThat(o.rounds()).isEqualTo(2);
        assertThat(o.outageCouncil()).isEqualTo("southwark");
        assertThat(o.groups()).isEqualTo(Set.of("load", "resilience", "sync", "lifecycle"));
        assertThat(o.out()).isEqualTo(Path.of("bench", "target", "bench"));
        assertThat(o.home()).isEqualTo(Path.of("bench", "target", "bench-home"));
        assertThat(o.connectTimeoutMillis()).isEmpty();
        assertThat(o.circuitOpenSeconds()).isEmpty();
        assertThat(o.returningUsers()).isEqualTo(60);
    }

    @Test
    void whenOptionsAreGivenEitherWayThenEachIsTaken() {
        SuiteOptions o = SuiteOptions.parse(List.of("--users", "2000", "--threads=8", "--seconds", "5", "--rounds", "3",
                "--scenarios", "load, sync", "--outage-council", "camden", "--read-timeout-ms", "1500",
                "--keycloak-heap", "-Xms1g -Xmx1g", "--out", "/tmp/x"));

        assertThat(o.usersPerCouncil()).isEqualTo(2000);
        assertThat(o.threads()).isEqualTo(8);
        assertThat(o.seconds()).isEqualTo(5);
        assertThat(o.rounds()).isEqualTo(3);
        assertThat(o.groups()).containsExactlyInAnyOrder("load", "sync");
        assertThat(o.runs("resilience")).isFalse();
        assertThat(o.outageCouncil()).isEqualTo("camden");
        assertThat(o.readTimeoutMillis()).hasValue(1500);
        assertThat(o.keycloakHeap()).isEqualTo("-Xms1g -Xmx1g");
        assertThat(o.out()).isEqualTo(Path.of("/tmp/x"));
        assertThat(o.returningUsers()).isEqualTo(60);
    }

    @Test
    void whenSingleScenariosAreChosenThenOnlyTheyAndTheirGroupsRun() {
        SuiteOptions options = SuiteOptions.parse(List.of("--scenarios", "client-credentials,directory-hung"));

        assertThat(options.runs("load")).isTrue();
        assertThat(options.runs("load", "client-credentials")).isTrue();
        assertThat(options.runs("load", "refresh-token")).isFalse();
        assertThat(options.runs("resilience", "directory-hung")).isTrue();
        assertThat(options.runs("resilience", "directory-slow")).isFalse();
        assertThat(options.runs("sync")).isFalse();
    }

    @Test
    void whenScenarioIdsAreListedThenTheyAreTheSuitesOwn() {
        assertThat(SuiteOptions.SCENARIOS.get("load"))
                .containsExactlyElementsOf(LoadScenarios.all(6).stream().map(LoadScenarios.Scenario::id).toList());
        assertThat(SuiteOptions.SCENARIOS.get("resilience")).containsExactlyElementsOf(
                ResilienceRunner.faults(java.time.Duration.ofMillis(1)).stream().map(ResilienceRunner.Fault::id).toList());
    }

    @Test
    void whenAValueIsWrongThenTheErrorNamesTheOptionAndWhatIsWrong() {
        assertThatThrownBy(() -> SuiteOptions.parse(List.of("--threads", "0")))
                .isInstanceOf(UsageException.class).hasMessage("--threads must be between 1 and 64, got 0");
        assertThatThrownBy(() -> SuiteOptions.parse(List.of("--users", "lots")))
                .isInstanceOf(UsageException.class).hasMessage("--users must be a whole number, got 'lots'");
        assertThatThrownBy(() -> SuiteOptions.parse(List.of("--scenarios", "load,speed")))
                .isInstanceOf(UsageException.class).hasMessageContaining("(unknown: speed)");
        assertThatThrownBy(() -> SuiteOptions.parse(List.of("--outage-council", "Camden!")))
                .isInstanceOf(UsageException.class).hasMessageContaining("--outage-council");
        assertThatThrownBy(() -> SuiteOptions.parse(List.of("--keycloak-heap", "-XX:+UseZGC")))
                .isInstanceOf(UsageException.class).hasMessageContaining("-XX:+UseZGC");
    }

    @Test
    void whenAnOptionIsUnknownOrHasNoValueThenItIsNamed() {
        assertThatThrownBy(() -> SuiteOptions.parse(List.of("--fast")))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("unknown option '--fast'");
        assertThatThrownBy(() -> SuiteOptions.parse(List.of("--seconds")))
                .isInstanceOf(UsageException.class).hasMessage("option --seconds needs a value");
        assertThatThrownBy(() -> SuiteOptions.parse(List.of("--seconds", "--threads", "2")))
                .isInstanceOf(UsageException.class).hasMessage("option --seconds needs a value");
    }

    @Test
    void whenTheSmokeRunIsAskedForThenItIsTinyShortAndUnderItsOwnFolder() {
        SuiteOptions smoke = SuiteOptions.smoke(Path.of("target", "smoke"), Path.of("..", "realms"));

        assertThat(smoke.usersPerCouncil()).isLessThanOrEqualTo(300);
        assertThat(smoke.seconds()).isLessThanOrEqualTo(2);
        assertThat(smoke.home()).startsWithRaw(Path.of("target", "smoke"));
        assertThat(smoke.groups()).containsExactlyInAnyOrder("load", "resilience", "sync", "lifecycle");
    }

    @Test
    void whenCouncilsAreGeneratedThenFewerUsersEachAndAGeneratedOutageCouncilAreTheDefaults() {
        SuiteOptions o = SuiteOptions.parse(List.of("--councils", "33"));

        assertThat(o.councils()).hasValue(33);
        assertThat(o.usersPerCouncil()).isEqualTo(2_000);
        assertThat(o.outageCouncil()).isEqualTo("council-03");
        assertThat(SuiteOptions.parse(List.of("--councils", "2")).outageCouncil()).isEqualTo("council-02");
        assertThat(SuiteOptions.parse(List.of()).councils()).isEmpty();
    }

    @Test
    void whenCouncilsAreGeneratedThenUsersAndOutageCouncilGivenAreKept() {
        SuiteOptions o = SuiteOptions.parse(List.of("--outage-council", "council-07", "--councils=12", "--users", "500"));

        assertThat(o.usersPerCouncil()).isEqualTo(500);
        assertThat(o.outageCouncil()).isEqualTo("council-07");
    }

    @Test
    void whenTheNumberOfCouncilsIsOutOfRangeThenTheMessageNamesTheOptionAndTheRange() {
        assertThatThrownBy(() -> SuiteOptions.parse(List.of("--councils", "41"))).isInstanceOf(UsageException.class)
                .hasMessage("--councils must be between 1 and 40, got 41");
        assertThatThrownBy(() -> SuiteOptions.parse(List.of("--councils", "0"))).isInstanceOf(UsageException.class)
                .hasMessage("--councils must be between 1 and 40, got 0");
    }

    @Test
    void whenALdapDelayIsGivenThenItIsTakenAndWithoutOneTheDirectoriesAnswerAtLoopbackSpeed() {
        assertThat(SuiteOptions.parse(List.of("--ldap-delay-ms", "3")).ldapDelayMillis()).isEqualTo(3);
        assertThat(SuiteOptions.parse(List.of()).ldapDelayMillis()).isZero();
        assertThatThrownBy(() -> SuiteOptions.parse(List.of("--ldap-delay-ms", "-1"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("--ldap-delay-ms");
    }

    @Test
    void whenATopologyIsGivenThenItIsTakenAndWithoutOneTheDevNodeIsCompared() {
        assertThat(SuiteOptions.parse(List.of()).topology()).isEqualTo(SuiteOptions.Topology.DEV);
        assertThat(SuiteOptions.parse(List.of("--topology", "cluster")).topology()).isEqualTo(SuiteOptions.Topology.CLUSTER);
        assertThat(SuiteOptions.parse(List.of("--topology=dev")).topology()).isEqualTo(SuiteOptions.Topology.DEV);
    }

    @Test
    void whenTheTopologyIsUnknownThenTheMessageNamesTheChoices() {
        assertThatThrownBy(() -> SuiteOptions.parse(List.of("--topology", "kubernetes"))).isInstanceOf(UsageException.class)
                .hasMessage("--topology must be dev or cluster, got 'kubernetes'");
    }

    @Test
    void whenTheClusterIsGivenAHeapThenItIsRefusedBecauseItsNodesRunAsTheImageDoes() {
        assertThatThrownBy(() -> SuiteOptions.parse(List.of("--topology", "cluster", "--keycloak-heap", "-Xmx1g")))
                .isInstanceOf(UsageException.class).hasMessageContaining("--keycloak-heap applies to --topology dev only");
    }

    @Test
    void whenALoadOrderIsGivenThenItIsTakenAndWithoutOneTheRealmsAreLoadedInTurn() {
        assertThat(SuiteOptions.parse(List.of()).loadOrder()).isEqualTo(LoadOrder.TURNS);
        assertThat(SuiteOptions.parse(List.of("--load-order", "together")).loadOrder()).isEqualTo(LoadOrder.TOGETHER);
        assertThat(SuiteOptions.parse(List.of("--load-order=turns")).loadOrder()).isEqualTo(LoadOrder.TURNS);
    }

    @Test
    void whenTheLoadOrderIsUnknownThenTheMessageNamesTheChoices() {
        assertThatThrownBy(() -> SuiteOptions.parse(List.of("--load-order", "random"))).isInstanceOf(UsageException.class)
                .hasMessage("--load-order must be turns or together, got 'random'");
    }
}
