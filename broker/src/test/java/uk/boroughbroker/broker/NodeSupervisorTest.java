package uk.boroughbroker.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import uk.boroughbroker.broker.NodeSupervisor.Action;

@DisplayName("NodeSupervisor: when up --cluster restarts a node that stopped on its own")
class NodeSupervisorTest {

    static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    static final NodeSupervisor.Policy POLICY = new NodeSupervisor.Policy(Duration.ofSeconds(5), 3, Duration.ofMinutes(10));

    final NodeSupervisor supervisor = new NodeSupervisor(POLICY);

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /** The node stops at {@code second}, is restarted after the pause, and runs again. */
    void crashAndRestart(int node, long second) {
        assertThat(supervisor.observe(node, false, at(second)).action()).isEqualTo(Action.REPORT);
        assertThat(supervisor.observe(node, false, at(second + 5)).action()).isEqualTo(Action.RESTART);
        assertThat(supervisor.observe(node, true, at(second + 20)).action()).isEqualTo(Action.NOTHING);
    }

    @Test
    @DisplayName("a running node is left alone")
    void running() {
        assertThat(supervisor.observe(1, true, at(0)).action()).isEqualTo(Action.NOTHING);
        assertThat(supervisor.givenUp(1)).isFalse();
    }

    @Nested
    @DisplayName("a node that stops")
    class AStop {

        @Test
        @DisplayName("is reported once, as attempt 1 of 3, the moment it is seen")
        void reportedOnce() {
            assertThat(supervisor.observe(2, false, at(0))).isEqualTo(new NodeSupervisor.Decision(Action.REPORT, 1));
            assertThat(supervisor.observe(2, false, at(1)).action()).isEqualTo(Action.NOTHING);
        }

        @Test
        @DisplayName("is restarted once the pause has passed, not before")
        void restartedAfterThePause() {
            supervisor.observe(2, false, at(0));

            assertThat(supervisor.observe(2, false, at(4)).action()).isEqualTo(Action.NOTHING);
            assertThat(supervisor.observe(2, false, at(5))).isEqualTo(new NodeSupervisor.Decision(Action.RESTART, 1));
        }

        @Test
        @DisplayName("whose restart failed is reported again as the next attempt")
        void failedRestartCounts() {
            supervisor.observe(2, false, at(0));
            supervisor.observe(2, false, at(5));

            assertThat(supervisor.observe(2, false, at(30))).isEqualTo(new NodeSupervisor.Decision(Action.REPORT, 2));
        }

        @Test
        @DisplayName("does not make another node wait: each node has its own pause and count")
        void perNode() {
            supervisor.observe(1, false, at(0));
            crashAndRestart(2, 1);

            assertThat(supervisor.observe(1, false, at(5)).action()).isEqualTo(Action.RESTART);
        }
    }

    @Nested
    @DisplayName("a node that keeps stopping")
    class KeepsStopping {

        @Test
        @DisplayName("is given up on at its 4th stop within 10 minutes, reported once, and then left down")
        void givenUp() {
            crashAndRestart(1, 0);
            crashAndRestart(1, 60);
            crashAndRestart(1, 120);

            assertThat(supervisor.observe(1, false, at(180))).isEqualTo(new NodeSupervisor.Decision(Action.GIVE_UP, 4));
            assertThat(supervisor.givenUp(1)).isTrue();
            assertThat(supervisor.observe(1, false, at(400)).action()).isEqualTo(Action.NOTHING);
            assertThat(supervisor.givenUp(2)).isFalse();
        }

        @Test
        @DisplayName("is restarted again when its earlier restarts are older than the window")
        void oldRestartsForgotten() {
            crashAndRestart(1, 0);
            crashAndRestart(1, 60);
            crashAndRestart(1, 120);

            assertThat(supervisor.observe(1, false, at(606))).isEqualTo(new NodeSupervisor.Decision(Action.REPORT, 3));
        }
    }

    @Test
    @DisplayName("the default is systemd-like: 5 s pause, 3 restarts in 10 minutes")
    void defaults() {
        assertThat(NodeSupervisor.Policy.DEFAULT).isEqualTo(POLICY);
    }
}
