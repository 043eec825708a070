package uk.boroughbroker.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import uk.boroughbroker.bench.environment.Target;
import uk.boroughbroker.bench.load.Latency;
import uk.boroughbroker.bench.load.LoadRun;
import uk.boroughbroker.bench.load.OidcClient;
import uk.boroughbroker.bench.load.Sample;
import uk.boroughbroker.bench.report.GroupResult;
import uk.boroughbroker.bench.report.TimelinePoint;

/**
 * Small helpers shared by the runners: grouping samples, per-second timelines, signing users in
 * before a scenario.
 */
final class Measure {

    private Measure() {
    }

    static Map<String, Long> failures(List<Sample> samples) {
        Map<String, Long> counts = new TreeMap<>();
        for (Sample s : samples) {
            if (!s.ok()) {
                counts.merge(s.failure(), 1L, Long::sum);
            }
        }
        return counts;
    }

    static GroupResult group(List<Sample> samples, Predicate<Sample> which, double seconds) {
        List<Sample> chosen = samples.stream().filter(which).toList();
        long ok = chosen.stream().filter(Sample::ok).count();
        return new GroupResult(chosen.size(), ok, chosen.isEmpty() ? 1.0 : round4((double) ok / chosen.size()),
                seconds <= 0 ? 0 : round1(ok / seconds), Latency.of(chosen), failures(chosen));
    }

    /**
     * Requests completed in each second since {@code started}: the {@code outage} council's and the
     * others', ok and failed (the resilience timelines).
     */
    static List<TimelinePoint> timeline(LoadRun.Finished finished, long started, int outage) {
        int seconds = (int) Math.ceil((finished.stoppedAt() - started) / 1e9) + 1;
        int[][] counts = new int[Math.max(1, seconds)][4];
        for (Sample s : finished.samples()) {
            int second = (int) Math.min(seconds - 1, Math.max(0, (s.endNanos() - started) / 1_000_000_000L));
            int column = (s.council() == outage ? 0 : 2) + (s.ok() ? 0 : 1);
            counts[second][column]++;
        }
        List<TimelinePoint> points = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            points.add(new TimelinePoint(i, counts[i][0], counts[i][1], counts[i][2], counts[i][3]));
        }
        return points;
    }

    static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

    static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    static double round4(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    /**
     * Signs each user in once by password grant, on {@code threads} threads, so they are known
     * (imported) before they are used as returning users.
     *
     * @return the failures, as "user: reason"; empty when all signed in
     */
    static List<String> signIn(OidcClient oidc, Target target, List<String> usernames, String password, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<String>> results = new ArrayList<>();
            // Each person once: Keycloak refuses a second sign-in of one person while the first is in
            // progress (UserPool.withReturning).
            for (String user : new java.util.LinkedHashSet<>(usernames)) {
                results.add(pool.submit(() -> {
                    OidcClient.Result result = oidc.password(target, user, password);
                    return result.ok() ? null : user + ": " + result.failure();
                }));
            }
            List<String> failures = new ArrayList<>();
            for (Future<String> result : results) {
                try {
                    String failure = result.get();
                    if (failure != null) {
                        failures.add(failure);
                    }
                } catch (ExecutionException e) {
                    failures.add(String.valueOf(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add("interrupted");
                    break;
                }
            }
            return failures;
        } finally {
            pool.shutdownNow();
        }
    }
}
