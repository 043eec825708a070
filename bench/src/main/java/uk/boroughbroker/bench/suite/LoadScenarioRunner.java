package uk.boroughbroker.bench.suite;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import uk.boroughbroker.bench.environment.BenchEnvironment;
import uk.boroughbroker.bench.environment.Target;
import uk.boroughbroker.bench.load.Latency;
import uk.boroughbroker.bench.load.LoadRun;
import uk.boroughbroker.bench.load.OidcClient;
import uk.boroughbroker.bench.load.ResourceSampler;
import uk.boroughbroker.bench.load.Resources;
import uk.boroughbroker.bench.load.Sample;
import uk.boroughbroker.bench.load.UserPool;
import uk.boroughbroker.bench.load.Workload;
import uk.boroughbroker.bench.report.LoadResult;
import uk.boroughbroker.realms.Council;

/**
 * Runs rounds of one load scenario on one realm, or on both at once: warm-up (not measured), then the
 * measured seconds, with Keycloak's CPU and memory sampled and every directory's LDAP request counter
 * read before and after.
 */
final class LoadScenarioRunner implements ScenarioRounds.Runner {

    static final int WARMUP = 0;
    static final int MEASURED = 1;
    /** A council is "contacted" by a scenario when its directory gets at least this many requests per sign-in. */
    static final double CONTACTED = 0.1;

    private final BenchEnvironment environment;
    private final OidcClient oidc;
    private final int threads;
    private final Duration warmup;
    private final Duration seconds;

    LoadScenarioRunner(BenchEnvironment environment, OidcClient oidc, int threads, Duration warmup, Duration seconds) {
        this.environment = environment;
        this.oidc = oidc;
        this.threads = threads;
        this.warmup = warmup;
        this.seconds = seconds;
    }

    /** One round of a scenario on one realm, before it is combined with the other rounds. */
    record Round(List<Sample> measured, double seconds, Map<String, Long> ldapRequests, Resources resources,
            String exhausted, Instant from, Instant to) {

        double throughput() {
            return seconds <= 0 ? 0 : measured.stream().filter(Sample::ok).count() / seconds;
        }
    }

    /**
     * The scenario on the given realms at once for the warm-up time, not measured. Run on both realms
     * before the first round: the realms share one JVM, so whichever was measured first would otherwise
     * pay for compiling the scenario's code paths (seen: client credentials at 382/s in a first round,
     * then 1,130-1,260/s).
     */
    void warm(LoadScenarios.Scenario scenario, List<Target> targets, Map<String, UserPool> pools) {
        if (warmup.isZero()) {
            return;
        }
        Map<String, LoadRun> runs = start(scenario, targets, pools, "-warm-up", warmup.plusMinutes(2));
        hold(runs, warmup);
        runs.values().forEach(LoadRun::stop);
    }

    /**
     * The warm-up, then one round run as a measured one and not counted. Every run had its first
     * measured round 5-20 % below its later ones, whatever the warm-up before it (60 s, then 10-40 s
     * per realm), and for a run's first scenario the realm measured first is always the same one
     * (issue 13).
     */
    @Override
    public Map<String, Round> settle(LoadScenarios.Scenario scenario, List<Target> targets, Map<String, UserPool> pools) {
        warm(scenario, targets, pools);
        return run(scenario, targets, pools);
    }

    /**
     * One round with the given realms loaded at once, each by its own threads ({@link LoadOrder}).
     * Directory requests are counted per realm only when one realm runs: both realms use the same
     * directories.
     */
    @Override
    public Map<String, Round> run(LoadScenarios.Scenario scenario, List<Target> targets, Map<String, UserPool> pools) {
        Map<String, LoadRun> runs = start(scenario, targets, pools, "", warmup.plus(seconds).plusMinutes(2));
        hold(runs, warmup);
        Map<String, Long> before = environment.directories().operationCounts();
        ResourceSampler sampler = ResourceSampler.start(environment.serverProcesses());
        Instant from = Instant.now();
        runs.values().forEach(run -> run.phase(MEASURED));
        hold(runs, seconds);
        Map<String, LoadRun.Finished> finished = new LinkedHashMap<>();
        runs.forEach((target, run) -> finished.put(target, run.stop()));
        Instant to = Instant.now();
        Resources resources = sampler.stop();
        Map<String, Long> after = environment.directories().operationCounts();
        Map<String, Long> ldap = new LinkedHashMap<>();
        if (targets.size() == 1) {
            for (Council council : environment.councils()) {
                ldap.put(council.id(), after.get(council.id()) - before.get(council.id()));
            }
        }
        Map<String, Round> rounds = new LinkedHashMap<>();
        finished.forEach((target, f) -> rounds.put(target, new Round(f.in(MEASURED), f.seconds(MEASURED), ldap,
                resources, f.exhausted(), from, to)));
        return rounds;
    }

    private Map<String, LoadRun> start(LoadScenarios.Scenario scenario, List<Target> targets,
            Map<String, UserPool> pools, String suffix, Duration bound) {
        Map<String, LoadRun> runs = new LinkedHashMap<>();
        for (Target target : targets) {
            Workload workload = scenario.factory().create(target, pools.get(target.id()), oidc, threads);
            runs.put(target.id(), LoadRun.start(scenario.id() + "-" + target.id() + suffix, threads, workload, bound,
                    WARMUP));
        }
        return runs;
    }

    /** Holds every run for the duration (a run whose workers all ended early ends its own share sooner). */
    private static void hold(Map<String, LoadRun> runs, Duration duration) {
        Instant until = Instant.now().plus(duration);
        for (LoadRun run : runs.values()) {
            Duration left = Duration.between(Instant.now(), until);
            if (!left.isNegative()) {
                run.hold(left);
            }
        }
    }

    /** The rounds of one scenario on one realm as one result: all their requests over all their seconds. */
    LoadResult combine(String scenario, Target target, List<Round> rounds) {
        List<Sample> measured = new ArrayList<>();
        double elapsed = 0;
        Map<String, Long> ldap = new LinkedHashMap<>();
        List<String> exhausted = new ArrayList<>();
        for (Round round : rounds) {
            measured.addAll(round.measured());
            elapsed += round.seconds();
            round.ldapRequests().forEach((council, n) -> ldap.merge(council, n, Long::sum));
            if (round.exhausted() != null) {
                exhausted.add(round.exhausted());
            }
        }
        long ok = measured.stream().filter(Sample::ok).count();
        Map<String, Double> perRequest = new LinkedHashMap<>();
        List<String> contacted = new ArrayList<>();
        ldap.forEach((council, requests) -> {
            double each = measured.isEmpty() ? 0 : Measure.round3((double) requests / measured.size());
            perRequest.put(council, each);
            if (each >= CONTACTED) {
                contacted.add(council);
            }
        });
        String note = exhausted.isEmpty() ? null : "stopped early: " + exhausted.get(0) + " (" + measured.size()
                + " requests measured)";
        return new LoadResult(scenario, target.id(), threads, Measure.round1(elapsed), measured.size(), ok,
                measured.size() - ok, measured.size() - ok, Measure.failures(measured),
                elapsed <= 0 ? 0 : Measure.round1(ok / elapsed),
                rounds.stream().map(r -> Measure.round1(r.throughput())).toList(), Latency.of(measured), perRequest,
                contacted, combined(rounds.stream().map(Round::resources).toList()), note);
    }

    /** Mean CPU and memory over the rounds, highest memory of any. */
    private static Resources combined(List<Resources> all) {
        if (all.size() == 1) {
            return all.get(0);
        }
        return new Resources(mean(all.stream().map(Resources::keycloakCpuPercent).toList()),
                meanLong(all.stream().map(Resources::keycloakRssAvgMiB).toList()),
                all.stream().map(Resources::keycloakRssMaxMiB).filter(java.util.Objects::nonNull).max(Long::compare)
                        .orElse(null),
                mean(all.stream().map(Resources::benchCpuPercent).toList()));
    }

    private static Double mean(List<Double> values) {
        return values.contains(null) ? null
                : Measure.round1(values.stream().mapToDouble(Double::doubleValue).average().orElse(0));
    }

    private static Long meanLong(List<Long> values) {
        return values.contains(null) ? null : Math.round(values.stream().mapToLong(Long::longValue).average().orElse(0));
    }
}
