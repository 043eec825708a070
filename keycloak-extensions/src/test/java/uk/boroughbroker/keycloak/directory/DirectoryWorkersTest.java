package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The council's call threads alone, with calls that answer when the test says so; no directory. */
@DisplayName("DirectoryWorkers")
class DirectoryWorkersTest {

    private static final Duration BUDGET = Duration.ofMillis(500);
    /** Far beyond anything these tests wait for: only what is under test may end a wait. */
    private static final Duration LONG = Duration.ofSeconds(30);

    private final CountDownLatch never = new CountDownLatch(1);
    private final ExecutorService staff = Executors.newCachedThreadPool();
    private DirectoryWorkers workers;

    @AfterEach
    void stop() {
        never.countDown();
        staff.shutdownNow();
        if (workers != null) {
            workers.close();
        }
    }

    private final CountDownLatch hanging = new CountDownLatch(1);

    /**
     * Puts on the one worker thread a call that waits until the returned latch is released, and
     * returns once the call holds the thread.
     */
    private CountDownLatch occupyTheOnlyWorker() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        staff.submit(() -> workers.run(Deadline.after(LONG), () -> {
            hanging.countDown();
            return release.await(LONG.toSeconds(), TimeUnit.SECONDS);
        }));
        assertThat(hanging.await(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
        return release;
    }

    /** A call the directory never answers; {@link #hanging} tells that one has reached a thread. */
    private Boolean hang() throws InterruptedException {
        hanging.countDown();
        never.await();
        return true;
    }

    private static void untilTrue(java.util.function.BooleanSupplier condition) {
        long giveUp = System.nanoTime() + LONG.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within " + LONG).isLessThan(giveUp);
            Thread.onSpinWait();
        }
    }

    @Test
    void whenOneCallHangsButTheDirectoryAnswersOthersThenNoneOfThemIsRefusedPastTheBudget() throws Exception {
        workers = new DirectoryWorkers("brent", 4, BUDGET);
        staff.submit(() -> workers.run(Deadline.after(LONG), this::hang));
        long started = System.nanoTime();

        int answered = 0;
        while (System.nanoTime() - started < 3 * BUDGET.toNanos()) {
            assertThat(workers.run(Deadline.after(LONG), () -> "answer")).isEqualTo("answer");
            answered++;
        }

        assertThat(answered).isPositive();
    }

    @Test
    void whenARequestStopsWaitingBeforeItsCallStartedThenTheCallNeverReachesTheDirectory() throws Exception {
        workers = new DirectoryWorkers("brent", 1, BUDGET.multipliedBy(10));
        CountDownLatch release = occupyTheOnlyWorker();
        AtomicBoolean ran = new AtomicBoolean();

        assertThatThrownBy(() -> workers.run(Deadline.after(Duration.ofMillis(200)), () -> ran.getAndSet(true)))
                .isInstanceOf(DirectoryWorkers.NoAnswer.class).hasMessageContaining("no answer within this request's 200 ms")
                .satisfies(e -> assertThat(((DirectoryWorkers.NoAnswer) e).directorysFault()).isTrue());
        release.countDown();

        // One thread, first come first served: had the dropped call stayed queued, it would run before this one.
        assertThat(workers.run(Deadline.after(LONG), () -> "after")).isEqualTo("after");
        assertThat(ran).as("the dropped call ran").isFalse();
    }

    @Test
    void whenAWaitingRequestIsInterruptedThenItsCallIsDroppedAndDoesNotMakeTheDirectoryLookSilent() throws Exception {
        workers = new DirectoryWorkers("brent", 1, BUDGET);
        CountDownLatch release = occupyTheOnlyWorker();
        AtomicBoolean ran = new AtomicBoolean();
        Future<?> waiting = staff.submit(() -> workers.run(Deadline.after(LONG), () -> ran.getAndSet(true)));
        untilTrue(() -> workers.queued() == 1);

        waiting.cancel(true);
        untilTrue(() -> workers.queued() == 0);
        release.countDown();
        assertThat(workers.run(Deadline.after(LONG), () -> "after")).isEqualTo("after");

        // A dropped call still counted as unanswered would make an idle directory look silent, and
        // refuse the first call after a quiet spell.
        assertThat(workers.unanswered()).isZero();
        assertThat(ran).isFalse();
    }

    @Test
    void whenTheRequestHasUsedItsTimeThenNothingIsAskedAndTheDirectoryIsNotBlamed() throws Exception {
        workers = new DirectoryWorkers("brent", 1, BUDGET);
        Deadline spent = Deadline.after(Duration.ZERO);
        AtomicBoolean ran = new AtomicBoolean();

        assertThatThrownBy(() -> workers.run(spent, () -> ran.getAndSet(true)))
                .isInstanceOf(DirectoryWorkers.NoAnswer.class)
                .satisfies(e -> assertThat(((DirectoryWorkers.NoAnswer) e).directorysFault()).isFalse());
        assertThat(ran).isFalse();
    }

    @Test
    void whenTheThreadsAndTheQueueAreFullThenACallIsRefusedAtOnce() throws Exception {
        workers = new DirectoryWorkers("brent", 1, 1, LONG);
        staff.submit(() -> workers.run(Deadline.after(LONG), this::hang));
        assertThat(hanging.await(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
        staff.submit(() -> workers.run(Deadline.after(LONG), this::hang));
        untilTrue(() -> workers.queued() == 1);
        long started = System.nanoTime();

        assertThatThrownBy(() -> workers.run(Deadline.after(LONG), () -> true))
                .isInstanceOf(DirectoryWorkers.NoAnswer.class).hasMessageContaining("threads for this directory are busy");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void whenTheWorkersCloseThenRequestsWaitingForAThreadStopWaitingAtOnce() throws Exception {
        workers = new DirectoryWorkers("brent", 1, LONG);
        staff.submit(() -> workers.run(Deadline.after(LONG), this::hang));
        assertThat(hanging.await(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Future<?> waiting = staff.submit(() -> workers.run(Deadline.after(LONG), () -> true));
        untilTrue(() -> workers.queued() == 1);

        workers.close();

        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(DirectoryWorkers.NoAnswer.class)
                .hasMessageContaining("closing");
    }
}
