package uk.boroughbroker.broker;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import uk.boroughbroker.broker.process.ChildProcess;
import uk.boroughbroker.directory.DemoDirectories;
import uk.boroughbroker.directory.samba.RealAdDemo;
import uk.boroughbroker.directory.samba.SambaSupport;
import uk.boroughbroker.realms.Councils;
import uk.boroughbroker.realms.RealmApplier;
import uk.boroughbroker.realms.RealmDefinition;
import uk.boroughbroker.realms.Variables;

/**
 * {@code broker up}: the demo council directories, Keycloak with the Borough Broker extensions, and
 * the realm applied from the realm files; then waits until Ctrl-C or {@code broker down}, and leaves
 * no process behind.
 */
final class Launcher {

    /** Password of the generated load-test users (--load-users); public like all demo data. */
    static final String LOAD_USER_PASSWORD = "LoadTest!2026";

    private final UpOptions options;
    private final PrintStream out;
    private final RunFiles run;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile DemoDirectories directories;
    private volatile RealAdDemo realAd;
    /** Cluster mode's PostgreSQL, nodes and HAProxy, once started (decision 0024). */
    private volatile ClusterMode cluster;
    /** Keycloak's process from the moment it is launched, so that a stop during its start stops it too. */
    private volatile ProcessHandle keycloakProcess;

    Launcher(UpOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.run = new RunFiles(options.home());
    }

    /** @return the process exit code: 0 after a requested stop, 1 when Keycloak died on its own */
    int up() {
        Instant started = Instant.now();
        run.alive("broker").ifPresent(p -> {
            throw new BrokerException("A broker is already running from " + options.home() + " (pid " + p.pid()
                    + "). Stop it with ./broker.sh down");
        });
        Path demo = options.realms().resolve("demo");
        Path realmDir = options.realms().resolve("borough");
        if (!Files.isDirectory(demo) || !Files.isDirectory(realmDir)) {
            throw new BrokerException("No realm files at " + options.realms().toAbsolutePath()
                    + " (expected borough/ and demo/ inside). Run from the project folder, or pass --realms <folder>");
        }
        if (!options.cluster()) {
            // The cluster checks its own ports, before it starts anything.
            Ports.requireFree(options.httpPort(), "Keycloak HTTP", "--http-port");
            Ports.requireFree(options.managementPort(), "Keycloak management and health", "--management-port");
        }
        BuildInfo build = BuildInfo.load();
        BrokerSecrets secrets = BrokerSecrets.loadOrCreate(options.home());

        Thread hook = new Thread(this::stop, "borough-broker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        run.write("broker", ProcessHandle.current().pid());
        try {
            return serve(started, demo, realmDir, build, secrets, hook);
        } catch (RuntimeException e) {
            // Leave nothing half-started behind; the caller prints the error.
            stop();
            throw e;
        }
    }

    private int serve(Instant started, Path demo, Path realmDir, BuildInfo build, BrokerSecrets secrets, Thread hook) {

        Map<String, String> values = new HashMap<>();
        Map<String, Banner.Directory> shown = new LinkedHashMap<>();
        Path councilsFile;
        Instant directoriesStarted = Instant.now();
        if (options.realAd()) {
            SambaSupport.unavailableReason().ifPresent(reason -> {
                throw new BrokerException("--real-ad needs Samba's AD domain controller, and root: " + reason);
            });
            out.println("Starting real Active Directory domain controllers (Samba AD DC): brent on 127.0.0.11, "
                    + "lewisham on 127.0.0.12...");
            realAd = RealAdDemo.start(options.realms(), options.home().resolve("samba"));
            values.putAll(realAd.variables());
            councilsFile = options.realms().resolve("real-ad").resolve("councils.yaml");
            realAd.urls().forEach((id, url) -> shown.put(id, new Banner.Directory(url,
                    DemoSignIns.read(id, demo.resolve(id + ".ldif")).people().size())));
            out.printf("Domain controllers up in %.1f s%n", Duration.between(directoriesStarted, Instant.now()).toMillis() / 1000.0);
        } else {
            out.printf("Starting the demo council directories%s...%n",
                    options.loadUsers() > 0 ? " with " + options.loadUsers() + " extra users each" : "");
            directories = DemoDirectories.start(demo, options.ldapPort(), options.loadUsers(),
                    options.loadUsers() > 0 ? LOAD_USER_PASSWORD : null);
            out.printf("Council directories up: %d councils, %d users, in %.1f s%n", directories.councils().size(),
                    directories.councils().values().stream().mapToInt(d -> d.userCount()).sum(),
                    Duration.between(directoriesStarted, Instant.now()).toMillis() / 1000.0);
            values.putAll(directories.variables());
            councilsFile = demo.resolve("councils.yaml");
            directories.councils().forEach((id, d) -> shown.put(id, new Banner.Directory(d.url(), d.userCount())));
        }
        values.putAll(secrets.clientSecrets());
        // The single node serves the demo's borough system too; the cluster is the production build.
        DemoHousingSystem housing = options.cluster() ? null
                : DemoHousingSystem.prepare(options.home(), options.baseUrl(), secrets);
        if (housing != null) {
            values.putAll(housing.variables());
        }
        Variables variables = Variables.of(values);
        RealmDefinition realm = RealmDefinition.forCouncils(realmDir, councilsFile, variables);
        Councils councils = realm.councils();
        List<DemoSignIns> signIns = new ArrayList<>();
        for (String id : councils.ids()) {
            if (Files.exists(demo.resolve(id + ".ldif"))) {
                signIns.add(DemoSignIns.read(id, demo.resolve(id + ".ldif")));
            }
        }

        if (options.cluster()) {
            return serveCluster(started, build, secrets, hook, realm, councilsFile, values, shown, signIns);
        }
        EmbeddedKeycloak keycloak = EmbeddedKeycloak.builder(options.home())
                .ports(options.httpPort(), options.managementPort())
                .features(DemoHousingSystem.FEATURE)
                .progress(out::println)
                .whenLaunched(process -> {
                    keycloakProcess = process;
                    run.write("keycloak", process.pid());
                })
                .start();
        Path log = keycloak.log();

        if (housing.ensure(keycloak.admin())) {
            out.println("Created realm " + DemoHousingSystem.REALM
                    + " (Keycloak's SCIM API): the demo's housing system");
        }
        RealmApplier applier = new RealmApplier(keycloak.admin());
        List<String> changes = applier.apply(realm);
        new RunState(options.baseUrl(), realm.realmName(), options.realms(), councilsFile, values)
                .save(options.home());
        changes.forEach(change -> out.println("Realm: " + change));
        // A council taken out of the councils file is kept until councils apply --prune (decision 0031).
        applier.notices().forEach(notice -> out.println("Realm, not changed: " + notice));
        Banner.print(out, options, build, realm.realmName(), councils, shown, signIns, secrets, housing.banner(), log,
                Duration.between(started, Instant.now()));

        while (!keycloak.waitForExit(Duration.ofSeconds(1))) {
            // Serving until Ctrl-C / broker down (the shutdown hook stops everything) or Keycloak exits.
        }
        if (stopped.get()) {
            return 0;
        }
        out.println("Keycloak exited on its own (exit code " + keycloak.exitValue() + "). End of " + log + ":");
        out.println(keycloak.tail(20));
        stop();
        Runtime.getRuntime().removeShutdownHook(hook);
        return 1;
    }

    /** {@code up --cluster}: the same realm and directories, served by the production topology. */
    private int serveCluster(Instant started, BuildInfo build, BrokerSecrets secrets, Thread hook, RealmDefinition realm,
            Path councilsFile, Map<String, String> values, Map<String, Banner.Directory> shown, List<DemoSignIns> signIns) {
        cluster = ClusterMode.start(options.home(), build, secrets, run, out);
        RealmApplier applier = new RealmApplier(secrets.admin(cluster.adminUrl()));
        List<String> changes = applier.apply(realm);
        new RunState(cluster.adminUrl(), realm.realmName(), options.realms(), councilsFile, values).save(options.home());
        changes.forEach(change -> out.println("Realm: " + change));
        applier.notices().forEach(notice -> out.println("Realm, not changed: " + notice));
        ClusterBanner.print(out, options.home(), ClusterBanner.Topology.of(cluster.cluster()), build, realm.realmName(),
                realm.councils(), shown, signIns, secrets, options.realAd(), Duration.between(started, Instant.now()));
        while (!cluster.waitForEnd(Duration.ofSeconds(1))) {
            // Serving until Ctrl-C / broker down, or until HAProxy has stopped or every node is down for good.
        }
        if (stopped.get()) {
            return 0;
        }
        out.println("The cluster can no longer serve (HAProxy stopped, or every node stopped and was not restarted). Logs: " + cluster.cluster().logs());
        stop();
        Runtime.getRuntime().removeShutdownHook(hook);
        return 1;
    }

    /** Stops Keycloak, then the directories; safe to call more than once and from the shutdown hook. */
    void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        out.println();
        out.println("Stopping Borough Broker...");
        ClusterMode running = cluster;
        if (running != null) {
            running.close();
        } else if (options.cluster()) {
            // Stopped while the cluster was starting: whatever it had launched (and its database).
            ClusterMode.stopLeftovers(options.home(), run);
        }
        ProcessHandle kc = keycloakProcess;
        if (kc != null) {
            ChildProcess.stopTree(kc, EmbeddedKeycloak.STOP_GRACE);
        }
        DemoDirectories dirs = directories;
        if (dirs != null) {
            dirs.close();
        }
        RealAdDemo domains = realAd;
        if (domains != null) {
            domains.close();
        }
        RunState.delete(options.home());
        run.delete("keycloak");
        run.delete("broker");
        out.println("Borough Broker stopped.");
        out.flush();
    }
}
