package uk.boroughbroker.bench.suite;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import uk.boroughbroker.bench.environment.BenchEnvironment;
import uk.boroughbroker.bench.environment.DomainController;
import uk.boroughbroker.bench.environment.Target;
import uk.boroughbroker.bench.load.Attempt;
import uk.boroughbroker.bench.load.LoadRun;
import uk.boroughbroker.bench.load.OidcClient;
import uk.boroughbroker.bench.load.ResourceSampler;
import uk.boroughbroker.bench.load.Resources;
import uk.boroughbroker.bench.load.Sample;
import uk.boroughbroker.bench.load.UserPool;
import uk.boroughbroker.bench.load.Workload;
import uk.boroughbroker.bench.report.GroupResult;
import uk.boroughbroker.bench.report.PhaseResult;
import uk.boroughbroker.bench.report.ResilienceResult;

/**
 * One council's directory fails under load, on one realm: password sign-ins for every council,
 * alternating first sign-ins (fresh users) and returning users, before, during and after the fault.
 * Each council has its own client thread(s), as its staff do not queue behind another council's: a
 * hung directory then holds only its own council's clients, and what the others see is the broker's
 * (or stock Keycloak's) doing, not the load generator's. Each run signs in its own returning users
 * first, so a lockout or a stale connection left by an earlier fault cannot leak into it.
 */
final class ResilienceRunner {

    static final int BEFORE = 0;
    static final int DURING = 1;
    static final int AFTER = 2;
    private static final String[] PHASES = {"before", "during", "after"};
    /**
     * Returning users signed in per client thread at the start of each run. Enough that one person
     * signs in again only every 2 x 10 requests of their thread: Keycloak's blocking brute-force
     * protector refuses a person's next sign-in until its background bookkeeping of the last one has
     * finished, which under load can take longer than a few requests (seen with 3).
     */
    private static final int OWN_RETURNING = 10;
    /** Beyond the broker's 30 s open circuit and stock's stale pooled connections, with room to spare. */
    static final Duration SETTLE_WITHIN = Duration.ofSeconds(120);
    private static final Duration BOOKKEEPING = Duration.ofSeconds(2);

    /** A fault and how to undo it, on the council's domain controllers (in failover order). */
    record Fault(String id, String title, String description, Consumer<List<DomainController>> inject) {
    }

    static List<Fault> faults(Duration slow) {
        return List.of(
                new Fault("directory-stopped", "Council directory stopped",
                        "Every DC of the council stops (connections refused) mid-run, and is started again.",
                        dcs -> dcs.forEach(DomainController::stop)),
                new Fault("directory-hung", "Council directory hung",
                        "Every DC of the council is replaced by a listener that accepts connections and never "
                                + "answers, then restored.",
                        dcs -> dcs.forEach(DomainController::hang)),
                new Fault("primary-dc-stopped", "Council's primary DC stopped",
                        "The first of the council's two DCs (same data, failover order) stops; the second runs on.",
                        dcs -> dcs.get(0).stop()),
                new Fault("directory-slow", "Council directory slow",
                        "Every DC of the council holds each LDAP request " + slow.toMillis() + " ms before answering.",
                        dcs -> dcs.forEach(dc -> dc.slow(slow))));
    }

    private final BenchEnvironment environment;
    private final OidcClient oidc;
    private final int threads;
    private final Duration before;
    private final Duration during;
    private final Duration after;
    private final String council;

    /** @param threads at least one per council: rounded up to a whole number of threads per council */
    ResilienceRunner(BenchEnvironment environment, OidcClient oidc, int threads, Duration before, Duration during,
            Duration after, String council) {
        int councils = environment.councils().size();
        this.environment = environment;
        this.oidc = oidc;
        this.threads = councils * Math.max(1, (threads + councils - 1) / councils);
        this.before = before;
        this.during = during;
        this.after = after;
        this.council = council;
    }

    int threads() {
        return threads;
    }

    ResilienceResult run(Fault fault, Target target, UserPool users) {
        List<String> councilIds = environment.councils().stream().map(c -> c.id()).toList();
        int outage = councilIds.indexOf(council);
        double settled = settle(target, users);
        List<List<String>> returning = ownReturningUsers(target, users);
        // Keycloak books each sign-in in the background and refuses the person's next one until it
        // has (UserPool.withReturning); the threads' own users were all signed in a moment ago.
        pause(BOOKKEEPING);
        Workload workload = mixed(target, users, returning);

        List<DomainController> dcs = environment.directories().controllers(council);
        ResourceSampler sampler = ResourceSampler.start(environment.serverProcesses());
        Duration bound = before.plus(during).plus(after).plusMinutes(5);
        LoadRun run = LoadRun.start(fault.id() + "-" + target.id(), threads, workload, bound, BEFORE);
        double restoreSeconds;
        try {
            run.hold(before);
            run.phase(DURING);
            fault.inject().accept(dcs);
            run.hold(during);
            long restoring = System.nanoTime();
            restore(dcs);
            restoreSeconds = (System.nanoTime() - restoring) / 1e9;
            run.phase(AFTER);
            run.hold(after);
        } finally {
            environment.directories().restoreAll();
        }
        LoadRun.Finished finished = run.stop();
        Resources resources = sampler.stop();

        // By time, not by the phase a request was sent in: one in flight when the fault hits (or still
        // waiting on a hung DC when it is restored) lived through the fault, so it counts as "during".
        long runStart = finished.start(BEFORE);
        long faultAt = finished.start(DURING);
        long restoredAt = finished.start(AFTER);
        List<List<Sample>> byPhase = List.of(
                finished.samples().stream().filter(s -> s.endNanos() <= faultAt).toList(),
                finished.samples().stream().filter(s -> s.endNanos() > faultAt && s.startNanos() < restoredAt).toList(),
                finished.samples().stream().filter(s -> s.startNanos() >= restoredAt).toList());
        double[] phaseSeconds = {(faultAt - runStart) / 1e9, (restoredAt - faultAt) / 1e9,
                (finished.stoppedAt() - restoredAt) / 1e9};
        List<PhaseResult> phases = new ArrayList<>();
        for (int phase = BEFORE; phase <= AFTER; phase++) {
            List<Sample> in = byPhase.get(phase);
            double seconds = phaseSeconds[phase];
            Map<String, GroupResult> byCouncil = new LinkedHashMap<>();
            for (int c = 0; c < councilIds.size(); c++) {
                int index = c;
                byCouncil.put(councilIds.get(c), Measure.group(in, s -> s.council() == index, seconds));
            }
            phases.add(new PhaseResult(PHASES[phase], Measure.round1(seconds),
                    Measure.group(in, s -> s.council() == outage, seconds),
                    Measure.group(in, s -> s.council() != outage, seconds), byCouncil));
        }
        Double recovery = finished.samples().stream()
                .filter(s -> s.council() == outage && s.ok() && s.startNanos() >= restoredAt)
                .mapToLong(Sample::endNanos).min().stream()
                .mapToObj(end -> Measure.round1((end - restoredAt) / 1e9)).findFirst().orElse(null);
        long unexpected = byPhase.get(BEFORE).stream().filter(s -> !s.ok()).count()
                + finished.samples().stream().filter(s -> !s.ok() && s.failure().startsWith("exception")).count();
        return new ResilienceResult(fault.id(), target.id(), council, fault.title(), threads, Measure.round1(settled),
                phases,
                Measure.round1((faultAt - runStart) / 1e9), Measure.round1((restoredAt - runStart) / 1e9),
                Measure.round1(restoreSeconds), recovery, unexpected, resources, Measure.timeline(finished, runStart, outage));
    }

    /**
     * Waits until every council signs in cleanly (a first sign-in and a returning one each) twice in a
     * row on this realm, so what an earlier fault left behind (the broker's open circuit, stock's stale
     * pooled connections) is not measured as this run's "before".
     *
     * @return the seconds it took
     * @throws IllegalStateException when the realm does not settle within {@link #SETTLE_WITHIN}
     */
    private double settle(Target target, UserPool users) {
        long started = System.nanoTime();
        long deadline = started + SETTLE_WITHIN.toNanos();
        int cleanRounds = 0;
        List<String> failures = List.of();
        while (cleanRounds < 2) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(target + " did not sign every council in again within "
                        + SETTLE_WITHIN.toSeconds() + " s of the previous fault: " + failures);
            }
            List<String> probe = new ArrayList<>();
            for (int c = 0; c < users.councils(); c++) {
                probe.add(users.returning(c));
                try {
                    probe.add(users.fresh(c));
                } catch (Workload.Exhausted e) {
                    probe.add(users.returning(c));
                }
            }
            failures = Measure.signIn(oidc, target, probe, LoadScenarios.PASSWORD, threads);
            if (failures.isEmpty()) {
                cleanRounds++;
            } else {
                cleanRounds = 0;
                pause(Duration.ofSeconds(1));
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Puts every DC back at once: restarting a 10,000-user directory takes seconds each. */
    private static void restore(List<DomainController> dcs) {
        ExecutorService pool = Executors.newFixedThreadPool(dcs.size());
        try {
            List<Future<?>> restored = new ArrayList<>();
            dcs.forEach(dc -> restored.add(pool.submit(dc::restore)));
            for (Future<?> f : restored) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot restore the directory: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdown();
        }
    }

    /**
     * A few fresh users per client thread, signed in now, used as this run's returning users: each
     * thread has its own, as Keycloak refuses a second sign-in of one person while the first is in
     * progress (UserPool.withReturning). When a small --users has no fresh users left, the pool's
     * returning users are shared out between the threads instead, still one thread each.
     */
    private List<List<String>> ownReturningUsers(Target target, UserPool users) {
        int councils = users.councils();
        List<List<String>> returning = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int c = t % councils;
            int slot = t / councils;
            List<String> own = new ArrayList<>();
            for (int i = 0; i < OWN_RETURNING; i++) {
                try {
                    own.add(users.fresh(c));
                } catch (Workload.Exhausted e) {
                    own.add(users.user(c, 1 + (slot * OWN_RETURNING + i) % users.returningCount()));
                }
            }
            returning.add(own);
            all.addAll(own);
        }
        List<String> failures = Measure.signIn(oidc, target, all, LoadScenarios.PASSWORD, threads);
        if (!failures.isEmpty()) {
            throw new IllegalStateException("Cannot sign in the resilience run's returning users on " + target + ": "
                    + failures);
        }
        return returning;
    }

    /** Thread t signs in staff of council t % councils: a first sign-in and one of its own returning users alternately. */
    private Workload mixed(Target target, UserPool users, List<List<String>> returning) {
        int councils = users.councils();
        AtomicLong[] sent = new AtomicLong[threads];
        for (int t = 0; t < threads; t++) {
            sent[t] = new AtomicLong();
        }
        return thread -> {
            long n = sent[thread].getAndIncrement();
            int c = thread % councils;
            boolean first = n % 2 == 0;
            List<String> own = returning.get(thread);
            // Never the same person twice in a row, even when the fresh users have run out.
            String user = own.get((int) (n % own.size()));
            if (first) {
                try {
                    user = users.fresh(c);
                } catch (Workload.Exhausted e) {
                    // Out of fresh users (a small --users): the thread's own returning users keep the load going.
                }
            }
            return Attempt.of(c, oidc.password(target, user, LoadScenarios.PASSWORD));
        };
    }
}
