package uk.boroughbroker.broker;

import java.time.Duration;

import uk.boroughbroker.broker.process.ChildProcess;

/** Stopping processes politely first (SIGTERM), then for sure. */
final class Processes {

    private Processes() {
    }

    /** Asks the process to stop, waits up to {@code grace}, then kills it. */
    static void stop(ProcessHandle process, Duration grace) {
        ChildProcess.stop(process, grace);
    }

    /**
     * Stops a process and then whatever of its tree outlives it. The tree is listed first: once the
     * parent has gone, its children are no longer its descendants.
     */
    static void stopTree(ProcessHandle root, Duration grace) {
        ChildProcess.stopTree(root, grace);
    }
}
