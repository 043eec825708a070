package uk.boroughbroker.keycloak.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Backoff between delivery attempts")
class BackoffTest {

    private static final Duration CAP = Duration.ofMinutes(5);

    @Nested
    @DisplayName("without jitter (the random part at its lowest)")
    class Lowest {
        private final Backoff backoff = new Backoff(CAP, bound -> 0);

        @Test
        void whenTheFirstAttemptFailsThenTheWaitIsHalfOfOneSecond() {
            assertThat(backoff.after(1)).isEqualTo(Duration.ofMillis(500));
        }

        @Test
        void whenAttemptsKeepFailingThenTheLongestWaitDoublesUntilTheCap() {
            assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofSeconds(1));
            assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofSeconds(2));
            assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofSeconds(16));
            assertThat(backoff.ceiling(9)).isEqualTo(Duration.ofSeconds(256));
            assertThat(backoff.ceiling(10)).isEqualTo(CAP);
            assertThat(backoff.ceiling(1_000)).as("no overflow after many attempts").isEqualTo(CAP);
        }
    }

    @Test
    void whenTheRandomPartIsAtItsHighestThenTheWaitIsTheCeilingAndNeverAbove() {
        Backoff backoff = new Backoff(CAP, bound -> bound - 1);

        assertThat(backoff.after(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.after(40)).isEqualTo(CAP);
    }

    @Test
    void whenManyChangesWaitTogetherThenTheirWaitsSpreadOverTheUpperHalf() {
        Backoff backoff = new Backoff(CAP, bound -> java.util.concurrent.ThreadLocalRandom.current().nextLong(bound));

        var waits = java.util.stream.IntStream.range(0, 1_000).mapToObj(i -> backoff.after(4).toMillis()).toList();

        assertThat(waits).allMatch(w -> w >= 4_000 && w <= 8_000);
        assertThat(waits.stream().distinct().count()).as("not all in the same millisecond").isGreaterThan(500);
    }

    @Test
    void whenASystemCapsAtTwoSecondsThenNoWaitIsLonger() {
        Backoff backoff = new Backoff(Duration.ofSeconds(2), bound -> bound - 1);

        assertThat(backoff.after(10)).isEqualTo(Duration.ofSeconds(2));
    }
}
