package uk.boroughbroker.bench.report;

import java.util.List;
import java.util.Map;

/**
 * Everything a run measured, as written to results.json.
 *
 * @param settings    the options of the run
 * @param differences what stays different between the two realms (see StockRealm)
 * @param startup     how long the environment took to come up, and Keycloak's memory then
 * @param problems    why the run, or a scenario of it, cannot be trusted; empty when all completed
 */
public record SuiteResults(String startedAt, double totalSeconds, Machine machine, Map<String, Object> settings,
        Startup startup, List<String> differences, List<LoadResult> load, List<ResilienceResult> resilience, List<SyncResult> sync,
        List<LifecycleResult> lifecycle, List<Ratio> ratios, List<TargetCheck> targets, List<String> problems) {

    public boolean allCompleted() {
        return problems.isEmpty();
    }
}
