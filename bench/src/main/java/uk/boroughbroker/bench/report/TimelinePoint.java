package uk.boroughbroker.bench.report;

/** Requests completed in one second of a resilience run (from its start), for the charts. */
public record TimelinePoint(int second, int outageOk, int outageFailed, int othersOk, int othersFailed) {
}
