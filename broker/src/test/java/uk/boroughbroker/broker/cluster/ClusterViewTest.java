package uk.boroughbroker.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("ClusterView: which node coordinates the JGroups view, from the nodes' logs")
class ClusterViewTest {

    // Lines as Keycloak 26.7.3 logs them (node 1 started alone, then node 2 joined).
    static final String NODE1 = """
            2026-12-05 06:41:06,082 INFO  [org.infinispan.CLUSTER] (executor-thread-1) ISPN000078: Starting JGroups channel `ISPN` with stack `jdbc-ping`
            2026-12-05 06:41:06,171 INFO  [org.infinispan.CLUSTER] (executor-thread-1) ISPN000094: Received new cluster view for channel ISPN: [vm-64566(v=16.0.14)|0] (1) [vm-64566(v=16.0.14)]
            2026-12-05 06:41:06,234 INFO  [org.infinispan.CLUSTER] (executor-thread-1) ISPN000079: Channel `ISPN` local address is `vm-64566`, physical addresses are `[127.0.0.1:17800]`
            2026-12-05 06:41:17,013 INFO  [org.infinispan.CLUSTER] (jgroups-5,vm-64566(v=16.0.14)) ISPN000094: Received new cluster view for channel ISPN: [vm-64566(v=16.0.14)|1] (2) [vm-64566(v=16.0.14), vm-20240(v=16.0.14)]
            """;
    static final String NODE2 = """
            2026-12-05 06:41:16,775 INFO  [org.infinispan.CLUSTER] (executor-thread-1) ISPN000078: Starting JGroups channel `ISPN` with stack `jdbc-ping`
            2026-12-05 06:41:17,126 INFO  [org.infinispan.CLUSTER] (executor-thread-1) ISPN000094: Received new cluster view for channel ISPN: [vm-64566(v=16.0.14)|1] (2) [vm-64566(v=16.0.14), vm-20240(v=16.0.14)]
            2026-12-05 06:41:17,200 INFO  [org.infinispan.CLUSTER] (executor-thread-1) ISPN000079: Channel `ISPN` local address is `vm-20240`, physical addresses are `[127.0.0.1:17801]`
            """;
    /** Node 1 killed: node 2 takes over; node 1 restarted under a new name joins behind it. */
    static final String NODE2_AFTER = NODE2 + """
            2026-12-05 06:42:01,500 INFO  [org.infinispan.CLUSTER] (jgroups-9,vm-20240(v=16.0.14)) ISPN000094: Received new cluster view for channel ISPN: [vm-20240(v=16.0.14)|2] (1) [vm-20240(v=16.0.14)]
            2026-12-05 06:42:20,100 INFO  [org.infinispan.CLUSTER] (jgroups-3,vm-20240(v=16.0.14)) ISPN000094: Received new cluster view for channel ISPN: [vm-20240(v=16.0.14)|3] (2) [vm-20240(v=16.0.14), vm-51234(v=16.0.14)]
            """;
    static final String NODE1_RESTARTED = NODE1 + """
            2026-12-05 06:42:19,900 INFO  [org.infinispan.CLUSTER] (executor-thread-1) ISPN000078: Starting JGroups channel `ISPN` with stack `jdbc-ping`
            2026-12-05 06:42:20,150 INFO  [org.infinispan.CLUSTER] (executor-thread-1) ISPN000094: Received new cluster view for channel ISPN: [vm-20240(v=16.0.14)|3] (2) [vm-20240(v=16.0.14), vm-51234(v=16.0.14)]
            2026-12-05 06:42:20,210 INFO  [org.infinispan.CLUSTER] (executor-thread-1) ISPN000079: Channel `ISPN` local address is `vm-51234`, physical addresses are `[127.0.0.1:17800]`
            """;

    static ClusterView.NodeLog log(String text) {
        return ClusterView.NodeLog.parse(text.lines());
    }

    @Test
    @DisplayName("reads the node's own name and its latest view, coordinator first")
    void readsNameAndView() {
        ClusterView.NodeLog node1 = log(NODE1);

        assertThat(node1.name()).contains("vm-64566");
        assertThat(node1.view()).contains(new ClusterView(1, java.util.List.of("vm-64566", "vm-20240")));
        assertThat(node1.view().orElseThrow().coordinator()).isEqualTo("vm-64566");
    }

    @Test
    @DisplayName("the first node started coordinates the two")
    void firstNodeCoordinates() {
        assertThat(ClusterView.coordinator(Map.of(1, log(NODE1), 2, log(NODE2)))).contains(1);
    }

    @Test
    @DisplayName("after the coordinator was killed and restarted, the survivor coordinates (newest view, newest names)")
    void survivorCoordinatesAfterARestart() {
        assertThat(ClusterView.coordinator(Map.of(1, log(NODE1_RESTARTED), 2, log(NODE2_AFTER)))).contains(2);
        assertThat(ClusterView.coordinator(Map.of(2, log(NODE2_AFTER)))).contains(2);
    }

    @Test
    @DisplayName("says nothing while no channel has started, or when the coordinator is no running node")
    void nothingYet() {
        assertThat(ClusterView.coordinator(Map.of(1, log("Keycloak starting\n")))).isEmpty();
        assertThat(ClusterView.coordinator(Map.of(2, log(NODE2)))).as("node 1 is not running").isEmpty();
        assertThat(log("")).isEqualTo(new ClusterView.NodeLog(Optional.empty(), Optional.empty()));
    }

    @Test
    @DisplayName("reads a log file, and a missing one as empty")
    void readsFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("node1.log");
        Files.writeString(file, NODE1);

        assertThat(ClusterView.NodeLog.read(file).name()).contains("vm-64566");
        assertThat(ClusterView.NodeLog.read(dir.resolve("none.log")).view()).isEmpty();
        assertThat(Stream.of(NODE1, NODE2).map(ClusterViewTest::log).map(n -> n.view().orElseThrow().id()))
                .containsExactly(1L, 1L);
    }
}
