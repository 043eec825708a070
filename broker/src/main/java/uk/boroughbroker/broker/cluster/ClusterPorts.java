package uk.boroughbroker.broker.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loopback ports of the cluster: HAProxy's HTTPS front door, PostgreSQL, and per node its
 * HTTP, management (health, metrics) and JGroups ports. None is 8080 or 9000, which belong to
 * {@code ./broker.sh up} and the integration tests, so a cluster runs beside them.
 */
public record ClusterPorts(int frontDoor, int postgres, List<Node> nodes) {

    /** One node's ports. */
    public record Node(int http, int management, int jgroups) {

        /**
         * JGroups' FD_SOCK2 failure detection listens on the bind port + 50000 (mod 65536): 17800
         * gives 2264. It must be free too.
         */
        int failureDetection() {
            return (jgroups + 50_000) % 65_536;
        }
    }

    public ClusterPorts {
        nodes = List.copyOf(nodes);
        if (nodes.size() < 2) {
            throw new IllegalArgumentException("a cluster has at least two nodes, got " + nodes.size());
        }
    }

    /** The ports of the production-topology notes: 18443, 15432, nodes 18081-2, 19001-2, 17800-1. */
    public static ClusterPorts defaults() {
        return new ClusterPorts(18443, 15432, List.of(new Node(18081, 19001, 17800), new Node(18082, 19002, 17801)));
    }

    /** Every port by what it is for, in the words of an error message. */
    Map<Integer, String> byPurpose() {
        Map<Integer, String> all = new LinkedHashMap<>();
        all.put(frontDoor, "HAProxy's HTTPS front door");
        all.put(postgres, "PostgreSQL");
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            String node = "node " + (i + 1);
            all.put(n.http(), node + " HTTP");
            all.put(n.management(), node + " health and metrics");
            all.put(n.jgroups(), node + " JGroups clustering");
            all.put(n.failureDetection(), node + " JGroups failure detection");
        }
        return all;
    }

    /** Fails naming every port that is taken (or used twice), before anything starts. */
    void requireFree() {
        List<String> problems = new ArrayList<>();
        Map<Integer, String> purposes = byPurpose();
        int expected = 2 + 4 * nodes.size();
        if (purposes.size() != expected) {
            problems.add("the cluster's ports must all differ: " + this);
        }
        purposes.forEach((port, what) -> {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port));
            } catch (IOException e) {
                problems.add("port " + port + " (" + what + ") is in use by another program");
            }
        });
        if (!problems.isEmpty()) {
            throw new ClusterException("Cannot start the cluster: " + String.join("; ", problems)
                    + ". Is a cluster already running? Stop it with ./broker.sh down");
        }
    }
}
