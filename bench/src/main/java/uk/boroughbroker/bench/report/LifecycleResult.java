package uk.boroughbroker.bench.report;

/**
 * How long a change in a council's AD took to take effect in the broker, over many people changed at
 * once (issue 14: within 60 s).
 *
 * @param scenario     {@code leavers} (disabled in AD until their refresh token is refused) or
 *                     {@code movers} (added to a mapped group until the broker user holds the role)
 * @param people       people changed at once
 * @param measured     people whose change took effect within the bound
 * @param syncSeconds  the councils' sync interval in that realm
 * @param p50Seconds   latency percentiles over the measured people, seconds from the change in AD
 */
public record LifecycleResult(String scenario, String council, int people, int measured, int syncSeconds,
        Double p50Seconds, Double p95Seconds, Double maxSeconds, String detail) {
}
