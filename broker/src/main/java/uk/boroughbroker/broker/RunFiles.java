package uk.boroughbroker.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Process ids of a running broker, so {@code broker down} (or a second {@code up}) can find it. */
final class RunFiles {

    private final Path dir;

    RunFiles(Path home) {
        this.dir = home.resolve("run");
    }

    void write(String name, long pid) {
        try {
            Files.createDirectories(dir);
            // The start time guards against pid reuse: after a crash or a reboot the same pid may be
            // another program, which down must not stop.
            String started = ProcessHandle.of(pid).flatMap(p -> p.info().startInstant())
                    .map(i -> " " + i.toEpochMilli()).orElse("");
            Files.writeString(dir.resolve(name + ".pid"), pid + started, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BrokerException("Cannot write " + dir.resolve(name + ".pid") + ": " + e.getMessage(), e);
        }
    }

    /** The live process recorded under {@code name}; stale or unreadable files count as none. */
    Optional<ProcessHandle> alive(String name) {
        Path file = dir.resolve(name + ".pid");
        try {
            String[] parts = Files.readString(file, StandardCharsets.UTF_8).strip().split("\\s+");
            long pid = Long.parseLong(parts[0]);
            Optional<Long> started = parts.length > 1 ? Optional.of(Long.parseLong(parts[1])) : Optional.empty();
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> started.isEmpty() || p.info().startInstant().isEmpty()
                            || Math.abs(p.info().startInstant().get().toEpochMilli() - started.get()) < 2_000);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    void delete(String name) {
        try {
            Files.deleteIfExists(dir.resolve(name + ".pid"));
        } catch (IOException e) {
            // Stale pid files are ignored by alive(); nothing to do.
        }
    }
}
