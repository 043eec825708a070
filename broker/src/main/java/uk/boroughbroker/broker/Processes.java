package uk.boroughbroker.broker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stopping processes politely first (SIGTERM), then for sure. */
final class Processes {

    private Processes() {
    }

    /** Asks the process to stop, waits up to {@code grace}, then kills it. */
    static void stop(ProcessHandle process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
        }
    }

    /**
     * Stops a process and then whatever of its tree outlives it. The tree is listed first: once the
     * parent has gone, its children are no longer its descendants.
     */
    static void stopTree(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = root.descendants().toList();
        stop(root, grace);
        tree.forEach(child -> stop(child, grace));
    }
}
