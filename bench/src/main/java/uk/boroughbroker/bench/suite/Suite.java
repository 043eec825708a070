package uk.boroughbroker.bench.suite;

import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import uk.boroughbroker.bench.environment.BenchEnvironment;
import uk.boroughbroker.bench.environment.StockRealm;
import uk.boroughbroker.bench.environment.Target;
import uk.boroughbroker.bench.load.Attempt;
import uk.boroughbroker.bench.load.LoadRun;
import uk.boroughbroker.bench.load.OidcClient;
import uk.boroughbroker.bench.load.UserPool;
import uk.boroughbroker.bench.load.Workload;
import uk.boroughbroker.bench.report.LoadResult;
import uk.boroughbroker.bench.report.Machine;
import uk.boroughbroker.bench.report.PhaseResult;
import uk.boroughbroker.bench.report.Ratio;
import uk.boroughbroker.bench.report.Reports;
import uk.boroughbroker.bench.report.ResilienceResult;
import uk.boroughbroker.bench.report.SuiteResults;
import uk.boroughbroker.bench.report.LifecycleResult;
import uk.boroughbroker.bench.report.SyncResult;
import uk.boroughbroker.bench.report.TargetCheck;
import uk.boroughbroker.realms.Council;
import uk.boroughbroker.model.directory.DirectorySettings;

/**
 * The suite: environment up, returning users signed in, warm-up, every load scenario on both realms
 * (the realm that goes first alternates, so neither always gets the warmer JVM), every fault on both,
 * the full syncs, then the reports. Everything it starts is stopped however it ends.
 */
public final class Suite {

    private final SuiteOptions options;
    private final PrintStream out;

    public Suite(SuiteOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public SuiteResults run() {
        if (!Files.isDirectory(options.realms().resolve("borough")) || !Files.isDirectory(options.realms().resolve("demo"))) {
            throw new UsageException("No realm files at " + options.realms().toAbsolutePath()
                    + " (expected borough/ and demo/ inside): run from the project folder, or pass --realms");
        }
        Instant started = Instant.now();
        BenchEnvironment environment = BenchEnvironment.start(options, out);
        Thread stopOnExit = new Thread(environment::close, "bench-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            SuiteResults results = measure(environment, started);
            Reports.write(results, options.out());
            out.println();
            out.println("Results: " + options.out().resolve(Reports.MARKDOWN).toAbsolutePath());
            out.println("         " + options.out().resolve(Reports.JSON).toAbsolutePath() + " and charts (*.png)");
            results.targets().forEach(t -> out.printf("  %-4s %s: %s%n", t.met() == null ? "-" : t.met() ? "MET" : "NOT",
                    t.target(), t.measured()));
            results.problems().forEach(p -> out.println("  PROBLEM: " + p));
            return results;
        } finally {
            out.println("Stopping Keycloak and the directories...");
            environment.close();
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
    }

    private SuiteResults measure(BenchEnvironment environment, Instant started) {
        OidcClient oidc = new OidcClient(environment.httpClient());
        List<Council> councils = environment.councils();
        List<String> suffixes = councils.stream().map(c -> c.upnSuffixes().get(0)).toList();
        Map<String, UserPool> pools = new LinkedHashMap<>();
        for (Target target : environment.targets()) {
            pools.put(target.id(), new UserPool(suffixes, options.usersPerCouncil(), options.returningUsers()));
        }
        List<String> problems = new ArrayList<>();
        List<LoadResult> load = new ArrayList<>();
        List<ResilienceResult> resilience = new ArrayList<>();
        List<SyncResult> sync = new ArrayList<>();

        if (options.runs("load") || options.runs("resilience")) {
            signInReturningUsers(environment, oidc, pools, problems);
        }
        if (options.runs("load")) {
            warmUp(environment, oidc, pools);
            LoadScenarioRunner runner = new LoadScenarioRunner(environment, oidc, options.threads(),
                    Duration.ofSeconds(options.scenarioWarmup()), Duration.ofSeconds(options.seconds()));
            List<LoadScenarios.Scenario> scenarios = LoadScenarios.all(councils.size()).stream()
                    .filter(s -> options.runs("load", s.id())).toList();
            ScenarioRounds scenarioRounds = new ScenarioRounds(runner, options.loadOrder(), options.rounds(), out);
            out.printf("%nLoad: %d scenarios x 2 realms x (1 settling + %d measured) round(s), %s, %d threads per realm, "
                    + "%d s warm-up + %d s measured each%n", scenarios.size(), options.rounds(),
                    options.loadOrder().describe(), options.threads(), options.scenarioWarmup(), options.seconds());
            for (int i = 0; i < scenarios.size(); i++) {
                LoadScenarios.Scenario scenario = scenarios.get(i);
                Map<String, List<LoadScenarioRunner.Round>> rounds;
                try {
                    rounds = scenarioRounds.run(scenario, inTurn(environment, i), pools);
                } catch (RuntimeException e) {
                    problems.add(scenario.id() + " did not complete: " + e.getMessage());
                    out.println("  " + scenario.id() + ": FAILED " + e.getMessage());
                    continue;
                }
                for (Target target : environment.targets()) {
                    LoadResult result = runner.combine(scenario.id(), target, rounds.get(target.id()));
                    load.add(result);
                    out.println("  " + Reports.line(result));
                    if (result.requests() == 0) {
                        problems.add(scenario.id() + " on " + target.id() + " sent no requests");
                    }
                    if (result.unexpectedErrors() > 0) {
                        problems.add(scenario.id() + " on " + target.id() + ": " + result.unexpectedErrors()
                                + " unexpected errors " + result.failures());
                    }
                }
            }
        }
        if (options.runs("resilience")) {
            ResilienceRunner runner = new ResilienceRunner(environment, oidc, options.threads(),
                    Duration.ofSeconds(options.before()), Duration.ofSeconds(options.during()),
                    Duration.ofSeconds(options.after()), options.outageCouncil());
            List<ResilienceRunner.Fault> faults = ResilienceRunner.faults(Duration.ofMillis(options.slowMillis())).stream()
                    .filter(f -> options.runs("resilience", f.id())).toList();
            out.printf("%nResilience: %d faults x 2 realms at %s, %d threads (one or more per council), %d s before / "
                    + "%d s during / %d s after%n", faults.size(), options.outageCouncil(), runner.threads(),
                    options.before(), options.during(), options.after());
            for (int i = 0; i < faults.size(); i++) {
                for (Target target : inTurn(environment, i)) {
                    ResilienceRunner.Fault fault = faults.get(i);
                    try {
                        ResilienceResult result = runner.run(fault, target, pools.get(target.id()));
                        resilience.add(result);
                        out.println("  " + Reports.line(result));
                        if (result.unexpectedErrors() > 0) {
                            problems.add(fault.id() + " on " + target.id() + ": " + result.unexpectedErrors()
                                    + " unexpected errors (before the fault: "
                                    + result.phases().get(ResilienceRunner.BEFORE).otherCouncils().failures() + " "
                                    + result.phases().get(ResilienceRunner.BEFORE).outageCouncil().failures() + ")");
                        }
                        for (PhaseResult phase : result.phases()) {
                            if (phase.outageCouncil().requests() + phase.otherCouncils().requests() == 0) {
                                problems.add(fault.id() + " on " + target.id() + ": no requests " + phase.phase()
                                        + " the fault");
                            }
                        }
                    } catch (RuntimeException e) {
                        problems.add(fault.id() + " on " + target.id() + " did not complete: " + e.getMessage());
                        out.println("  " + fault.id() + " " + target.id() + ": FAILED " + e.getMessage());
                        environment.directories().restoreAll();
                    }
                }
            }
        }
        if (options.runs("sync")) {
            out.printf("%nFull directory sync%n");
            try {
                sync.addAll(new SyncRunner(environment).run(out));
                sync.stream().filter(s -> s.status().equals("failed"))
                        .forEach(s -> problems.add(s.scenario() + " on " + s.target() + " failed: " + s.detail()));
            } catch (RuntimeException e) {
                problems.add("full sync did not complete: " + e.getMessage());
            }
        }
        List<LifecycleResult> lifecycle = new ArrayList<>();
        if (options.runs("lifecycle")) {
            out.printf("%nJoiners, movers and leavers (background sync every %d s)%n", LifecycleRunner.SYNC_SECONDS);
            try {
                lifecycle.addAll(new LifecycleRunner(environment, options).run(out));
                lifecycle.stream().filter(l -> l.p50Seconds() == null)
                        .forEach(l -> problems.add(l.scenario() + ": " + l.detail()));
            } catch (RuntimeException e) {
                problems.add("lifecycle did not complete: " + e.getMessage());
            }
        }
        List<Ratio> ratios = Evaluation.ratios(load);
        List<TargetCheck> targets = Evaluation.targets(load, ratios, resilience);
        return new SuiteResults(DateTimeFormatter.ISO_INSTANT.format(started.atOffset(ZoneOffset.UTC)),
                Measure.round1(Duration.between(started, Instant.now()).toMillis() / 1000.0),
                Machine.describe(environment.keycloakVersion()), settings(), environment.startup(),
                StockRealm.DIFFERENCES, load,
                resilience, sync, lifecycle, ratios, targets, problems);
    }

    /** Broker first on even scenarios, stock first on odd ones. */
    private static List<Target> inTurn(BenchEnvironment environment, int index) {
        return index % 2 == 0 ? List.of(environment.broker(), environment.stock())
                : List.of(environment.stock(), environment.broker());
    }

    private void signInReturningUsers(BenchEnvironment environment, OidcClient oidc, Map<String, UserPool> pools,
            List<String> problems) {
        for (Target target : environment.targets()) {
            UserPool pool = pools.get(target.id());
            List<String> users = new ArrayList<>();
            for (int c = 0; c < pool.councils(); c++) {
                for (int n = 1; n <= pool.returningCount(); n++) {
                    users.add(pool.user(c, n));
                }
            }
            Instant start = Instant.now();
            List<String> failures = Measure.signIn(oidc, target, users, LoadScenarios.PASSWORD, options.threads());
            out.printf("Signed in %d returning users on %s in %.1f s%s%n", users.size() - failures.size(), target,
                    Duration.between(start, Instant.now()).toMillis() / 1000.0,
                    failures.isEmpty() ? "" : ", " + failures.size() + " FAILED, e.g. " + failures.get(0));
            if (!failures.isEmpty()) {
                problems.add("returning users on " + target.id() + ": " + failures.size() + " could not sign in, e.g. "
                        + failures.get(0));
            }
        }
    }

    /**
     * Unmeasured: returning sign-ins, first sign-ins (imports) and client credentials on both realms in
     * turn, so the JIT has compiled every path the scenarios take. First sign-ins use the middle
     * councils, whose fresh users no load scenario measures.
     */
    private void warmUp(BenchEnvironment environment, OidcClient oidc, Map<String, UserPool> pools) {
        if (options.warmup() == 0) {
            return;
        }
        out.printf("Warming up for %d s (both realms in turn)...%n", options.warmup());
        List<Target> targets = environment.targets();
        AtomicLong next = new AtomicLong();
        Workload mixed = thread -> {
            long n = next.getAndIncrement();
            Target target = targets.get((int) (n % 2));
            UserPool pool = pools.get(target.id());
            int council = (int) ((n / 2) % pool.councils());
            long kind = (n / 2) % 4;
            if (kind == 3) {
                return Attempt.of(-1, oidc.clientCredentials(target));
            }
            if (kind == 1 && pool.councils() > 2) {
                int middle = 1 + (int) ((n / 8) % (pool.councils() - 2));
                if (pool.freshLeft(middle) > 0) {
                    return Attempt.of(middle, oidc.password(target, pool.fresh(middle), LoadScenarios.PASSWORD));
                }
            }
            return Attempt.of(council, pool.withReturning(council,
                    u -> oidc.password(target, u, LoadScenarios.PASSWORD)));
        };
        LoadRun run = LoadRun.start("warmup", options.threads(), mixed,
                Duration.ofSeconds(options.warmup()).plusMinutes(2), 0);
        run.hold(Duration.ofSeconds(options.warmup()));
        LoadRun.Finished finished = run.stop();
        long failed = finished.samples().stream().filter(s -> !s.ok()).count();
        out.printf("  %d requests, %d failed%n", finished.samples().size(), failed);
    }

    private Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("usersPerCouncil", options.usersPerCouncil());
        s.put("returningUsersPerCouncil", options.returningUsers());
        s.put("threads", options.threads());
        s.put("secondsPerRound", options.seconds());
        s.put("rounds", options.rounds());
        s.put("scenarioWarmupSeconds", options.scenarioWarmup());
        s.put("warmupSeconds", options.warmup());
        s.put("resilienceSeconds", Map.of("before", options.before(), "during", options.during(), "after",
                options.after()));
        s.put("slowDirectoryMillis", options.slowMillis());
        s.put("outageCouncil", options.outageCouncil());
        s.put("connectTimeoutMillis", options.connectTimeoutMillis().isPresent()
                ? options.connectTimeoutMillis().getAsInt() : "councils file");
        s.put("readTimeoutMillis", options.readTimeoutMillis().isPresent()
                ? options.readTimeoutMillis().getAsInt() : "councils file");
        s.put("scenarioGroups", options.groups().stream().sorted().toList());
        s.put("brokerCircuitOpenSeconds", options.circuitOpenSeconds().isPresent()
                ? options.circuitOpenSeconds().getAsInt()
                : "realm files (" + DirectorySettings.UNAVAILABLE_SECONDS.defaultValue() + ")");
        s.put("ldapDelayMillis", options.ldapDelayMillis());
        s.put("councils", options.councils().isPresent() ? options.councils().getAsInt() + " generated" : "demo (6)");
        s.put("topology", options.topology().describe());
        s.put("loadOrder", options.loadOrder().describe());
        s.put("keycloakHeap", options.keycloakHeap() == null ? "kc.sh default (-Xms64m -Xmx512m)" : options.keycloakHeap());
        return s;
    }
}
