package uk.boroughbroker.broker.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A long-running child (Keycloak's {@code kc.sh}, HAProxy) with its output in a log file. */
public final class ChildProcess {

    private final Process process;
    private final Path log;

    private ChildProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code command} with {@code env} added to this JVM's environment, its output and errors
     * appended to {@code log} (its folder is created).
     */
    public static ChildProcess start(List<String> command, Path workDir, Map<String, String> env, Path log)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        Files.createDirectories(log.toAbsolutePath().getParent());
        return new ChildProcess(builder.start(), log);
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** @return true when the process exited within the wait */
    public boolean waitForExit(Duration wait) {
        try {
            process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }

    /** Ends the process politely (SIGTERM, which kc.sh forwards to its JVM), then its whole tree for sure. */
    public void stop(Duration grace) {
        stopTree(process.toHandle(), grace);
    }

    /**
     * Stops a process and then whatever of its tree outlives it. The tree is listed first: once the
     * parent has gone, its children are no longer its descendants.
     */
    public static void stopTree(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = root.descendants().toList();
        stop(root, grace);
        tree.forEach(child -> stop(child, grace));
    }

    /** Asks the process to stop (SIGTERM), waits up to {@code grace}, then kills it. */
    public static void stop(ProcessHandle process, Duration grace) {
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

    /** The last lines of the log, for error messages. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
