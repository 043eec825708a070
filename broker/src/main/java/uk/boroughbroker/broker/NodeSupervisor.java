package uk.boroughbroker.broker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * When {@code up --cluster} restarts a node that stopped without being asked to, as a service
 * manager would (systemd's {@code Restart=on-failure} with {@code RestartSec} and a start limit):
 * after a short pause, and at most a few times in a window, so a node that cannot start (a broken
 * database, a full disk) is not restarted for ever. Only the decision lives here, fed with the
 * time, so it is tested without processes; {@link ClusterMode} acts on it.
 */
final class NodeSupervisor {

    /**
     * @param pause    how long after the stop was seen the node is started again (systemd's RestartSec)
     * @param attempts restarts allowed within {@code window}; one more stop in it and the node stays down
     */
    record Policy(Duration pause, int attempts, Duration window) {

        /** 5 s, 3 restarts in 10 minutes: a crash is retried, a node that keeps dying is left for the operator. */
        static final Policy DEFAULT = new Policy(Duration.ofSeconds(5), 3, Duration.ofMinutes(10));
    }

    /** What to do about one node now. */
    enum Action {
        /** Running, or waiting for the pause to pass, or already given up on. */
        NOTHING,
        /** Just seen stopped: tell the operator, it restarts after the pause. */
        REPORT,
        /** The pause has passed: start it again. */
        RESTART,
        /** Stopped again after the allowed restarts: tell the operator, leave it down. */
        GIVE_UP
    }

    /** @param attempt which restart this is (1 for the first), for the operator's message */
    record Decision(Action action, int attempt) {
    }

    private static final class Node {
        Instant stoppedAt;
        final Deque<Instant> restarts = new ArrayDeque<>();
        boolean givenUp;
    }

    private final Policy policy;
    private final Map<Integer, Node> nodes = new HashMap<>();

    NodeSupervisor(Policy policy) {
        this.policy = policy;
    }

    Policy policy() {
        return policy;
    }

    /** Called at each look at a node the launcher did not stop itself. */
    Decision observe(int number, boolean running, Instant now) {
        Node node = nodes.computeIfAbsent(number, n -> new Node());
        while (!node.restarts.isEmpty() && node.restarts.peekFirst().isBefore(now.minus(policy.window()))) {
            node.restarts.removeFirst();
        }
        int attempt = node.restarts.size() + 1;
        if (running) {
            node.stoppedAt = null;
            node.givenUp = false;
            return new Decision(Action.NOTHING, attempt);
        }
        if (node.givenUp) {
            return new Decision(Action.NOTHING, attempt);
        }
        if (node.stoppedAt == null) {
            node.stoppedAt = now;
            if (attempt > policy.attempts()) {
                node.givenUp = true;
                return new Decision(Action.GIVE_UP, attempt);
            }
            return new Decision(Action.REPORT, attempt);
        }
        if (now.isBefore(node.stoppedAt.plus(policy.pause()))) {
            return new Decision(Action.NOTHING, attempt);
        }
        // Counted once started: a restart that fails is seen as a new stop at the next look.
        node.stoppedAt = null;
        node.restarts.addLast(now);
        return new Decision(Action.RESTART, attempt);
    }

    /** Whether the node is left down (until the launcher is started again). */
    boolean givenUp(int number) {
        Node node = nodes.get(number);
        return node != null && node.givenUp;
    }
}
