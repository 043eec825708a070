package uk.boroughbroker.bench.load;

import java.util.Arrays;
import java.util.List;

/**
 * Latency percentiles of a set of requests, in milliseconds: exact, nearest rank over every sample
 * (the bench keeps them all to cut a run by phase and council; HdrHistogram would only approximate
 * them, decision 0023).
 */
public record Latency(double p50Ms, double p95Ms, double p99Ms, double meanMs, double maxMs) {

    public static final Latency NONE = new Latency(0, 0, 0, 0, 0);

    public static Latency of(List<Sample> samples) {
        if (samples.isEmpty()) {
            return NONE;
        }
        long[] nanos = samples.stream().mapToLong(Sample::latencyNanos).toArray();
        Arrays.sort(nanos);
        double mean = Arrays.stream(nanos).average().orElse(0);
        return new Latency(ms(rank(nanos, 0.50)), ms(rank(nanos, 0.95)), ms(rank(nanos, 0.99)), ms(mean),
                ms(nanos[nanos.length - 1]));
    }

    /** Nearest-rank percentile: the smallest value with at least p of the values at or below it. */
    static long rank(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(double nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }
}
