package uk.boroughbroker.keycloak.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The order of queued changes")
class OutboxSequenceTest {

    @Test
    void whenChangesAreQueuedInTheSameMillisecondThenEachLaterOneStillSortsAfter() {
        long now = System.currentTimeMillis() + 60_000;
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            seqs.add(Outbox.nextSeq(now));
        }

        assertThat(seqs).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void whenTheClockStepsBackThenTheOrderDoesNot() {
        long now = System.currentTimeMillis() + 120_000;
        long before = Outbox.nextSeq(now);

        assertThat(Outbox.nextSeq(now - 10_000)).isGreaterThan(before);
    }

    @Test
    void whenManyThreadsQueueAtOnceThenNoTwoChangesShareAPlace() {
        ConcurrentLinkedQueue<Long> seqs = new ConcurrentLinkedQueue<>();
        IntStream.range(0, 8).parallel().forEach(t -> {
            for (int i = 0; i < 1_000; i++) {
                seqs.add(Outbox.nextSeq(System.currentTimeMillis()));
            }
        });

        assertThat(seqs).hasSize(8_000).doesNotHaveDuplicates();
    }
}
