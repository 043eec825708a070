package uk.boroughbroker.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import uk.boroughbroker.bench.environment.Target;
import uk.boroughbroker.bench.load.Sample;
import uk.boroughbroker.bench.load.UserPool;

@DisplayName("The rounds of a load scenario on both realms")
class ScenarioRoundsTest {

    private static final Target BROKER = new Target(Target.BROKER, "borough", "http://127.0.0.1:1", "s");
    private static final Target STOCK = new Target(Target.STOCK, "stock", "http://127.0.0.1:1", "s");
    private static final LoadScenarios.Scenario SCENARIO = new LoadScenarios.Scenario("refresh-token", "Refresh",
            "refreshes", null, false);

    /** Records which realms each call loaded at once; every realm answers 10 requests a round. */
    private static final class Recorder implements ScenarioRounds.Runner {
        final List<String> calls = new ArrayList<>();

        @Override
        public Map<String, LoadScenarioRunner.Round> settle(LoadScenarios.Scenario scenario, List<Target> targets,
                Map<String, UserPool> pools) {
            return round("settle", targets);
        }

        @Override
        public Map<String, LoadScenarioRunner.Round> run(LoadScenarios.Scenario scenario, List<Target> targets,
                Map<String, UserPool> pools) {
            return round("run", targets);
        }

        private Map<String, LoadScenarioRunner.Round> round(String what, List<Target> targets) {
            calls.add(what + " " + targets.stream().map(Target::id).toList());
            Map<String, LoadScenarioRunner.Round> rounds = new LinkedHashMap<>();
            for (Target t : targets) {
                List<Sample> samples = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    samples.add(new Sample(i, 1_000_000, 0, LoadScenarioRunner.MEASURED, null));
                }
                rounds.put(t.id(), new LoadScenarioRunner.Round(samples, 1.0, Map.of(), null, null, Instant.EPOCH,
                        Instant.EPOCH));
            }
            return rounds;
        }
    }

    private final Recorder recorder = new Recorder();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private Map<String, List<LoadScenarioRunner.Round>> run(LoadOrder order, int rounds) {
        return new ScenarioRounds(recorder, order, rounds, new PrintStream(printed, true, StandardCharsets.UTF_8))
                .run(SCENARIO, List.of(BROKER, STOCK), Map.of());
    }

    @Nested
    @DisplayName("in turns")
    class InTurns {

        @Test
        void whenRoundsAreTakenInTurnThenEachRealmSettlesAloneAndTheRealmGoingFirstAlternates() {
            Map<String, List<LoadScenarioRunner.Round>> measured = run(LoadOrder.TURNS, 3);

            assertThat(recorder.calls).containsExactly("settle [broker]", "settle [stock]",
                    "run [broker]", "run [stock]", "run [stock]", "run [broker]", "run [broker]", "run [stock]");
            assertThat(measured.get("broker")).hasSize(3);
            assertThat(measured.get("stock")).hasSize(3);
        }

        @Test
        void whenARoundIsPrintedThenItNamesTheRealmItsRateAndItsWindow() {
            run(LoadOrder.TURNS, 1);

            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("settling round, broker: 10.0/s (not counted)")
                    .contains("round 1, stock: 10.0/s, measured 1970-01-01T00:00:00Z to 1970-01-01T00:00:00Z");
        }
    }

    @Nested
    @DisplayName("together")
    class Together {

        @Test
        void whenRoundsAreTakenTogetherThenEveryRoundLoadsBothRealmsAtOnceAndTheSettlingOneIsNotCounted() {
            Map<String, List<LoadScenarioRunner.Round>> measured = run(LoadOrder.TOGETHER, 2);

            assertThat(recorder.calls).containsExactly("settle [broker, stock]", "run [broker, stock]",
                    "run [broker, stock]");
            assertThat(measured.get("broker")).hasSize(2);
            assertThat(measured.get("stock")).hasSize(2);
        }

        @Test
        void whenARoundIsPrintedThenBothRealmsRatesShareOneLine() {
            run(LoadOrder.TOGETHER, 1);

            assertThat(printed.toString(StandardCharsets.UTF_8))
                    .contains("settling round, together, broker: 10.0/s, stock: 10.0/s (not counted)")
                    .contains("round 1, together, broker: 10.0/s, stock: 10.0/s, measured ");
        }
    }
}
