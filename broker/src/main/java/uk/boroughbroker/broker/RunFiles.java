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
            Files.writeString(dir.resolve(name + ".pid"), Long.toString(pid), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BrokerException("Cannot write " + dir.resolve(name + ".pid") + ": " + e.getMessage(), e);
        }
    }

    /** The live process recorded under {@code name}; stale or unreadable files count as none. */
    Optional<ProcessHandle> alive(String name) {
        Path file = dir.resolve(name + ".pid");
        try {
            long pid = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
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
