package uk.boroughbroker.bench.report;

import java.util.List;

import uk.boroughbroker.bench.load.Resources;

/**
 * One fault injected under load on one realm.
 *
 * @param council          the council whose directory is at fault
 * @param settleSeconds    how long, before this run, the realm took to sign every council in cleanly
 *                         again (what the previous fault left behind)
 * @param restoreSeconds   how long putting the directory back took (restarting 10,000 users' DC takes
 *                         seconds; load continues and counts as "during")
 * @param faultStartSecond seconds from the run's start to the fault; {@code restoredSecond} to the end of the restore
 * @param recoverySeconds  from the end of the restore to the first successful sign-in of the council's
 *                         staff; null when none succeeded before the run ended
 * @param unexpectedErrors failures before the fault, and driver exceptions anywhere
 */
public record ResilienceResult(String scenario, String target, String council, String fault, int threads,
        double settleSeconds, List<PhaseResult> phases, double faultStartSecond, double restoredSecond, double restoreSeconds,
        Double recoverySeconds, long unexpectedErrors, Resources resources, List<TimelinePoint> timeline) {
}
