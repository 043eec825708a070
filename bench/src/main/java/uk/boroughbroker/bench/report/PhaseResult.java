package uk.boroughbroker.bench.report;

import java.util.Map;

/**
 * One phase (before, during, after) of a resilience run.
 *
 * @param outageCouncil the council whose directory is at fault
 * @param otherCouncils every other council together
 * @param councils      each council on its own, by id
 */
public record PhaseResult(String phase, double seconds, GroupResult outageCouncil, GroupResult otherCouncils,
        Map<String, GroupResult> councils) {
}
