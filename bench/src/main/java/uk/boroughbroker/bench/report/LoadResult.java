package uk.boroughbroker.bench.report;

import java.util.List;
import java.util.Map;

import uk.boroughbroker.bench.load.Latency;
import uk.boroughbroker.bench.load.Resources;

/**
 * One load scenario on one realm, over its measured seconds (warm-up excluded).
 *
 * @param throughput             requests per second that did what was expected, over every round
 * @param roundThroughputs       the same per round, in the order run
 * @param failures               how the others failed, with counts
 * @param unexpectedErrors       failures the scenario does not expect (every failure, in a load scenario)
 * @param ldapRequestsPerRequest LDAP requests each council's directory received per request sent
 * @param directoriesContacted   councils whose directory received at least 0.1 LDAP requests per request
 * @param note                   anything that qualifies the figures (e.g. ran out of fresh users)
 */
public record LoadResult(String scenario, String target, int threads, double seconds, long requests, long ok,
        long errors, long unexpectedErrors, Map<String, Long> failures, double throughput,
        List<Double> roundThroughputs, Latency latency,
        Map<String, Double> ldapRequestsPerRequest, List<String> directoriesContacted, Resources resources,
        String note) {
}
