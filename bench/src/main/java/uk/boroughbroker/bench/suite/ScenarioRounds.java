package uk.boroughbroker.bench.suite;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import uk.boroughbroker.bench.environment.Target;
import uk.boroughbroker.bench.load.UserPool;

/**
 * The rounds of one load scenario on both realms, as {@link LoadOrder} says: a settling round that is
 * not counted, then the measured rounds, each printed with its window so that a profile of Keycloak
 * (JFR) can be cut per realm.
 */
final class ScenarioRounds {

    /** What runs one round on the given realms at once: {@link LoadScenarioRunner}, or a test's stand-in. */
    interface Runner {
        /** The scenario's warm-up, then a round that is not counted. */
        Map<String, LoadScenarioRunner.Round> settle(LoadScenarios.Scenario scenario, List<Target> targets,
                Map<String, UserPool> pools);

        Map<String, LoadScenarioRunner.Round> run(LoadScenarios.Scenario scenario, List<Target> targets,
                Map<String, UserPool> pools);
    }

    private final Runner runner;
    private final LoadOrder order;
    private final int rounds;
    private final PrintStream out;

    ScenarioRounds(Runner runner, LoadOrder order, int rounds, PrintStream out) {
        this.runner = runner;
        this.order = order;
        this.rounds = rounds;
        this.out = out;
    }

    /**
     * @param first the realms in the order the scenario's first round takes them (in turns, the order
     *              then alternates by round, so drift over the run, such as Keycloak's heap filling
     *              with sessions, falls on both alike)
     * @return each realm's measured rounds, by realm id
     */
    Map<String, List<LoadScenarioRunner.Round>> run(LoadScenarios.Scenario scenario, List<Target> first,
            Map<String, UserPool> pools) {
        Map<String, List<LoadScenarioRunner.Round>> measured = new LinkedHashMap<>();
        if (order == LoadOrder.TOGETHER) {
            print("settling round, together", runner.settle(scenario, first, pools), null);
            for (int round = 0; round < rounds; round++) {
                Map<String, LoadScenarioRunner.Round> both = runner.run(scenario, first, pools);
                both.forEach((realm, r) -> measured.computeIfAbsent(realm, k -> new ArrayList<>()).add(r));
                print("round " + (round + 1) + ", together", both, both.values().iterator().next());
            }
            return measured;
        }
        for (Target target : first) {
            print("settling round", runner.settle(scenario, List.of(target), pools), null);
        }
        for (int round = 0; round < rounds; round++) {
            for (Target target : round % 2 == 0 ? first : reversed(first)) {
                Map<String, LoadScenarioRunner.Round> one = runner.run(scenario, List.of(target), pools);
                measured.computeIfAbsent(target.id(), k -> new ArrayList<>()).add(one.get(target.id()));
                print("round " + (round + 1), one, one.get(target.id()));
            }
        }
        return measured;
    }

    private static List<Target> reversed(List<Target> targets) {
        List<Target> reversed = new ArrayList<>(targets);
        Collections.reverse(reversed);
        return reversed;
    }

    private void print(String what, Map<String, LoadScenarioRunner.Round> rounds, LoadScenarioRunner.Round window) {
        StringBuilder line = new StringBuilder("    ").append(what);
        rounds.forEach((realm, r) -> line.append(String.format(", %s: %.1f/s", realm, r.throughput())));
        line.append(window == null ? " (not counted)" : ", measured " + window.from() + " to " + window.to());
        out.println(line);
    }
}
