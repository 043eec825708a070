package uk.boroughbroker.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("RunFiles")
class RunFilesTest {

    /** The pid of a process that has already exited (and been reaped), so no live process has it. */
    static long pidOfAnExitedProcess() {
        try {
            Process p = new ProcessBuilder("true").start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("'true' did not exit within 10 s");
            }
            p.onExit().get(10, TimeUnit.SECONDS);
            return p.pid();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start 'true' for a stale pid: " + e, e);
        }
    }

    @Nested
    @DisplayName("write, alive, delete")
    class Lifecycle {

        @Test
        void whenAPidIsWrittenThenItLandsInRunFolderAndTheLiveProcessIsFound(@TempDir Path home) throws IOException {
            RunFiles files = new RunFiles(home);
            long self = ProcessHandle.current().pid();

            files.write("broker", self);

            assertThat(Files.readString(home.resolve("run").resolve("broker.pid"))).startsWith(self + " ");
            assertThat(files.alive("broker")).map(ProcessHandle::pid).contains(self);
        }

        @Test
        void whenThePidNowBelongsToAProcessStartedLaterThenItIsNotTheBroker(@TempDir Path home) throws IOException {
            long self = ProcessHandle.current().pid();
            long started = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
            Files.createDirectories(home.resolve("run"));
            Files.writeString(home.resolve("run").resolve("broker.pid"), self + " " + (started - 3_600_000));

            assertThat(new RunFiles(home).alive("broker")).isEmpty();
        }

        @Test
        void whenThePidFileHasNoStartTimeThenThePidAloneDecides(@TempDir Path home) throws IOException {
            long self = ProcessHandle.current().pid();
            Files.createDirectories(home.resolve("run"));
            Files.writeString(home.resolve("run").resolve("broker.pid"), Long.toString(self));

            assertThat(new RunFiles(home).alive("broker")).map(ProcessHandle::pid).contains(self);
        }

        @Test
        void whenNamesDifferThenTheirFilesAreIndependent(@TempDir Path home) {
            RunFiles files = new RunFiles(home);
            files.write("broker", ProcessHandle.current().pid());

            assertThat(files.alive("keycloak")).isEmpty();
        }

        @Test
        void whenWrittenAgainThenThePidIsReplaced(@TempDir Path home) throws IOException {
            RunFiles files = new RunFiles(home);
            files.write("broker", 1234567);
            files.write("broker", ProcessHandle.current().pid());

            assertThat(files.alive("broker")).map(ProcessHandle::pid).contains(ProcessHandle.current().pid());
        }

        @Test
        void whenDeletedThenThePidFileIsGoneAndNothingIsAlive(@TempDir Path home) {
            RunFiles files = new RunFiles(home);
            files.write("broker", ProcessHandle.current().pid());

            files.delete("broker");

            assertThat(home.resolve("run").resolve("broker.pid")).doesNotExist();
            assertThat(files.alive("broker")).isEmpty();
        }

        @Test
        void whenDeletingAFileThatDoesNotExistThenNothingHappens(@TempDir Path home) {
            RunFiles files = new RunFiles(home);

            files.delete("broker");

            assertThat(home.resolve("run")).doesNotExist();
        }

        @Test
        void whenTheRunFolderCannotBeCreatedThenTheErrorNamesThePidFile(@TempDir Path home) throws IOException {
            Files.writeString(home.resolve("run"), "a file where the folder should be");

            assertThatThrownBy(() -> new RunFiles(home).write("broker", 42))
                    .isInstanceOf(BrokerException.class)
                    .hasMessageStartingWith("Cannot write " + home.resolve("run").resolve("broker.pid"));
        }
    }

    @Nested
    @DisplayName("alive() with unusable files")
    class Unusable {

        @Test
        void whenThereIsNoPidFileThenNothingIsAlive(@TempDir Path home) {
            assertThat(new RunFiles(home).alive("broker")).isEmpty();
        }

        @Test
        void whenThePidIsOfAnExitedProcessThenNothingIsAlive(@TempDir Path home) {
            long stale = pidOfAnExitedProcess();
            RunFiles files = new RunFiles(home);
            files.write("keycloak", stale);

            assertThat(files.alive("keycloak")).isEmpty();
        }

        @Test
        void whenThePidFileHoldsGarbageThenNothingIsAlive(@TempDir Path home) throws IOException {
            Files.createDirectories(home.resolve("run"));
            Files.writeString(home.resolve("run").resolve("broker.pid"), "not a pid\n");

            assertThat(new RunFiles(home).alive("broker")).isEmpty();
        }

        @Test
        void whenThePidFileIsEmptyThenNothingIsAlive(@TempDir Path home) throws IOException {
            Files.createDirectories(home.resolve("run"));
            Files.writeString(home.resolve("run").resolve("broker.pid"), "");

            assertThat(new RunFiles(home).alive("broker")).isEmpty();
        }

        @Test
        void whenThePidHasSurroundingWhitespaceThenItIsStillRead(@TempDir Path home) throws IOException {
            Files.createDirectories(home.resolve("run"));
            Files.writeString(home.resolve("run").resolve("broker.pid"), " " + ProcessHandle.current().pid() + "\n");

            assertThat(new RunFiles(home).alive("broker")).isPresent();
        }
    }
}
