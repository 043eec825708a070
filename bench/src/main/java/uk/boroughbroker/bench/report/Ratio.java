package uk.boroughbroker.bench.report;

/**
 * Broker against stock for one load scenario.
 *
 * @param throughput broker throughput / stock throughput (above 1: the broker serves more)
 * @param p50        stock p50 / broker p50 (above 1: the broker answers faster)
 * @param p99        stock p99 / broker p99
 */
public record Ratio(String scenario, Double throughput, Double p50, Double p99) {
}
