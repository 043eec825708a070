package uk.boroughbroker.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import uk.boroughbroker.bench.environment.Target;
import uk.boroughbroker.bench.load.Latency;
import uk.boroughbroker.bench.report.LoadResult;
import uk.boroughbroker.bench.report.TargetCheck;

@DisplayName("The suite's targets, from its results")
class EvaluationTest {

    private static final String ONE_DIRECTORY = "Broker: exactly one directory contacted per sign-in";

    private static LoadResult returning(String target, Map<String, Double> ldap, List<String> contacted) {
        return new LoadResult("returning-first-council", target, 4, 20, 2000, 2000, 0, 0, Map.of(), 100, List.of(100.0),
                Latency.of(List.of()), ldap, contacted, null, null);
    }

    private static TargetCheck check(List<LoadResult> load, String name) {
        return Evaluation.targets(load, Evaluation.ratios(load), List.of()).stream()
                .filter(c -> c.target().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void whenTheRealmsWereLoadedInTurnThenTheDirectoriesContactedPerSignInAreJudged() {
        TargetCheck one = check(List.of(returning(Target.BROKER, Map.of("brent", 1.0, "camden", 0.0), List.of("brent"))),
                ONE_DIRECTORY);

        assertThat(one.met()).isTrue();
    }

    @Test
    void whenTheRealmsWereLoadedTogetherThenDirectoriesContactedAreNotMeasuredRatherThanFailed() {
        TargetCheck one = check(List.of(returning(Target.BROKER, Map.of(), List.of())), ONE_DIRECTORY);

        assertThat(one.met()).isNull();
        assertThat(one.measured()).isEqualTo("not measured");
    }
}
