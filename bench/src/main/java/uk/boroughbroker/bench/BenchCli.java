package uk.boroughbroker.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

import uk.boroughbroker.bench.suite.Suite;
import uk.boroughbroker.bench.suite.SuiteOptions;
import uk.boroughbroker.bench.suite.UsageException;
import uk.boroughbroker.broker.BrokerException;

/**
 * {@code java -jar bench/target/borough-bench.jar <command>}: {@code suite} (the broker against stock
 * Keycloak, load and resilience; what {@code ./broker.sh bench} runs) or {@code token-issuance}
 * (the council-roles mapper on and off, against a running broker).
 */
public final class BenchCli {

    static final String USAGE = """
            Usage: java -jar bench/target/borough-bench.jar <command> [options]

            Commands:
              suite            The broker against stock Keycloak 26.7.3, side by side, on one machine:
                               six council directories, one Keycloak, both realms; load scenarios,
                               resilience scenarios and full syncs; results in --out (Markdown, JSON,
                               PNG). Same as ./broker.sh bench. Options: suite --help
              token-issuance   Token issuance with the council-roles mapper on and off, against a
                               broker started with ./broker.sh up. Options: --home --seconds --rounds
                               --threads --warmup (see bench/README.md)
              help             Show this text.
            """;

    private BenchCli() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        List<String> list = Arrays.asList(args);
        // Before subcommands existed the jar ran the token-issuance benchmark with its options directly.
        String command = list.isEmpty() ? "help" : list.get(0).startsWith("--") && !isHelp(list.get(0))
                ? "token-issuance" : list.get(0);
        List<String> rest = list.isEmpty() || !command.equals(list.get(0)) ? list : list.subList(1, list.size());
        switch (command) {
            case "suite" -> {
                if (rest.stream().anyMatch(BenchCli::isHelp)) {
                    out.print(SuiteOptions.USAGE);
                    return 0;
                }
                try {
                    SuiteOptions options = SuiteOptions.parse(rest);
                    return new Suite(options, out).run().allCompleted() ? 0 : 1;
                } catch (UsageException e) {
                    err.println("bench: " + e.getMessage());
                    err.println("Run ./broker.sh bench --help for the options.");
                    return 2;
                }
            }
            case "token-issuance" -> {
                try {
                    TokenIssuanceBenchmark.main(rest.toArray(String[]::new));
                    return 0;
                } catch (BrokerException e) {
                    err.println("bench: " + e.getMessage());
                    return 1;
                }
            }
            case "help", "--help", "-h" -> {
                out.print(USAGE);
                return 0;
            }
            default -> {
                err.println("bench: unknown command '" + command + "'");
                err.print(USAGE);
                return 2;
            }
        }
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
    }
}
