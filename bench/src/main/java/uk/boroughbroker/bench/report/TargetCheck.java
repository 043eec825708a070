package uk.boroughbroker.bench.report;

/**
 * One of the targets, and whether this run met it.
 *
 * @param met null when the run did not measure it (scenario group not run)
 */
public record TargetCheck(String target, String measured, Boolean met) {
}
