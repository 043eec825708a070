package uk.boroughbroker.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Writes a run's results: results.json (everything), results.md (the tables) and the PNG charts. */
public final class Reports {

    public static final String JSON = "results.json";
    public static final String MARKDOWN = "results.md";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Reports() {
    }

    public static void write(SuiteResults results, Path folder) {
        try {
            Files.createDirectories(folder);
            MAPPER.writeValue(folder.resolve(JSON).toFile(), results);
            Files.writeString(folder.resolve(MARKDOWN), MarkdownReport.render(results));
            Charts.write(results, folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the results to " + folder, e);
        }
    }

    /** One console line per load result. */
    public static String line(LoadResult r) {
        return String.format("%-26s %-6s %8.1f/s %s p50 %7.1f  p95 %7.1f  p99 %7.1f ms  errors %d%s  LDAP/req %s%s",
                r.scenario(), r.target(), r.throughput(), r.roundThroughputs(), r.latency().p50Ms(), r.latency().p95Ms(),
                r.latency().p99Ms(),
                r.errors(), r.failures().isEmpty() ? "" : " " + r.failures(), ldap(r.ldapRequestsPerRequest()),
                r.note() == null ? "" : "  (" + r.note() + ")");
    }

    /** One console line per resilience result. */
    public static String line(ResilienceResult r) {
        StringBuilder s = new StringBuilder(String.format("%-20s %-6s", r.scenario(), r.target()));
        for (PhaseResult phase : r.phases()) {
            s.append(String.format("  %s: %s %s / others %s p95 %.0f ms", phase.phase(), r.council(),
                    percent(phase.outageCouncil().successRate()), percent(phase.otherCouncils().successRate()),
                    phase.otherCouncils().latency().p95Ms()));
        }
        s.append(r.recoverySeconds() == null ? "  not recovered" : String.format("  recovered %.1f s after restore",
                r.recoverySeconds()));
        return s.toString();
    }

    static String ldap(Map<String, Double> perRequest) {
        return perRequest.entrySet().stream().map(e -> e.getKey() + " " + String.format("%.2f", e.getValue()))
                .collect(Collectors.joining(", "));
    }

    static String percent(double rate) {
        return rate >= 1.0 ? "100 %" : String.format("%.1f %%", rate * 100);
    }
}
