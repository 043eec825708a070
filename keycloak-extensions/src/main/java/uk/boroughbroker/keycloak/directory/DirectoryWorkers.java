package uk.boroughbroker.keycloak.directory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one council's directory calls on that council's own few threads, and lets the request wait
 * only as long as it may. The UnboundID SDK bounds each connect and each read, but one call can
 * chain several of them (connect and bind per DC in failover order, the pool's retry on a new
 * connection), and a request makes several calls: measured, 10 to 20 s before a hung council's
 * staff heard anything. Here the waiting request gives up at its {@link Deadline}, and the call
 * runs on until the SDK's own timeouts end it.
 *
 * <p>Concurrent requests share what is known: while a call has been unanswered since {@code S}, and
 * the directory has answered nothing since, no request waits beyond {@code S + budget}; one arriving
 * later fails at once. A slow call does not condemn a directory that answers others meanwhile.
 *
 * <p>The threads are bounded, as is the queue before them, so a hung directory holds at most this
 * council's threads, never Keycloak's; when both are full the call is refused at once.
 */
final class DirectoryWorkers implements AutoCloseable {

    /** Queued calls beyond the threads: more than Keycloak's request threads, so normal load never meets it. */
    static final int QUEUE = 256;

    /** Why a request got no answer from the directory; the caller decides what it means for the breaker. */
    static final class NoAnswer extends Exception {

        private static final long serialVersionUID = 1L;
        private final boolean directorysFault;

        NoAnswer(String message, boolean directorysFault) {
            super(message, null, false, false);
            this.directorysFault = directorysFault;
        }

        /** False when the request had already used its time, or the broker is closing: no sign of an outage. */
        boolean directorysFault() {
            return directorysFault;
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T run() throws Exception;
    }

    /** A call from submission until its worker finishes it (or it is dropped before starting). */
    private static final class Call {
        final long submittedNanos;
        boolean started;
        boolean dropped;

        Call(long submittedNanos) {
            this.submittedNanos = submittedNanos;
        }
    }

    private final long budgetNanos;
    private final ThreadPoolExecutor executor;
    /** Calls not yet finished, oldest first. Guarded by {@code this}. */
    private final LinkedHashSet<Call> unanswered = new LinkedHashSet<>();
    /** When a call last finished, whatever its outcome: the directory (or the network) said something. */
    private long lastAnswerNanos = System.nanoTime();

    DirectoryWorkers(String council, int threads, java.time.Duration budget) {
        this(council, threads, QUEUE, budget);
    }

    DirectoryWorkers(String council, int threads, int queue, java.time.Duration budget) {
        this.budgetNanos = budget.toNanos();
        AtomicInteger number = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(queue),
                task -> {
                    Thread thread = new Thread(task, "borough-directory-" + council + "-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs the work on this council's threads and waits for it until the request's deadline, or until
     * the oldest unanswered call has waited the whole budget, whichever comes first.
     *
     * @throws ExecutionException what the work threw
     * @throws NoAnswer           no answer in time, the threads are all busy, or the request's time is up
     */
    <T> T run(Deadline deadline, Work<T> work) throws ExecutionException, NoAnswer {
        if (deadline.remainingNanos() <= 0) {
            throw new NoAnswer("this request has used its " + deadline.budget().toMillis()
                    + " ms for the directory", false);
        }
        Call call;
        long giveUpAt;
        synchronized (this) {
            long now = System.nanoTime();
            giveUpAt = giveUpAt(deadline, now);
            if (giveUpAt - now <= 0) {
                throw new NoAnswer(silence(now), true);
            }
            call = new Call(now);
            unanswered.add(call);
        }
        FutureTask<T> task = new FutureTask<>(() -> {
            if (!start(call)) {
                return null;
            }
            try {
                return work.run();
            } finally {
                finish(call);
            }
        });
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            drop(call);
            throw new NoAnswer(executor.isShutdown() ? "the broker is closing this connection"
                    : "all " + executor.getMaximumPoolSize() + " of the broker's threads for this directory are busy and "
                            + executor.getQueue().size() + " calls are waiting", !executor.isShutdown());
        }
        return await(deadline, call, task, giveUpAt);
    }

    private <T> T await(Deadline deadline, Call call, FutureTask<T> task, long giveUpAt)
            throws ExecutionException, NoAnswer {
        try {
            while (true) {
                long wait = giveUpAt - System.nanoTime();
                if (wait > 0) {
                    try {
                        return task.get(wait, TimeUnit.NANOSECONDS);
                    } catch (TimeoutException e) {
                        // Answers to other calls since may allow a little longer: looked at again below.
                    }
                }
                synchronized (this) {
                    long now = System.nanoTime();
                    giveUpAt = giveUpAt(deadline, now);
                    if (giveUpAt - now <= 0) {
                        giveUp(call, task);
                        throw new NoAnswer(deadline.remainingNanos() <= 0
                                ? "no answer within this request's " + deadline.budget().toMillis() + " ms"
                                : silence(now), true);
                    }
                }
            }
        } catch (CancellationException e) {
            throw new NoAnswer("the broker is closing this connection", false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            giveUp(call, task);
            throw new NoAnswer("interrupted while waiting for the directory", false);
        }
    }

    /** The request's deadline, or the oldest unanswered call's start plus the budget if sooner. Holds the lock. */
    private long giveUpAt(Deadline deadline, long now) {
        long giveUpAt = deadline.endNanos();
        Call oldest = unanswered.isEmpty() ? null : unanswered.iterator().next();
        if (oldest != null) {
            long silentSince = Math.max(oldest.submittedNanos, lastAnswerNanos);
            long silenceEnds = silentSince + budgetNanos;
            if (silenceEnds - giveUpAt < 0) {
                giveUpAt = silenceEnds;
            }
        }
        return giveUpAt;
    }

    private String silence(long now) {
        Call oldest = unanswered.isEmpty() ? null : unanswered.iterator().next();
        long silentFor = oldest == null ? 0 : now - Math.max(oldest.submittedNanos, lastAnswerNanos);
        return "no answer for " + TimeUnit.NANOSECONDS.toMillis(silentFor) + " ms (" + unanswered.size()
                + " calls waiting)";
    }

    /**
     * The request stops waiting. A call not yet on a thread is dropped, never sent, and no longer
     * counts as unanswered (it would otherwise make an idle directory look silent); a running one
     * counts until the SDK's timeouts end it.
     */
    private synchronized void giveUp(Call call, FutureTask<?> task) {
        if (!call.started) {
            call.dropped = true;
            unanswered.remove(call);
        }
        task.cancel(false);
        executor.remove(task);
    }

    private synchronized boolean start(Call call) {
        if (call.dropped) {
            return false;
        }
        call.started = true;
        return true;
    }

    private synchronized void finish(Call call) {
        unanswered.remove(call);
        lastAnswerNanos = System.nanoTime();
    }

    private synchronized void drop(Call call) {
        call.dropped = true;
        unanswered.remove(call);
    }

    /** Calls submitted and not finished (nor dropped). */
    synchronized int unanswered() {
        return unanswered.size();
    }

    /** Calls waiting for a thread. */
    int queued() {
        return executor.getQueue().size();
    }

    /** The directory answered outside these threads (a background probe): it is not silent. */
    synchronized void answered() {
        lastAnswerNanos = System.nanoTime();
    }

    /**
     * Stops the threads. Calls still queued are cancelled, so their requests stop waiting at once;
     * running ones end when the caller closes their connections.
     */
    @Override
    public void close() {
        List<Runnable> queued = executor.shutdownNow();
        for (Runnable task : queued) {
            if (task instanceof FutureTask<?> future) {
                future.cancel(false);
            }
        }
    }
}
