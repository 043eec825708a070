package uk.boroughbroker.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import uk.boroughbroker.bench.environment.Target;
import uk.boroughbroker.bench.load.Resources;
import uk.boroughbroker.bench.load.Sample;
import uk.boroughbroker.bench.report.LoadResult;

@DisplayName("Rounds of a load scenario combined into one result")
class LoadScenarioRunnerTest {

    private final LoadScenarioRunner runner = new LoadScenarioRunner(null, null, 4, Duration.ZERO, Duration.ofSeconds(10));
    private final Target broker = new Target(Target.BROKER, "borough", "http://127.0.0.1:1", "s");

    private static LoadScenarioRunner.Round round(int ok, int failed, double seconds, long brentRequests, double cpu,
            long rssMax) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < ok; i++) {
            samples.add(new Sample(i, 2_000_000, 0, LoadScenarioRunner.MEASURED, null));
        }
        for (int i = 0; i < failed; i++) {
            samples.add(new Sample(i, 8_000_000, 0, LoadScenarioRunner.MEASURED, "503 temporarily_unavailable"));
        }
        Map<String, Long> ldap = new LinkedHashMap<>();
        ldap.put("brent", brentRequests);
        ldap.put("haringey", 0L);
        return new LoadScenarioRunner.Round(samples, seconds, ldap, new Resources(cpu, rssMax - 10, rssMax, 20.0), null,
                Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void whenTwoRoundsAreCombinedThenThroughputIsAllTheirOkRequestsOverAllTheirSeconds() {
        LoadResult result = runner.combine("returning-first-council", broker,
                List.of(round(1000, 0, 10, 3000, 170, 900), round(800, 0, 10, 2400, 150, 950)));

        assertThat(result.throughput()).isEqualTo(90.0);
        assertThat(result.roundThroughputs()).containsExactly(100.0, 80.0);
        assertThat(result.seconds()).isEqualTo(20.0);
        assertThat(result.requests()).isEqualTo(1800);
        assertThat(result.ldapRequestsPerRequest()).containsEntry("brent", 3.0).containsEntry("haringey", 0.0);
        assertThat(result.directoriesContacted()).containsExactly("brent");
        assertThat(result.resources().keycloakCpuPercent()).isEqualTo(160.0);
        assertThat(result.resources().keycloakRssMaxMiB()).isEqualTo(950);
    }

    @Test
    void whenSomeRequestsFailedThenTheyAreErrorsNamedByHowTheyFailed() {
        LoadResult result = runner.combine("first-login-first-council", broker, List.of(round(90, 10, 10, 300, 100, 500)));

        assertThat(result.errors()).isEqualTo(10);
        assertThat(result.unexpectedErrors()).isEqualTo(10);
        assertThat(result.failures()).containsEntry("503 temporarily_unavailable", 10L);
        assertThat(result.throughput()).isEqualTo(9.0);
    }
}
