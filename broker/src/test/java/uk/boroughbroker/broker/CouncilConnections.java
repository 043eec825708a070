package uk.boroughbroker.broker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import uk.boroughbroker.broker.cluster.Cluster;

/**
 * Which councils a node holds directory connections for, read from its management endpoint: a
 * council's circuit gauge is registered with its connection and removed when the connection closes
 * (DirectoryMeters), so the node's {@code /metrics} says what it holds.
 */
final class CouncilConnections {

    private static final Pattern CIRCUIT = Pattern.compile(
            "^borough_directory_circuit_state\\{council=\"([^\"]+)\",realm=\"borough\",?}", Pattern.MULTILINE);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private CouncilConnections() {
    }

    static Set<String> held(Cluster.NodeInfo node) throws IOException, InterruptedException {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(node.managementUrl() + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = CIRCUIT.matcher(metrics);
        return m.results().map(r -> r.group(1)).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Polls the node every 250 ms until what it holds passes the test, or the bound runs out. */
    static Optional<Set<String>> await(Cluster.NodeInfo node, Predicate<Set<String>> until, Duration bound)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(bound);
        while (true) {
            Set<String> held = held(node);
            if (until.test(held)) {
                return Optional.of(held);
            }
            if (Instant.now().isAfter(deadline)) {
                return Optional.empty();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
    }
}
