package uk.boroughbroker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import uk.boroughbroker.bench.report.LoadResult;
import uk.boroughbroker.bench.report.Reports;
import uk.boroughbroker.bench.report.ResilienceResult;
import uk.boroughbroker.bench.report.SuiteResults;
import uk.boroughbroker.bench.suite.Suite;
import uk.boroughbroker.bench.suite.SuiteOptions;

/**
 * The whole benchmark suite, tiny and short (100 users per council, 2 s per scenario), on its own
 * Keycloak (ports the OS chooses, home under target/): every scenario completes on both realms
 * without unexpected errors and the reports are written. No timing is asserted: speed is what the
 * full run (./broker.sh bench) measures, on a quiet machine.
 */
@DisplayName("The benchmark suite, smoke run")
class BenchSmokeIT {

    @Test
    void whenEveryScenarioRunsTinyOnBothRealmsThenEachCompletesWithoutUnexpectedErrorsAndTheReportsAreWritten()
            throws Exception {
        Path work = Path.of(System.getProperty("bench.work", "target/smoke"));
        Path realms = Path.of(System.getProperty("bench.realms", "../realms"));
        SuiteOptions options = SuiteOptions.smoke(work, realms);

        SuiteResults results = new Suite(options, System.out).run();

        assertThat(results.problems()).as("problems").isEmpty();
        List<String> scenarios = results.load().stream().map(LoadResult::scenario).distinct().toList();
        assertThat(scenarios).hasSizeGreaterThanOrEqualTo(9);
        for (String scenario : scenarios) {
            assertThat(results.load()).filteredOn(r -> r.scenario().equals(scenario))
                    .extracting(LoadResult::target).as(scenario).containsExactlyInAnyOrder("broker", "stock");
        }
        assertThat(results.load()).allSatisfy(r -> {
            assertThat(r.requests()).as(r.scenario() + " on " + r.target()).isPositive();
            assertThat(r.unexpectedErrors()).as(r.scenario() + " on " + r.target() + " " + r.failures()).isZero();
        });
        assertThat(results.resilience()).extracting(ResilienceResult::scenario).containsOnly("directory-stopped",
                "directory-hung", "primary-dc-stopped", "directory-slow").hasSize(8);
        assertThat(results.resilience()).allSatisfy(r -> assertThat(r.unexpectedErrors())
                .as(r.scenario() + " on " + r.target()).isZero());
        assertThat(results.sync()).extracting(s -> s.target() + " " + s.scenario() + " " + s.status()).containsExactly(
                "broker full-sync-one-council ok", "broker full-sync-all-councils ok",
                "stock full-sync-one-council ok", "stock full-sync-all-councils ok");
        assertThat(results.lifecycle()).extracting(l -> l.scenario() + " " + (l.measured() == l.people()))
                .containsExactly("movers true", "scim-delivery true", "leavers true");
        for (String file : List.of(Reports.JSON, Reports.MARKDOWN, "throughput.png", "latency.png",
                "resilience-success.png", "resilience-directory-hung.png")) {
            assertThat(options.out().resolve(file)).as(file).isRegularFile();
            assertThat(Files.size(options.out().resolve(file))).as(file).isPositive();
        }
    }
}
