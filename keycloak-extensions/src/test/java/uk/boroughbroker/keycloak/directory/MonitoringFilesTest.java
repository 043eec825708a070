package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the dashboard in docker/monitoring read only metrics the broker exports, under
 * the names Prometheus shows them, and use every one of them; the rules pass {@code promtool} (check
 * and their own unit tests) where it is installed, and must in CI ({@code BOROUGH_PROMTOOL=required},
 * set by .ci/run, which installs Debian's prometheus package).
 */
@DisplayName("docker/monitoring: alert rules and dashboard")
class MonitoringFilesTest {

    private static final Path MONITORING = Path.of("..", "docker", "monitoring");
    private static final Path RULES = MONITORING.resolve("borough-alerts.yml");
    private static final Path RULE_TESTS = MONITORING.resolve("borough-alerts-test.yml");
    private static final Path DASHBOARD = MONITORING.resolve("borough-dashboard.json");
    private static final Pattern OURS = Pattern.compile("\\bborough_[a-z0-9_]*[a-z0-9]");

    /** Every series name the meters produce, as Keycloak's Prometheus registry writes them. */
    private static Set<String> exported() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (DirectoryMeters meters = new DirectoryMeters(registry, "borough", "brent")) {
            meters.circuit(() -> CircuitBreaker.State.CLOSED);
            meters.syncPass(new SyncSummary("brent", "changes", 1, 1, 0, 0, 0, java.util.Map.of(), 0, 1, true));
            meters.syncFailed();
            for (DirectoryMeters.Kind kind : DirectoryMeters.Kind.values()) {
                for (DirectoryMeters.Result result : DirectoryMeters.Result.values()) {
                    meters.request(kind, result, 1_000_000);
                }
            }
            Set<String> names = new TreeSet<>();
            for (String line : registry.scrape().split("\n")) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    names.add(line.split("[{ ]", 2)[0]);
                }
            }
            return names;
        }
    }

    /** The borough_ names a file uses outside its comments. */
    private static Set<String> used(Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(file)) {
            Matcher name = OURS.matcher(line.strip().startsWith("#") ? "" : line);
            while (name.find()) {
                names.add(name.group());
            }
        }
        return names;
    }

    @Test
    void whenTheMetersAreScrapedThenTheyHaveTheNamesTheDocsGive() {
        assertThat(exported()).contains("borough_signins_total", "borough_directory_circuit_state",
                "borough_directory_failovers_total", "borough_directory_requests_seconds_bucket",
                "borough_directory_requests_seconds_count", "borough_directory_requests_seconds_sum",
                "borough_directory_requests_seconds_max", "borough_directory_sync_people_total",
                "borough_directory_sync_failures_total", "borough_directory_sync_last_success_time");
    }

    @Test
    void whenTheRulesAndTheDashboardAreReadThenEveryMetricTheyUseIsExported() throws IOException {
        Set<String> exported = exported();
        for (Path file : List.of(RULES, RULE_TESTS, DASHBOARD)) {
            assertThat(used(file)).as(file + " uses").isNotEmpty().isSubsetOf(exported);
        }
    }

    @Test
    void whenTheDashboardIsReadThenItIsGrafanaJsonShowingEveryExportedMetric() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());

        assertThat(dashboard.path("uid").asText()).isEqualTo("borough-broker");
        List<String> exprs = dashboard.findValuesAsText("expr");
        assertThat(exprs).hasSizeGreaterThanOrEqualTo(dashboard.path("panels").size());
        Set<String> shown = used(DASHBOARD);
        assertThat(shown).containsAll(exported());
    }

    @Test
    void whenPromtoolIsInstalledThenTheScrapeConfigAndTheRulesPassItsChecksAndTheRulesTheirUnitTests() throws Exception {
        String promtool = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).map(Path::toString).findFirst()
                .orElse(null);
        if (promtool == null) {
            if ("required".equalsIgnoreCase(System.getenv("BOROUGH_PROMTOOL"))) {
                Assertions.fail("BOROUGH_PROMTOOL=required, but promtool is not on the PATH (Debian: apt-get install "
                        + "prometheus)");
            }
            Assumptions.abort("promtool not installed (Debian package prometheus): alert rules not checked here");
        }
        assertThat(run(promtool, "check", "config", "prometheus.yml")).contains("SUCCESS: 8 rules found");
        assertThat(run(promtool, "test", "rules", RULE_TESTS.getFileName().toString())).contains("SUCCESS");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(MONITORING.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
        return output;
    }
}
