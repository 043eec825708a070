package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import uk.boroughbroker.keycloak.directory.CircuitBreaker.State;

@DisplayName("CircuitBreaker")
class CircuitBreakerTest {

    private static final int THRESHOLD = 3;
    private static final Duration OPEN_FOR = Duration.ofSeconds(30);

    private TestClock clock;
    private CircuitBreaker breaker;

    @BeforeEach
    void closedBreaker() {
        clock = new TestClock();
        breaker = new CircuitBreaker("brent", THRESHOLD, OPEN_FOR, clock);
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertThat(breaker.allow()).as("call %d allowed", i + 1).isTrue();
            breaker.failure("connect error " + (i + 1));
        }
    }

    private void open() {
        fail(THRESHOLD);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Nested
    @DisplayName("closed")
    class Closed {

        @Test
        void whenNewThenItIsClosedAndAllowsEveryCall() {
            assertThat(breaker.state()).isEqualTo(State.CLOSED);
            for (int i = 0; i < 100; i++) {
                assertThat(breaker.allow()).isTrue();
            }
            assertThat(breaker.lastCause()).isEmpty();
        }

        @Test
        void whenOneFailureShortOfTheThresholdThenItStaysClosed() {
            fail(THRESHOLD - 1);

            assertThat(breaker.state()).isEqualTo(State.CLOSED);
            assertThat(breaker.allow()).isTrue();
        }

        @Test
        void whenTheThresholdIsReachedThenItOpens() {
            fail(THRESHOLD);

            assertThat(breaker.state()).isEqualTo(State.OPEN);
        }

        @Test
        void whenASuccessComesBetweenFailuresThenTheCountStartsAgain() {
            fail(THRESHOLD - 1);
            breaker.success();
            fail(THRESHOLD - 1);

            assertThat(breaker.state()).isEqualTo(State.CLOSED);

            fail(1);
            assertThat(breaker.state()).isEqualTo(State.OPEN);
        }

        @Test
        void whenTheThresholdIsOneThenTheFirstFailureOpens() {
            CircuitBreaker touchy = new CircuitBreaker("brent", 1, OPEN_FOR, clock);
            touchy.failure("timeout");

            assertThat(touchy.state()).isEqualTo(State.OPEN);
            assertThat(touchy.allow()).isFalse();
        }
    }

    @Nested
    @DisplayName("open")
    class Open {

        @BeforeEach
        void opened() {
            open();
        }

        @Test
        void whenOpenThenCallsAreRefused() {
            for (int i = 0; i < 10; i++) {
                assertThat(breaker.allow()).isFalse();
            }
            assertThat(breaker.state()).isEqualTo(State.OPEN);
        }

        @Test
        void whenJustShortOfOpenForThenCallsAreStillRefused() {
            clock.advance(OPEN_FOR.minusNanos(1));

            assertThat(breaker.allow()).isFalse();
            assertThat(breaker.state()).isEqualTo(State.OPEN);
        }

        @Test
        void whenOpenForHasPassedThenExactlyOneTrialIsLetThrough() {
            clock.advance(OPEN_FOR);

            assertThat(breaker.allow()).isTrue();
            assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
            assertThat(breaker.allow()).isFalse();
            assertThat(breaker.allow()).isFalse();
        }

        @Test
        void whenManyCallsArriveTogetherAfterOpenForThenOnlyOneIsLetThrough() throws Exception {
            clock.advance(OPEN_FOR.plusSeconds(5));
            int callers = 16;
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            try {
                CountDownLatch ready = new CountDownLatch(callers);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> answers = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    answers.add(pool.submit(() -> {
                        ready.countDown();
                        go.await();
                        return breaker.allow();
                    }));
                }
                ready.await(5, TimeUnit.SECONDS);
                go.countDown();
                int allowed = 0;
                for (Future<Boolean> answer : answers) {
                    allowed += answer.get(5, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(allowed).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void whenTheTrialSucceedsThenItClosesAndTheFailureCountStartsAgain() {
            clock.advance(OPEN_FOR);
            assertThat(breaker.allow()).isTrue();

            breaker.success();

            assertThat(breaker.state()).isEqualTo(State.CLOSED);
            assertThat(breaker.allow()).isTrue();
            fail(THRESHOLD - 1);
            assertThat(breaker.state()).as("failures before the outage no longer count").isEqualTo(State.CLOSED);
        }

        @Test
        void whenTheTrialFailsThenItReopensForAnotherOpenFor() {
            clock.advance(OPEN_FOR);
            assertThat(breaker.allow()).isTrue();

            breaker.failure("still timing out");

            assertThat(breaker.state()).isEqualTo(State.OPEN);
            assertThat(breaker.allow()).isFalse();
            clock.advance(OPEN_FOR.minusSeconds(1));
            assertThat(breaker.allow()).as("open-for counts from the failed trial").isFalse();
            clock.advance(Duration.ofSeconds(1));
            assertThat(breaker.allow()).isTrue();
            assertThat(breaker.allow()).isFalse();
        }

        @Test
        void whenTheCircuitHasBeenOpenForAGoodWhileThenStillOnlyOneTrialIsLetThrough() {
            clock.advance(OPEN_FOR.multipliedBy(100));

            assertThat(breaker.allow()).isTrue();
            assertThat(breaker.allow()).isFalse();
        }
    }

    @Nested
    @DisplayName("last cause")
    class LastCause {

        @Test
        void whenFailuresAreReportedThenTheMostRecentCauseIsKept() {
            breaker.failure("91 (connect error): refused");
            breaker.failure("85 (timeout)");

            assertThat(breaker.lastCause()).isEqualTo("85 (timeout)");
        }

        @Test
        void whenTheCircuitOpensThenTheCauseThatOpenedItIsKept() {
            open();

            assertThat(breaker.lastCause()).isEqualTo("connect error " + THRESHOLD);
        }

        @Test
        void whenTheDirectoryRecoversThenTheLastCauseIsStillAvailable() {
            open();
            clock.advance(OPEN_FOR);
            breaker.allow();
            breaker.success();

            assertThat(breaker.lastCause()).isEqualTo("connect error " + THRESHOLD);
        }
    }

    @Nested
    @DisplayName("background probes")
    class Probes {

        @Test
        void whenClosedThenNoProbeIsDue() {
            assertThat(breaker.probeDue()).isFalse();
            fail(THRESHOLD - 1);
            assertThat(breaker.probeDue()).isFalse();
        }

        @Test
        void whenOpenThenOneProbeAtATimeAndNoMoreOftenThanProbeEvery() {
            open();

            assertThat(breaker.probeDue()).isTrue();
            assertThat(breaker.probeDue()).as("one in flight").isFalse();
            breaker.failure("still down");
            breaker.probeDone();
            assertThat(breaker.probeDue()).as("too soon").isFalse();

            clock.advance(CircuitBreaker.PROBE_EVERY);
            assertThat(breaker.probeDue()).isTrue();
            assertThat(breaker.state()).isEqualTo(State.OPEN);
        }

        @Test
        void whenAProbeSucceedsThenTheCircuitClosesBeforeOpenForHasPassed() {
            open();
            assertThat(breaker.probeDue()).isTrue();

            breaker.success();
            breaker.probeDone();

            assertThat(breaker.state()).isEqualTo(State.CLOSED);
            assertThat(breaker.allow()).isTrue();
        }

        @Test
        void whenAProbeFailsThenTheOpenTimeIsNotExtended() {
            open();
            assertThat(breaker.probeDue()).isTrue();
            breaker.failure("still down");
            breaker.probeDone();

            clock.advance(OPEN_FOR);

            assertThat(breaker.allow()).as("the trial call comes when it would have").isTrue();
        }
    }
}
