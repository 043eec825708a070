package uk.boroughbroker.directory.samba;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Samba's command-line tools (samba-tool, ldbmodify, tar) with a time limit.
 *
 * <p>Output goes to a log file rather than a pipe: a tool that writes more than a pipe holds would
 * otherwise block, and the file is there to read when something fails.
 */
final class Commands {

    private static final int TAIL_LINES = 25;

    private Commands() {
    }

    /**
     * @param what    what the command does, for the error message ("provision the domain")
     * @param log     where stdout and stderr go (appended)
     * @return the command's output
     * @throws SambaStartException naming the council, what failed and the tail of the output, if the
     *                             command exits with a non-zero status or runs longer than {@code timeout}
     */
    static String run(String councilId, String what, List<String> command, Map<String, String> environment,
                      Path log, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        long before;
        try {
            Files.createDirectories(log.getParent());
            before = Files.exists(log) ? Files.size(log) : 0;
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        } catch (IOException e) {
            throw new SambaStartException("Council " + councilId + ": cannot write the log " + log + ": " + e.getMessage(), e);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new SambaStartException("Council " + councilId + ": cannot run " + command.get(0)
                    + " to " + what + ": " + e.getMessage(), e);
        }
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new SambaStartException("Council " + councilId + ": " + what + " did not finish within "
                    + timeout.toSeconds() + " s (" + String.join(" ", command) + ")" + tail(log, before));
        }
        String output = read(log, before);
        if (process.exitValue() != 0) {
            throw new SambaStartException("Council " + councilId + ": could not " + what + " (" + command.get(0)
                    + " exited with " + process.exitValue() + "; log " + log + ")" + tail(output));
        }
        return output;
    }

    /** The last lines of a log, as a message suffix: empty when there is nothing to show. */
    static String tail(Path log, long from) {
        return tail(read(log, from));
    }

    static String tail(String output) {
        List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
        if (lines.isEmpty()) {
            return "";
        }
        return ":\n    " + String.join("\n    ", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }

    private static String read(Path log, long from) {
        try {
            byte[] all = Files.readAllBytes(log);
            int start = (int) Math.min(from, all.length);
            return new String(all, start, all.length - start, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
