package uk.boroughbroker.broker.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Short tools the cluster runs to completion (initdb, psql, openssl, {@code haproxy -c},
 * {@code kc.sh build}), with their output kept for the error message when they fail.
 */
final class Commands {

    private Commands() {
    }

    /** What the operating system says about the current user: root runs PostgreSQL as {@code postgres}. */
    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The first of {@code candidates} that is an executable file. */
    static java.util.Optional<Path> executable(List<Path> candidates) {
        return candidates.stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    /**
     * Runs a command and returns what it printed (stdout and stderr together).
     *
     * @param stdin written to the command's input (SQL for psql), or null
     * @param log   where the output also goes, or null
     * @throws ClusterException when it fails or runs longer than {@code timeout}, with its output
     */
    static String run(List<String> command, Path workDir, Map<String, String> env, String stdin, Duration timeout,
            Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        builder.environment().putAll(env);
        Path output = null;
        try {
            output = log != null ? log : Files.createTempFile("borough-cluster-", ".out");
            Files.createDirectories(output.toAbsolutePath().getParent());
            if (!Files.exists(output)) {
                Files.createFile(output);
            }
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
            long before = Files.size(output);
            Process process = builder.start();
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new ClusterException(name(command) + " did not finish within " + String.format("%.1f", timeout.toMillis() / 1000.0) + " s. "
                        + "Its output:\n" + read(output, before));
            }
            String printed = read(output, before);
            if (process.exitValue() != 0) {
                throw new ClusterException(name(command) + " failed (exit code " + process.exitValue() + "). "
                        + "Its output:\n" + printed);
            }
            return printed;
        } catch (IOException e) {
            throw new ClusterException("Cannot run " + name(command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("Interrupted while running " + name(command));
        } finally {
            if (log == null && output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // A temporary file; the system cleans it up.
                }
            }
        }
    }

    /** The program's name, without runuser's prefix: what the operator recognises. */
    static String name(List<String> command) {
        int separator = command.indexOf("--");
        String program = command.get(0).equals("runuser") && separator >= 0 ? command.get(separator + 1)
                : command.get(0);
        return Path.of(program).getFileName().toString();
    }

    private static String read(Path file, long from) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(Math.min(from, Files.size(file)));
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            String[] lines = text.split("\n");
            return lines.length <= 30 ? text : String.join("\n", List.of(lines).subList(lines.length - 30, lines.length));
        }
    }
}
