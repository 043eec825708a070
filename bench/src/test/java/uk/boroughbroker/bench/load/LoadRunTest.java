package uk.boroughbroker.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The load driver")
class LoadRunTest {

    @Test
    void whenTheRunMovesThroughPhasesThenEverySampleCarriesThePhaseItWasSentIn() {
        AtomicInteger sent = new AtomicInteger();
        LoadRun run = LoadRun.start("test", 3, thread -> {
            int n = sent.incrementAndGet();
            return n % 5 == 0 ? Attempt.failed(thread, "401 invalid_grant") : Attempt.ok(thread);
        }, Duration.ofSeconds(30), 0);
        run.hold(Duration.ofMillis(100));
        run.phase(1);
        run.hold(Duration.ofMillis(100));

        LoadRun.Finished finished = run.stop();

        assertThat(finished.samples()).hasSize(sent.get());
        assertThat(finished.in(0)).isNotEmpty();
        assertThat(finished.in(1)).isNotEmpty();
        assertThat(finished.samples()).extracting(Sample::council).containsOnly(0, 1, 2);
        assertThat(finished.samples()).filteredOn(s -> !s.ok()).isNotEmpty()
                .allSatisfy(s -> assertThat(s.failure()).isEqualTo("401 invalid_grant"));
        assertThat(finished.seconds(1)).isGreaterThan(0.05);
    }

    @Test
    void whenTheWorkloadRunsOutThenThreadsStopEarlyAndSayWhy() {
        AtomicInteger left = new AtomicInteger(10);
        LoadRun run = LoadRun.start("test", 2, thread -> {
            if (left.decrementAndGet() < 0) {
                throw new Workload.Exhausted("no fresh users left");
            }
            return Attempt.ok(0);
        }, Duration.ofSeconds(30), 1);
        run.hold(Duration.ofSeconds(20)); // returns as soon as both threads have stopped

        LoadRun.Finished finished = run.stop();

        assertThat(finished.samples()).hasSize(10);
        assertThat(finished.exhausted()).isEqualTo("no fresh users left");
    }

    @Test
    void whenAWorkloadThrowsThenTheRequestIsAFailureNamingTheExceptionAndTheRunGoesOn() {
        LoadRun run = LoadRun.start("test", 1, thread -> {
            throw new IllegalStateException("boom");
        }, Duration.ofSeconds(30), 0);
        run.hold(Duration.ofMillis(50));

        LoadRun.Finished finished = run.stop();

        assertThat(finished.samples()).isNotEmpty().allSatisfy(s ->
                assertThat(s.failure()).isEqualTo("exception IllegalStateException: boom"));
    }
}
