package uk.boroughbroker.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import uk.boroughbroker.bench.load.LoadRun;
import uk.boroughbroker.bench.load.Sample;
import uk.boroughbroker.bench.report.TimelinePoint;

@DisplayName("Measure: a resilience run's timeline")
class MeasureTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void whenRequestsEndInSomeSecondsThenEachSecondCountsTheOutageCouncilsAndTheOthersOkAndFailed() {
        long started = 100 * SECOND;
        List<Sample> samples = List.of(
                new Sample(started, SECOND / 2, 2, 0, null),                 // outage council ok, second 0
                new Sample(started + SECOND, SECOND / 10, 2, 1, "503"),     // outage council failed, second 1
                new Sample(started + SECOND, SECOND / 10, 0, 1, null),      // another council ok, second 1
                new Sample(started + SECOND, SECOND / 10, 1, 1, "timeout"), // another council failed, second 1
                new Sample(started - SECOND, SECOND / 10, 0, 0, null));     // ended before the start: second 0
        LoadRun.Finished finished = new LoadRun.Finished(samples, Map.of(0, started), started + 2 * SECOND, null);

        List<TimelinePoint> timeline = Measure.timeline(finished, started, 2);

        assertThat(timeline).containsExactly(new TimelinePoint(0, 1, 0, 1, 0), new TimelinePoint(1, 0, 1, 1, 1),
                new TimelinePoint(2, 0, 0, 0, 0));
    }
}
