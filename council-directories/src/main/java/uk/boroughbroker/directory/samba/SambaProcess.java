package uk.boroughbroker.directory.samba;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One {@code samba} process: {@code setsid samba -F -M single -s <conf> --debug-stdout}.
 *
 * <ul>
 *   <li>{@code -F} (foreground) keeps it our child, so we hold its handle and its exit;</li>
 *   <li>{@code -M single} runs one process instead of about 27 (the prefork model);</li>
 *   <li>{@code setsid} puts it in its own session, so a Ctrl-C meant for the build does not kill it
 *       halfway through writing its databases; {@link #stop} and the JVM shutdown hook stop it instead.
 *       As the JVM's child is not a process group leader, setsid does not fork: the pid we hold is
 *       samba's own;</li>
 *   <li>stdin is /dev/null, output goes to samba.log (the tail goes into error messages).</li>
 * </ul>
 * The pid is written to the work folder at once, so a later start can stop a samba left behind by a
 * JVM that crashed or was killed ({@link #stopLeftover}).
 */
final class SambaProcess {

    static final Duration GRACEFUL_STOP = Duration.ofSeconds(15);
    static final Duration FORCED_STOP = Duration.ofSeconds(5);

    private final String councilId;
    private final Process process;
    private final WorkDir dir;

    private SambaProcess(String councilId, Process process, WorkDir dir) {
        this.councilId = councilId;
        this.process = process;
        this.dir = dir;
    }

    static SambaProcess start(String councilId, Path samba, Path setsid, WorkDir dir) {
        List<String> command = List.of(setsid.toString(), samba.toString(), "-F", "-M", "single",
                "-s", dir.smbConf().toString(), "--debug-stdout");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.to(dir.log().toFile()));
        Process process;
        try {
            process = builder.start();
            Files.writeString(dir.pidFile(), Long.toString(process.pid()), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new SambaStartException("Council " + councilId + ": cannot start " + String.join(" ", command)
                    + ": " + e.getMessage(), e);
        }
        return new SambaProcess(councilId, process, dir);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Fails with the exit status and the log's tail if samba has exited. */
    void checkAlive(String during) {
        if (!process.isAlive()) {
            throw new SambaStartException("Council " + councilId + ": samba exited with status " + process.exitValue()
                    + " " + during + " (log " + dir.log() + ")" + logTail());
        }
    }

    String logTail() {
        return Commands.tail(dir.log(), 0);
    }

    /**
     * SIGTERM, then SIGKILL if it has not exited after {@link #GRACEFUL_STOP}; helpers samba started
     * (such as samba_kcc) are stopped the same way. Returns when the process is gone or the forced
     * stop's bound has passed (then it throws).
     */
    void stop() {
        List<ProcessHandle> helpers = process.descendants().toList();
        stop(councilId, process.toHandle(), dir);
        helpers.forEach(helper -> stop(councilId, helper, dir));
        deletePidFile(dir);
    }

    /**
     * Stops a samba that an earlier, crashed run left running from this work folder. The pid file
     * alone is not proof: the pid may since belong to another process, so it must be a samba with
     * this work folder's files open (samba rewrites its command line, so that cannot be checked).
     */
    static void stopLeftover(String councilId, WorkDir dir) {
        for (Path pidFile : List.of(dir.pidFile(), dir.sambaPidFile())) {
            readPid(pidFile).flatMap(ProcessHandle::of)
                    .filter(handle -> isSambaUsing(handle.pid(), dir.root()))
                    .ifPresent(handle -> {
                        System.getLogger(SambaProcess.class.getName()).log(System.Logger.Level.WARNING,
                                "Council {0}: stopping samba (pid {1}) left running by an earlier run in {2}",
                                councilId, Long.toString(handle.pid()), dir.root());
                        stop(councilId, handle, dir);
                    });
        }
        deletePidFile(dir);
    }

    private static void stop(String councilId, ProcessHandle handle, WorkDir dir) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        if (awaitExit(handle, GRACEFUL_STOP)) {
            return;
        }
        handle.destroyForcibly();
        if (!awaitExit(handle, FORCED_STOP)) {
            throw new SambaStartException("Council " + councilId + ": samba (pid " + handle.pid() + ") did not exit"
                    + " after SIGTERM and SIGKILL; stop it by hand (work folder " + dir.root() + ")");
        }
    }

    private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isSambaUsing(long pid, Path workDir) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            if (!Files.readSymbolicLink(proc.resolve("exe")).getFileName().toString().equals("samba")) {
                return false;
            }
            try (Stream<Path> descriptors = Files.list(proc.resolve("fd"))) {
                return descriptors.anyMatch(fd -> {
                    try {
                        return Files.readSymbolicLink(fd).startsWith(workDir);
                    } catch (IOException e) {
                        return false; // closed meanwhile
                    }
                });
            }
        } catch (IOException e) {
            return false; // gone, or not ours to inspect
        }
    }

    private static void deletePidFile(WorkDir dir) {
        try {
            Files.deleteIfExists(dir.pidFile());
        } catch (IOException e) {
            // Harmless: the next start checks that the pid is a samba using this folder before acting on it.
        }
    }
}
