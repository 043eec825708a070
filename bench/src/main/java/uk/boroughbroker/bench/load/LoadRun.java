package uk.boroughbroker.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A bounded number of client threads sending a workload as fast as it is answered (closed loop: a
 * thread sends its next request when the previous one is answered), until the controlling thread
 * stops them or a hard deadline passes. The controlling thread moves the run through phases (warm-up,
 * measured; or before, during, after a fault); each sample records the phase it was sent in.
 */
public final class LoadRun {

    /** Beyond any request's own timeout: how long stop() waits for a thread's last request. */
    private static final Duration JOIN_WITHIN = OidcClient.REQUEST_TIMEOUT.plusSeconds(15);

    private final Workload workload;
    private final long hardDeadline;
    private final List<List<Sample>> samples = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private final Map<Integer, Long> phaseStarts = new LinkedHashMap<>();
    private volatile int phase;
    private volatile boolean stopping;
    private volatile String exhausted;

    private LoadRun(Workload workload, Duration maxDuration) {
        this.workload = workload;
        this.hardDeadline = System.nanoTime() + maxDuration.toNanos();
    }

    /**
     * @param maxDuration the most this run may last whatever the controlling thread does: a safety
     *                    bound, never the normal end
     */
    public static LoadRun start(String name, int threads, Workload workload, Duration maxDuration, int firstPhase) {
        LoadRun run = new LoadRun(workload, maxDuration);
        run.phase(firstPhase);
        for (int t = 0; t < threads; t++) {
            List<Sample> own = new ArrayList<>();
            run.samples.add(own);
            int thread = t;
            Thread worker = new Thread(() -> run.work(thread, own), "load-" + name + "-" + t);
            worker.setDaemon(true);
            run.workers.add(worker);
        }
        run.workers.forEach(Thread::start);
        return run;
    }

    private void work(int thread, List<Sample> own) {
        while (!stopping && System.nanoTime() < hardDeadline) {
            int sentIn = phase;
            long start = System.nanoTime();
            Attempt attempt;
            try {
                attempt = workload.attempt(thread);
            } catch (Workload.Exhausted e) {
                exhausted = e.getMessage();
                return;
            } catch (RuntimeException e) {
                attempt = Attempt.failed(-1, "exception " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            own.add(new Sample(start, System.nanoTime() - start, attempt.council(), sentIn, attempt.failure()));
        }
    }

    /** From now on, requests are sent in this phase. */
    public synchronized void phase(int next) {
        phase = next;
        phaseStarts.put(next, System.nanoTime());
    }

    /** Lets the load run for this long (less if every thread has stopped early, e.g. out of fresh users). */
    public void hold(Duration duration) {
        long until = Math.min(System.nanoTime() + duration.toNanos(), hardDeadline);
        while (System.nanoTime() < until && workers.stream().anyMatch(Thread::isAlive)) {
            long remaining = until - System.nanoTime();
            try {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Why threads stopped early, if they did (no fresh users left). */
    public String exhausted() {
        return exhausted;
    }

    /** Stops the threads (each finishes its request in flight) and returns every sample, in send order. */
    public Finished stop() {
        long stoppedAt = System.nanoTime();
        stopping = true;
        long joinUntil = System.nanoTime() + JOIN_WITHIN.toNanos();
        for (Thread worker : workers) {
            try {
                worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinUntil - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<Sample> all = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            // A thread still in a request after the join bound keeps writing its own list: skip it.
            if (!workers.get(i).isAlive()) {
                all.addAll(samples.get(i));
            }
        }
        all.sort(Comparator.comparingLong(Sample::startNanos));
        Map<Integer, Long> starts;
        synchronized (this) {
            starts = new LinkedHashMap<>(phaseStarts);
        }
        return new Finished(all, starts, stoppedAt, exhausted);
    }

    /**
     * A finished run.
     *
     * @param phaseStarts when each phase began ({@link System#nanoTime()})
     * @param stoppedAt   when the run was told to stop: the end of the last phase
     */
    public record Finished(List<Sample> samples, Map<Integer, Long> phaseStarts, long stoppedAt, String exhausted) {

        /** Samples sent in a phase. */
        public List<Sample> in(int phase) {
            return samples.stream().filter(s -> s.phase() == phase).toList();
        }

        /** How long a phase lasted, in seconds: to the next phase's start, or to the stop. */
        public double seconds(int phase) {
            Long start = phaseStarts.get(phase);
            if (start == null) {
                return 0;
            }
            long end = phaseStarts.values().stream().filter(s -> s > start).min(Long::compare).orElse(stoppedAt);
            return (end - start) / 1e9;
        }

        public long start(int phase) {
            return phaseStarts.getOrDefault(phase, stoppedAt);
        }
    }
}
