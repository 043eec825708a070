package uk.boroughbroker.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Latency percentiles")
class LatencyTest {

    @Test
    void whenAHundredRequestsTookOneToAHundredMillisecondsThenPercentilesAreByNearestRank() {
        List<Sample> samples = new ArrayList<>();
        for (int ms = 100; ms >= 1; ms--) {
            samples.add(new Sample(0, ms * 1_000_000L, 0, 0, null));
        }

        Latency latency = Latency.of(samples);

        assertThat(latency.p50Ms()).isEqualTo(50.0);
        assertThat(latency.p95Ms()).isEqualTo(95.0);
        assertThat(latency.p99Ms()).isEqualTo(99.0);
        assertThat(latency.maxMs()).isEqualTo(100.0);
        assertThat(latency.meanMs()).isEqualTo(50.5);
    }

    @Test
    void whenThereAreNoRequestsThenAllAreZeroAndOneRequestIsEveryPercentile() {
        assertThat(Latency.of(List.of())).isEqualTo(Latency.NONE);
        Latency one = Latency.of(List.of(new Sample(0, 7_250_000, 0, 0, "503")));
        assertThat(one.p50Ms()).isEqualTo(7.25);
        assertThat(one.p99Ms()).isEqualTo(7.25);
    }
}
