package uk.boroughbroker.bench.suite;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import uk.boroughbroker.bench.environment.BenchCouncils;

/**
 * Options of {@code suite}. Every duration is bounded, so a run always ends; every value is checked
 * here, with a message naming the option, before anything starts.
 *
 * @param usersPerCouncil   generated users in each council's directory
 * @param threads           client threads driving load (loopback only)
 * @param seconds           measured seconds per round of a load scenario, per realm
 * @param rounds            rounds of each load scenario per realm, the realm that goes first alternating
 *                          (broker-stock, stock-broker, ...), so drift over the run cancels out
 * @param scenarioWarmup    unmeasured seconds before each load scenario
 * @param warmup            unmeasured seconds of mixed load on both realms before the first scenario
 * @param before            resilience: seconds of load before the fault
 * @param during            resilience: seconds with the fault
 * @param after             resilience: seconds after the directory is back
 * @param slowMillis        resilience: the slow directory's delay per LDAP request
 * @param outageCouncil     resilience: the council whose directory fails (it has two DCs throughout)
 * @param connectTimeoutMillis every council's LDAP connect timeout, both realms; empty: the councils file's
 * @param readTimeoutMillis every council's LDAP read timeout, both realms; empty: the councils file's
 * @param groups            which groups of scenarios run: load, resilience, sync
 * @param keycloakHeap      Keycloak's -Xms/-Xmx, or null for kc.sh's default
 * @param circuitOpenSeconds the broker federations' circuit-open time (unavailableSeconds); empty: the
 *                          realm files' (30 s). Only the smoke run shortens it, so faults follow each other quickly
 * @param ldapDelayMillis   every directory answers each LDAP request this much later, throughout (0: at
 *                          loopback speed): the network between the broker and a council's DCs
 * @param councils          generated councils instead of the six demo ones (the scale-in-councils run);
 *                          empty: the demo councils
 * @param topology          what Keycloak runs as: one dev-mode node, or the production cluster
 * @param loadOrder         whether a load scenario's rounds load the realms in turn or both at once
 */
public record SuiteOptions(int usersPerCouncil, int threads, int seconds, int rounds, int scenarioWarmup, int warmup,
        int before,
        int during, int after, int slowMillis, String outageCouncil, OptionalInt connectTimeoutMillis,
        OptionalInt readTimeoutMillis, Set<String> groups, Path out, Path home, Path realms, String keycloakHeap,
        OptionalInt circuitOpenSeconds, int ldapDelayMillis, OptionalInt councils, Topology topology,
        LoadOrder loadOrder) {

    /** What the broker and stock realms run on; both always on the same Keycloak, so their ratio holds within it. */
    public enum Topology {
        /** One node, {@code start-dev} on an H2 file, plain HTTP on OS-chosen ports: what {@code ./broker.sh up} runs. */
        DEV("one dev-mode node, H2, theme caches on as in production"),
        /**
         * What {@code ./broker.sh up --cluster} runs (decision 0024): PostgreSQL 15, two nodes
         * {@code start --optimized}, HAProxy terminating TLS; the load goes through the front door.
         */
        CLUSTER("PostgreSQL, two nodes, HAProxy with TLS");

        private final String description;

        Topology(String description) {
            this.description = description;
        }

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public String describe() {
            return id() + ": " + description;
        }

        static Topology parse(String value) {
            return OptionValues.choice("--topology", value, values(), Topology::id);
        }
    }

    /** Users per generated council unless --users says otherwise: 33 councils then hold 66,000 in all. */
    static final int GENERATED_USERS = 2_000;

    public static final Set<String> GROUPS = Set.of("load", "resilience", "sync", "lifecycle");

    public static final String USAGE = """
            Usage: ./broker.sh bench [options]
               or: java -jar bench/target/borough-bench.jar suite [options]

            Starts six council directories with generated users, ONE Keycloak 26.7.3 with the Borough
            Broker extensions on ports the OS chooses, and two realms side by side: the broker realm
            (realms/borough) and a stock realm (Keycloak's built-in LDAP federation, one per council);
            drives the same load at both and writes results.md, results.json and PNG charts to --out.

              --users N            generated users per council (default 10000)
              --threads N          client threads (default 4)
              --seconds S          measured seconds per round, scenario and realm (default 10)
              --rounds N           rounds per scenario, the realm going first alternating (default 2)
              --scenario-warmup S  unmeasured seconds of each scenario on both realms before its first round, and
                                   again before each round (default 5)
              --warmup S           unmeasured mixed load on both realms before the first scenario (default 30)
              --before S           resilience: seconds before the fault (default 10)
              --during S           resilience: seconds with the fault (default 20)
              --after S            resilience: seconds after the directory is back (default 35; the broker's
                                   circuit stays open 30 s after the last failure)
              --slow-ms MS         resilience: the slow directory's delay per LDAP request (default 250)
              --outage-council ID  resilience: the council whose directory fails; it has two domain
                                   controllers in failover order throughout (default southwark)
              --connect-timeout-ms MS, --read-timeout-ms MS
                                   every council's LDAP timeouts, in both realms (default: the councils
                                   file's, 2000 and 5000)
              --scenarios LIST     comma-separated groups to run: load, resilience, sync, lifecycle (default all),
                                   or single scenarios by id, such as client-credentials or directory-hung
              --keycloak-heap OPTS Keycloak's heap, e.g. "-Xms1g -Xmx1g" (default: kc.sh's, -Xms64m -Xmx512m)
              --circuit-open-seconds S
                                   the broker's circuit-open time per council (default: the realm files', 30)
              --councils N         N generated councils (1-40: council-01 ... at council-NN.bench.example), each
                                   with its own directory of generated users, instead of the six demo
                                   councils; the report then has a "Scale in councils" section (start-up,
                                   restart with N federations, Keycloak RSS). Default users per council
                                   then 2000, and the outage council council-03 (or the last)
              --ldap-delay-ms MS   every directory answers each LDAP request MS later, throughout: the network
                                   to a council's domain controllers (default 0: loopback speed)
              --topology T         dev: one Keycloak node in development mode on an H2 file (default);
                                   cluster: the production topology of ./broker.sh up --cluster (PostgreSQL 15,
                                   two nodes, HAProxy with TLS: the load goes through the HTTPS front door). Needs
                                   Debian's postgresql-15 and haproxy, and the cluster's ports (18443, ...) free
              --load-order O       turns: each round loads one realm, then the other (default); together: each
                                   round loads both realms at once, each with its own --threads threads, so
                                   what else the machine does falls on both alike (steadier ratios; no
                                   directory requests per realm)
              --out DIR            results (default bench/target/bench)
              --home DIR           Keycloak's installation and data, wiped at each run (default bench/target/bench-home)
              --realms DIR         realm files (default realms)
            """;

    public static SuiteOptions defaults() {
        return new SuiteOptions(10_000, 4, 10, 2, 5, 30, 10, 20, 35, 250, "southwark", OptionalInt.empty(),
                OptionalInt.empty(), GROUPS, Path.of("bench", "target", "bench"), Path.of("bench", "target", "bench-home"),
                Path.of("realms"), null, OptionalInt.empty(), 0, OptionalInt.empty(), Topology.DEV, LoadOrder.TURNS);
    }

    /** A minute-scale run for the smoke test: every scenario, tiny and short. */
    public static SuiteOptions smoke(Path work, Path realms) {
        return new SuiteOptions(300, 2, 2, 1, 0, 2, 1, 2, 2, 100, "southwark", OptionalInt.of(1000), OptionalInt.of(1000),
                GROUPS, work.resolve("out"), work.resolve("home"), realms, null, OptionalInt.of(2), 0, OptionalInt.empty(),
                Topology.DEV, LoadOrder.TURNS);
    }

    /** Whether any scenario of the group runs: the whole group, or some of its scenarios by id. */
    public boolean runs(String group) {
        return groups.contains(group) || SCENARIOS.getOrDefault(group, List.of()).stream().anyMatch(groups::contains);
    }

    /** Whether this scenario of the group runs. */
    public boolean runs(String group, String scenario) {
        return groups.contains(group) || groups.contains(scenario);
    }

    /** The scenario ids of each group, which --scenarios also takes one by one. */
    static final java.util.Map<String, List<String>> SCENARIOS = java.util.Map.of(
            "load", List.of("first-login-first-council", "first-login-last-council", "returning-first-council",
                    "returning-last-council", "unknown-username", "unknown-domain", "browser-code-pkce",
                    "client-credentials", "refresh-token"),
            "resilience", List.of("directory-stopped", "directory-hung", "primary-dc-stopped", "directory-slow"),
            "sync", List.of(), "lifecycle", List.of("movers", "scim-delivery", "leavers"));

    /** Users signed in once before the scenarios, then used as returning users (60 of 10,000). */
    public int returningUsers() {
        return Math.max(1, Math.min(60, usersPerCouncil / 20));
    }

    /** @throws UsageException naming the option and the problem */
    public static SuiteOptions parse(List<String> args) {
        Builder b = new Builder(defaults());
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            boolean inline = arg.startsWith("--") && arg.contains("=");
            String name = inline ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!NAMES.contains(name)) {
                throw new UsageException("unknown option '" + name + "' (options: " + String.join(", ", NAMES) + ")");
            }
            String value;
            if (inline) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                throw new UsageException("option " + name + " needs a value");
            }
            b.set(name, value);
        }
        return b.build();
    }

    private static final List<String> NAMES = List.of("--users", "--threads", "--seconds", "--rounds", "--scenario-warmup",
            "--warmup", "--before", "--during", "--after", "--slow-ms", "--outage-council", "--connect-timeout-ms",
            "--read-timeout-ms", "--scenarios", "--keycloak-heap", "--circuit-open-seconds", "--councils", "--ldap-delay-ms", "--topology", "--load-order",
            "--out", "--home", "--realms");

    /** Mutable while the command line is read; the record is what the suite sees. */
    private static final class Builder {
        private int users;
        private int threads;
        private int seconds;
        private int rounds;
        private int scenarioWarmup;
        private int warmup;
        private int before;
        private int during;
        private int after;
        private int slowMillis;
        private String outageCouncil;
        private OptionalInt connectTimeout;
        private OptionalInt readTimeout;
        private Set<String> groups;
        private Path out;
        private Path home;
        private Path realms;
        private String heap;
        private OptionalInt circuit;
        private OptionalInt councils;
        private int ldapDelay;
        private Topology topology;
        private LoadOrder loadOrder;
        private boolean usersSet;
        private boolean outageSet;

        Builder(SuiteOptions o) {
            users = o.usersPerCouncil;
            threads = o.threads;
            seconds = o.seconds;
            rounds = o.rounds;
            scenarioWarmup = o.scenarioWarmup;
            warmup = o.warmup;
            before = o.before;
            during = o.during;
            after = o.after;
            slowMillis = o.slowMillis;
            outageCouncil = o.outageCouncil;
            connectTimeout = o.connectTimeoutMillis;
            readTimeout = o.readTimeoutMillis;
            groups = o.groups;
            out = o.out;
            home = o.home;
            realms = o.realms;
            heap = o.keycloakHeap;
            circuit = o.circuitOpenSeconds;
            councils = o.councils;
            ldapDelay = o.ldapDelayMillis;
            topology = o.topology;
            loadOrder = o.loadOrder;
        }

        void set(String name, String v) {
            switch (name) {
                case "--users" -> {
                    users = OptionValues.number(name, v, 10, 200_000);
                    usersSet = true;
                }
                case "--threads" -> threads = OptionValues.number(name, v, 1, 64);
                case "--seconds" -> seconds = OptionValues.number(name, v, 1, 600);
                case "--rounds" -> rounds = OptionValues.number(name, v, 1, 10);
                case "--scenario-warmup" -> scenarioWarmup = OptionValues.number(name, v, 0, 300);
                case "--warmup" -> warmup = OptionValues.number(name, v, 0, 600);
                case "--before" -> before = OptionValues.number(name, v, 1, 600);
                case "--during" -> during = OptionValues.number(name, v, 1, 600);
                case "--after" -> after = OptionValues.number(name, v, 1, 600);
                case "--slow-ms" -> slowMillis = OptionValues.number(name, v, 1, 60_000);
                case "--outage-council" -> {
                    outageCouncil = OptionValues.councilId(v);
                    outageSet = true;
                }
                case "--ldap-delay-ms" -> ldapDelay = OptionValues.number(name, v, 0, 1_000);
                case "--councils" -> councils = OptionalInt.of(OptionValues.number(name, v, 1, BenchCouncils.MAX_GENERATED));
                case "--connect-timeout-ms" -> connectTimeout = OptionalInt.of(OptionValues.number(name, v, 100, 60_000));
                case "--read-timeout-ms" -> readTimeout = OptionalInt.of(OptionValues.number(name, v, 100, 60_000));
                case "--scenarios" -> groups = OptionValues.groups(v);
                case "--keycloak-heap" -> heap = OptionValues.heap(v);
                case "--circuit-open-seconds" -> circuit = OptionalInt.of(OptionValues.number(name, v, 1, 3_600));
                case "--topology" -> topology = Topology.parse(v);
                case "--load-order" -> loadOrder = LoadOrder.parse(v);
                case "--out" -> out = OptionValues.path(name, v);
                case "--home" -> home = OptionValues.path(name, v);
                case "--realms" -> realms = OptionValues.path(name, v);
                default -> throw new UsageException("unknown option '" + name + "'");
            }
        }

        SuiteOptions build() {
            if (topology == Topology.CLUSTER && heap != null) {
                // The nodes take kc.sh's heap like the image's; one setting for both would hide which.
                throw new UsageException("--keycloak-heap applies to --topology dev only: the cluster's nodes run with "
                        + "kc.sh's default heap, as the image does");
            }
            if (councils.isPresent()) {
                users = usersSet ? users : GENERATED_USERS;
                outageCouncil = outageSet ? outageCouncil : BenchCouncils.id(Math.min(3, councils.getAsInt()));
            }
            return new SuiteOptions(users, threads, seconds, rounds, scenarioWarmup, warmup, before, during, after, slowMillis,
                    outageCouncil, connectTimeout, readTimeout, groups, out, home, realms, heap, circuit, ldapDelay,
                    councils, topology, loadOrder);
        }
    }
}
