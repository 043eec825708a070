package uk.boroughbroker.broker;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import uk.boroughbroker.broker.cluster.ClusterException;
import uk.boroughbroker.broker.process.ChildProcess;
import uk.boroughbroker.directory.DirectoryStartException;
import uk.boroughbroker.realms.AdminApiException;
import uk.boroughbroker.realms.ApplyException;
import uk.boroughbroker.realms.ConfigurationException;

/**
 * The {@code broker} command ({@code ./broker.sh}): {@code up}, {@code down} and {@code reset} of the
 * demo broker ({@link Launcher}), {@code councils list | test | apply | sync} ({@link CouncilsCommand}),
 * {@code roles why} ({@link RolesCommand}), {@code provisioning status | retry | reconcile}
 * ({@link ProvisioningCommand}) and {@code help}. {@code bench} is the benchmark suite's
 * own jar, which {@code broker.sh} runs; it is listed in the usage text only. Errors are one line
 * for the operator, never a stack trace.
 */
public final class BrokerCli {

    static final String USAGE = """
            Usage: ./broker.sh <command> [options]

            Commands:
              up       Start the demo broker: six council directories, Keycloak with the Borough Broker
                       extensions, the realm from realms/. Stops with Ctrl-C.
                         --http-port N         Keycloak HTTP port (default 8080)
                         --management-port N   Keycloak health/metrics port (default 9000)
                         --home DIR            working folder: Keycloak, its data, secrets, logs (default .broker)
                         --realms DIR          realm files (default realms)
                         --ldap-port N         first demo directory's port, the others follow
                                               (default: ports the operating system chooses)
                         --load-users N        add N generated users to every council directory
                                               (password LoadTest!2026, usernames loaduser00001...)
                         --real-ad             real Active Directory instead: Samba AD domain controllers
                                               for Brent (127.0.0.11, LDAPS) and Lewisham (127.0.0.12,
                                               StartTLS); needs root and Debian's Samba AD packages
                                               (see docs/directories.md); its home is
                                               .broker-real-ad unless --home is given
                         --cluster             the production topology on this machine: PostgreSQL 15,
                                               two Keycloak nodes (production mode, JDBC_PING) and HAProxy
                                               with TLS on https://localhost:18443 (test CA in
                                               <home>/cluster/tls/ca.pem); needs Debian's postgresql-15
                                               and haproxy (docker/README.md)
              down     Stop a broker started with up (from the same --home).
              reset    Delete the broker home (Keycloak's data and generated secrets) of a stopped broker.
              councils list                 Each council's directory as the running broker sees it.
              councils test <council>       Connect and bind to a council's directory now.
              councils apply [--councils FILE] [--prune] [--dry-run]
                                            Apply a changed councils file (add a council, change its
                                            domain controllers) to the running broker, no restart;
                                            --dry-run shows what would change and changes nothing,
                                            with the people who would gain or lose roles.
                                            --prune retires a council the file no longer declares
                                            (its people disabled, sessions ended) and deletes it
                                            90 days later (docs/directories.md, offboarding),
                                            and deletes a borough system provisioning.yaml
                                            no longer declares.
              councils sync <council>       Import and reconcile a council's people now (joiners,
                                            movers, leavers), with progress and a summary; what a
                                            new council runs after councils apply. The broker also
                                            syncs every council in the background (syncSeconds).
              councils ... --server URL [--ca-file PEM] [--realm NAME] [--realms DIR]
                                            Any councils command against a broker elsewhere
                                            (production, through its HTTPS front door) instead of
                                            the one started here: the admin client's id and
                                            secret from BROKER_ADMIN_CLIENT_ID (default
                                            borough-admin) and BROKER_ADMIN_CLIENT_SECRET, the
                                            realm files' variables from the environment; apply
                                            needs --councils FILE (docs/operations.md).
              roles why <user> <role> <council>
                                            Why a person holds (or not) a catalogue role at a
                                            council: the policy rule, its group DN and its line.
              provisioning status           Each borough system (SCIM, provisioning.yaml): changes
                                            pending and failed (with reasons), last success.
              provisioning retry <system>   Make a system's failed and waiting changes due now.
              provisioning reconcile <system> [--dry-run]
                                            Compare a system's accounts with what they should be
                                            and queue the differences; --dry-run only lists them.
                         (all take --home DIR, default .broker)
              bench    The broker against stock Keycloak, side by side, on this machine: load and
                       resilience scenarios on a Keycloak of its own (never 8080/9000), results in
                       bench/target/bench (docs/performance.md). Options: ./broker.sh bench --help
              help     Show this text.
            """;

    private BrokerCli() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.exit(code);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> list = Arrays.asList(args);
        String command = list.isEmpty() ? "help" : list.get(0);
        List<String> rest = list.isEmpty() ? List.of() : list.subList(1, list.size());
        try {
            return switch (command) {
                case "up" -> new Launcher(UpOptions.parse(rest), out).up();
                case "down" -> down(UpOptions.parse(rest).home(), out);
                case "reset" -> reset(UpOptions.parse(rest).home(), out);
                case "councils" -> CouncilsCommand.run(rest, out);
                case "roles" -> RolesCommand.run(rest, out);
                case "provisioning" -> ProvisioningCommand.run(rest, out);
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> throw new UsageException("unknown command '" + command + "'");
            };
        } catch (UsageException e) {
            err.println("broker: " + e.getMessage());
            err.println("Run ./broker.sh help for the commands and options.");
            return 2;
        } catch (BrokerException | ConfigurationException | DirectoryStartException | AdminApiException
                | ApplyException | ClusterException e) {
            err.println("broker: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            // A defect of ours, not of the input: still no stack trace for the operator.
            err.println("broker: unexpected error (" + e.getClass().getSimpleName() + "): " + e.getMessage()
                    + ". Please report it with the command you ran.");
            return 1;
        }
    }

    static int down(Path home, PrintStream out) {
        RunFiles run = new RunFiles(home);
        Optional<ProcessHandle> broker = run.alive("broker");
        Optional<ProcessHandle> keycloak = run.alive("keycloak");
        if (broker.isEmpty() && keycloak.isEmpty() && !ClusterMode.anyRunning(home, run)) {
            out.println("No broker is running from " + home + ".");
            return 0;
        }
        // The launcher stops Keycloak and the directories in its shutdown hook.
        broker.ifPresent(p -> ChildProcess.stop(p, EmbeddedKeycloak.STOP_GRACE.plusSeconds(15)));
        // Only left when the launcher itself was killed hard: stop Keycloak's process tree directly.
        run.alive("keycloak").ifPresent(p -> ChildProcess.stopTree(p, EmbeddedKeycloak.STOP_GRACE));
        // Cluster mode: its nodes, HAProxy and PostgreSQL (which runs detached), if the launcher could not.
        ClusterMode.stopLeftovers(home, run);
        run.delete("broker");
        run.delete("keycloak");
        out.println("Borough Broker stopped.");
        return 0;
    }

    static int reset(Path home, PrintStream out) {
        RunFiles run = new RunFiles(home);
        if (run.alive("broker").isPresent() || run.alive("keycloak").isPresent() || ClusterMode.anyRunning(home, run)) {
            throw new BrokerException("The broker from " + home + " is running; stop it first with ./broker.sh down");
        }
        requireBrokerHome(home);
        try {
            KeycloakInstallation.deleteTree(home);
        } catch (java.io.IOException e) {
            throw new BrokerException("Cannot delete " + home + ": " + e.getMessage(), e);
        }
        out.println("Deleted " + home + " (Keycloak data, secrets, logs). The next ./broker.sh up starts fresh.");
        return 0;
    }

    /**
     * Refuses to delete anything that is not plainly a broker home: the current folder or one above
     * it, the user's home, or a folder holding files the launcher never writes.
     */
    static void requireBrokerHome(Path home) {
        Path absolute = home.toAbsolutePath().normalize();
        Path current = Path.of("").toAbsolutePath().normalize();
        Path user = Path.of(System.getProperty("user.home")).toAbsolutePath().normalize();
        if (absolute.getParent() == null || current.startsWith(absolute) || absolute.equals(user)) {
            throw new BrokerException("Refusing to delete " + absolute + ": it is not a broker home "
                    + "(give the folder used with up --home, default .broker)");
        }
        if (!java.nio.file.Files.isDirectory(absolute)) {
            return;
        }
        try (var children = java.nio.file.Files.list(absolute)) {
            List<String> foreign = children.map(c -> c.getFileName().toString())
                    .filter(name -> !name.equals(BrokerSecrets.FILE) && !name.equals("run") && !name.equals("logs")
                            && !name.startsWith("keycloak-") && !ClusterMode.homeEntries().contains(name))
                    .sorted().toList();
            if (!foreign.isEmpty()) {
                throw new BrokerException("Refusing to delete " + absolute + ": it holds " + foreign
                        + ", which the broker never writes, so it does not look like a broker home");
            }
        } catch (java.io.IOException e) {
            throw new BrokerException("Cannot read " + absolute + ": " + e.getMessage(), e);
        }
    }
}
