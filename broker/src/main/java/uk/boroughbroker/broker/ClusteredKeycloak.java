package uk.boroughbroker.broker;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import uk.boroughbroker.broker.cluster.Cluster;
import uk.boroughbroker.broker.cluster.ClusterPorts;
import uk.boroughbroker.broker.cluster.FrontDoor;
import uk.boroughbroker.realms.AdminApi;

/**
 * The production topology started from code, for tools that compare on it (the benchmark's
 * {@code --topology cluster}): what {@code ./broker.sh up --cluster} starts (PostgreSQL, two nodes
 * built with docker/conf/keycloak.conf, HAProxy with TLS), in a home the caller names, with the
 * same secrets and the same Keycloak as {@link EmbeddedKeycloak} gives a single node.
 *
 * <p>The cluster's ports are the fixed ones of {@link ClusterPorts#defaults()}: one cluster per
 * machine, so a bench run and {@code up --cluster} exclude each other, and the start says so.
 *
 * <pre>{@code
 * try (ClusteredKeycloak keycloak = ClusteredKeycloak.start(Path.of("bench/target/bench-home"), true, System.out::println)) {
 *     new RealmApplier(keycloak.admin()).apply(realm);   // through node 1, on loopback
 *     keycloak.baseUrl();                                // https://localhost:18443, the front door
 * }
 * }</pre>
 */
public final class ClusteredKeycloak implements RunningKeycloak {

    private final Cluster cluster;
    private final BrokerSecrets secrets;
    private final BuildInfo build;

    private ClusteredKeycloak(Cluster cluster, BrokerSecrets secrets, BuildInfo build) {
        this.cluster = cluster;
        this.secrets = secrets;
        this.build = build;
    }

    /**
     * @param home      the cluster goes in {@code <home>/cluster}, as the launcher's does
     * @param freshData delete the cluster's database first, so realms and users start from nothing
     *                  (the installation and its build are kept)
     * @throws uk.boroughbroker.broker.cluster.ClusterException naming what is missing or taken (a
     *         Debian package, a port), or the end of the log of what failed to start
     */
    public static ClusteredKeycloak start(Path home, boolean freshData, Consumer<String> progress) {
        Path dir = clusterDir(home);
        if (freshData) {
            try {
                // A database left running by a killed run would hold the port and the files.
                Cluster.stopDatabase(dir);
                KeycloakInstallation.deleteTree(dir.resolve("postgres"));
            } catch (IOException e) {
                throw new BrokerException("Cannot delete the cluster's database in " + dir + ": " + e.getMessage(), e);
            }
        }
        BuildInfo build = BuildInfo.load();
        BrokerSecrets secrets = BrokerSecrets.loadOrCreate(home);
        return new ClusteredKeycloak(startCluster(home, build, secrets, progress, (name, process) -> { }), secrets, build);
    }

    /**
     * The one way a cluster is started from a broker home, by the launcher and by this class: its own
     * Keycloak installation under {@code <home>/cluster/} (never the dev-mode one: its build would
     * change it), the default ports, the bootstrap admin from the home's secrets.
     *
     * @param launched told of each long-running child as soon as it is launched (the launcher's pid files)
     */
    static Cluster startCluster(Path home, BuildInfo build, BrokerSecrets secrets, Consumer<String> progress,
            BiConsumer<String, ProcessHandle> launched) {
        Path dir = clusterDir(home);
        KeycloakInstallation installation = KeycloakInstallation.prepare(dir, build);
        if (installation.unpacked()) {
            progress.accept("Unpacked Keycloak " + build.keycloakVersion() + " for the cluster into " + installation.dir());
        }
        return Cluster.start(new Cluster.Settings(dir, installation.dir(), ClusterPorts.defaults(),
                KeycloakProcess.bootstrapAdmin(secrets), progress, EmbeddedKeycloak.START_TIMEOUT, launched));
    }

    /** Where a broker home keeps its cluster: database, installation, node homes, certificates, logs. */
    private static Path clusterDir(Path home) {
        return home.toAbsolutePath().normalize().resolve(ClusterMode.DIR);
    }

    /** The HTTPS front door: what clients (and the issuer) use. */
    @Override
    public String baseUrl() {
        return cluster.frontDoor();
    }

    /** The Admin REST API on node 1, over loopback HTTP (not through the front door). */
    @Override
    public AdminApi admin() {
        return secrets.admin(cluster.firstNodeUrl());
    }

    /** A client for the front door that trusts only the cluster's test CA. */
    @Override
    public HttpClient.Builder httpClient() {
        return FrontDoor.clientBuilder(cluster.caCertificate());
    }

    public Path caCertificate() {
        return cluster.caCertificate();
    }

    /** The generated secret of {@code borough-demo-service}. */
    @Override
    public String serviceSecret() {
        return secrets.demoServiceSecret();
    }

    /** Every confidential demo client's generated secret, by the realm files' variable for it. */
    @Override
    public Map<String, String> clientSecrets() {
        return secrets.clientSecrets();
    }

    @Override
    public String keycloakVersion() {
        return build.keycloakVersion();
    }

    /** Whether this start ran {@code kc.sh build}. */
    @Override
    public boolean rebuilt() {
        return cluster.rebuilt();
    }

    /** Each node's server JVM (not its kc.sh), for resource measurements; a stopped node is left out. */
    @Override
    public List<ProcessHandle> serverProcesses() {
        return cluster.nodes().stream().map(Cluster.NodeInfo::serverPid).filter(pid -> pid > 0)
                .map(ProcessHandle::of).flatMap(Optional::stream).toList();
    }

    /** Node 1's log, for error messages; the others are beside it. */
    @Override
    public Path log() {
        return cluster.nodes().get(0).log();
    }

    /** HAProxy, the nodes, then PostgreSQL. */
    @Override
    public void close() {
        cluster.close();
    }
}
