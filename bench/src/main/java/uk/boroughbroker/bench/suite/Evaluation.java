package uk.boroughbroker.bench.suite;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import uk.boroughbroker.bench.environment.Target;
import uk.boroughbroker.bench.report.LoadResult;
import uk.boroughbroker.bench.report.PhaseResult;
import uk.boroughbroker.bench.report.Ratio;
import uk.boroughbroker.bench.report.ResilienceResult;
import uk.boroughbroker.bench.report.TargetCheck;

/** Broker/stock ratios per scenario and the targets, met or not, from a run's results. */
final class Evaluation {

    /** Sign-in scenarios where each request is for one council, so exactly one directory should be asked. */
    static final List<String> ONE_COUNCIL_SIGN_INS = List.of("first-login-first-council", "first-login-last-council",
            "returning-first-council", "returning-last-council");

    private Evaluation() {
    }

    static List<Ratio> ratios(List<LoadResult> load) {
        Set<String> scenarios = new LinkedHashSet<>();
        load.forEach(r -> scenarios.add(r.scenario()));
        List<Ratio> ratios = new ArrayList<>();
        for (String scenario : scenarios) {
            Optional<LoadResult> broker = find(load, scenario, Target.BROKER);
            Optional<LoadResult> stock = find(load, scenario, Target.STOCK);
            if (broker.isPresent() && stock.isPresent()) {
                ratios.add(new Ratio(scenario, ratio(broker.get().throughput(), stock.get().throughput()),
                        ratio(stock.get().latency().p50Ms(), broker.get().latency().p50Ms()),
                        ratio(stock.get().latency().p99Ms(), broker.get().latency().p99Ms())));
            }
        }
        return ratios;
    }

    static List<TargetCheck> targets(List<LoadResult> load, List<Ratio> ratios, List<ResilienceResult> resilience) {
        List<TargetCheck> checks = new ArrayList<>();
        checks.add(atLeast("First sign-ins of the last council's users >= 1.5x stock", ratios,
                List.of("first-login-last-council"), 1.5));
        checks.add(atLeast("Returning sign-ins >= 1.2x stock (first and last council)", ratios,
                List.of("returning-first-council", "returning-last-council"), 1.2));
        checks.add(atLeast("First sign-ins of the first council's users >= 0.95x stock", ratios,
                List.of("first-login-first-council"), 0.95));
        checks.add(atLeast("Client credentials >= 0.95x stock", ratios, List.of("client-credentials"), 0.95));

        List<String> seen = new ArrayList<>();
        Boolean one = null;
        for (String scenario : ONE_COUNCIL_SIGN_INS) {
            Optional<LoadResult> broker = find(load, scenario, Target.BROKER).filter(Evaluation::countedDirectories);
            if (broker.isPresent()) {
                List<String> contacted = broker.get().directoriesContacted();
                seen.add(scenario + ": " + contacted.size() + " " + contacted);
                one = (one == null || one) && contacted.size() == 1;
            }
        }
        checks.add(new TargetCheck("Broker: exactly one directory contacted per sign-in",
                seen.isEmpty() ? "not measured" : String.join("; ", seen), one));

        Optional<LoadResult> unknown = find(load, "unknown-username", Target.BROKER).filter(Evaluation::countedDirectories);
        Optional<LoadResult> stockUnknown = find(load, "unknown-username", Target.STOCK)
                .filter(Evaluation::countedDirectories);
        checks.add(new TargetCheck("Broker: at most one directory contacted per unknown username",
                unknown.map(u -> u.directoriesContacted().size() + " " + u.directoriesContacted() + ", "
                        + total(u) + " LDAP requests per name" + stockUnknown.map(s -> " (stock: "
                                + s.directoriesContacted().size() + " directories, " + total(s) + " requests)").orElse(""))
                        .orElse("not measured"),
                unknown.map(u -> u.directoriesContacted().size() <= 1).orElse(null)));

        for (String fault : List.of("directory-stopped", "directory-hung")) {
            Optional<ResilienceResult> broker = resilience.stream()
                    .filter(r -> r.scenario().equals(fault) && r.target().equals(Target.BROKER)).findFirst();
            Optional<ResilienceResult> stock = resilience.stream()
                    .filter(r -> r.scenario().equals(fault) && r.target().equals(Target.STOCK)).findFirst();
            checks.add(new TargetCheck("Broker: other councils 100 % successful while one directory is "
                    + (fault.equals("directory-hung") ? "hung" : "down"),
                    broker.map(b -> percent(during(b).otherCouncils().successRate()) + " of "
                            + during(b).otherCouncils().requests() + stock.map(s -> " (stock: "
                                    + percent(during(s).otherCouncils().successRate()) + ")").orElse(""))
                            .orElse("not measured"),
                    broker.map(b -> during(b).otherCouncils().ok() == during(b).otherCouncils().requests()).orElse(null)));
        }
        return checks;
    }

    private static PhaseResult during(ResilienceResult result) {
        return result.phases().get(ResilienceRunner.DURING);
    }

    private static String percent(double rate) {
        return String.format("%.2f %%", rate * 100);
    }

    private static String total(LoadResult result) {
        return String.format("%.2f", result.ldapRequestsPerRequest().values().stream().mapToDouble(Double::doubleValue)
                .sum());
    }

    private static TargetCheck atLeast(String target, List<Ratio> ratios, List<String> scenarios, double goal) {
        List<String> measured = new ArrayList<>();
        Boolean met = null;
        for (String scenario : scenarios) {
            Optional<Ratio> ratio = ratios.stream().filter(r -> r.scenario().equals(scenario)).findFirst();
            if (ratio.isPresent() && ratio.get().throughput() != null) {
                measured.add(scenario + " " + String.format("%.2fx", ratio.get().throughput()));
                met = (met == null || met) && ratio.get().throughput() >= goal;
            }
        }
        return new TargetCheck(target, measured.isEmpty() ? "not measured" : String.join(", ", measured), met);
    }

    static Optional<LoadResult> find(List<LoadResult> load, String scenario, String target) {
        return load.stream().filter(r -> r.scenario().equals(scenario) && r.target().equals(target)).findFirst();
    }

    private static Double ratio(double numerator, double denominator) {
        return denominator <= 0 ? null : Measure.round3(numerator / denominator);
    }

    /** Directory requests are counted per realm only when the realms were loaded in turn ({@link LoadOrder}). */
    private static boolean countedDirectories(LoadResult result) {
        return !result.ldapRequestsPerRequest().isEmpty();
    }
}
