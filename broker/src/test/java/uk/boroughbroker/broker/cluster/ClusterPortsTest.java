package uk.boroughbroker.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ClusterPorts")
class ClusterPortsTest {

    @Test
    @DisplayName("never use the single broker's or the test framework's ports (8080, 9000)")
    void stayClearOfTheSingleBroker() {
        assertThat(ClusterPorts.defaults().byPurpose()).doesNotContainKeys(8080, 9000).hasSize(10);
    }

    @Test
    @DisplayName("include JGroups' failure detection port (bind port + 50000, mod 65536)")
    void includeFailureDetection() {
        assertThat(ClusterPorts.defaults().byPurpose()).containsEntry(2264, "node 1 JGroups failure detection")
                .containsEntry(2265, "node 2 JGroups failure detection");
    }

    @Test
    @DisplayName("a taken port is named with what it is for, before anything starts")
    void namesATakenPort() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
            int port = taken.getLocalPort();
            ClusterPorts ports = new ClusterPorts(port, 1, List.of(new ClusterPorts.Node(2, 3, 4), new ClusterPorts.Node(5, 6, 7)));

            assertThatThrownBy(ports::requireFree).isInstanceOf(ClusterException.class)
                    .hasMessageContaining("port " + port + " (HAProxy's HTTPS front door) is in use");
        }
    }

    @Test
    @DisplayName("a port used twice is refused")
    void refuseDuplicates() {
        ClusterPorts ports = new ClusterPorts(40001, 40002, List.of(new ClusterPorts.Node(40003, 40004, 40005),
                new ClusterPorts.Node(40003, 40006, 40007)));

        assertThatThrownBy(ports::requireFree).hasMessageContaining("must all differ");
    }

    @Test
    @DisplayName("a cluster has at least two nodes")
    void atLeastTwoNodes() {
        assertThatThrownBy(() -> new ClusterPorts(1, 2, List.of(new ClusterPorts.Node(3, 4, 5))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
