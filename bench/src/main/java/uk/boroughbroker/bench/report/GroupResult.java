package uk.boroughbroker.bench.report;

import java.util.Map;

import uk.boroughbroker.bench.load.Latency;

/**
 * Requests of one group of councils in one phase of a resilience run.
 *
 * @param successRate ok / requests, 0..1; 1 when there were no requests
 * @param throughput  ok requests per second of the phase
 * @param latency     over all requests of the group, failed ones included (a fast refusal is the point)
 */
public record GroupResult(long requests, long ok, double successRate, double throughput, Latency latency,
        Map<String, Long> failures) {
}
