package uk.boroughbroker.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("BrokerCli.run")
class BrokerCliTest {

    /** One run of the CLI with its exit code and captured output. */
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = BrokerCli.run(args, o, e);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Nested
    @DisplayName("help")
    class Help {

        @Test
        void whenNoArgumentsThenUsageIsPrintedAndExitIsZero() {
            Result r = run();

            assertThat(r.code()).isZero();
            assertThat(r.out()).isEqualTo(BrokerCli.USAGE).startsWith("Usage: ./broker.sh <command> [options]");
            assertThat(r.err()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"help", "--help", "-h"})
        void whenHelpIsAskedThenUsageListsEveryCommandAndOption(String command) {
            Result r = run(command);

            assertThat(r.code()).isZero();
            assertThat(r.out()).isEqualTo(BrokerCli.USAGE)
                    .contains("up ", "down ", "reset ", "help ")
                    .contains("--http-port N", "--management-port N", "--home DIR", "--realms DIR", "--load-users N");
            assertThat(r.err()).isEmpty();
        }
    }

    @Nested
    @DisplayName("usage errors")
    class UsageErrors {

        @Test
        void whenCommandIsUnknownThenExitIsTwoAndErrNamesItAndPointsToHelp() {
            Result r = run("frobnicate", "--home", "x");

            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("broker: unknown command 'frobnicate'")
                    .contains("Run ./broker.sh help");
            assertThat(r.out()).isEmpty();
        }

        @Test
        void whenUpHasABadOptionThenItFailsInParsingBeforeStartingAnything(@TempDir Path tmp) {
            Path home = tmp.resolve("home");

            Result r = run("up", "--home", home.toString(), "--http-port", "70000");

            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("broker: --http-port must be a whole number from 1 to 65535, not '70000'")
                    .contains("Run ./broker.sh help");
            assertThat(r.out()).as("nothing started, so nothing printed").isEmpty();
            assertThat(home).as("no pid file, secrets or Keycloak were written").doesNotExist();
        }

        @Test
        void whenUpHasAnUnknownOptionThenExitIsTwo(@TempDir Path tmp) {
            Path home = tmp.resolve("home");

            Result r = run("up", "--home", home.toString(), "--colour", "teal");

            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("broker: unknown option '--colour'");
            assertThat(home).doesNotExist();
        }

        @Test
        void whenDownHasABadOptionThenExitIsTwo() {
            Result r = run("down", "--home");

            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("broker: option --home needs a value");
        }
    }

    @Nested
    @DisplayName("down")
    class Down {

        @Test
        void whenNothingRunsFromAnEmptyHomeThenExitIsZeroAndItSaysSo(@TempDir Path home) {
            Result r = run("down", "--home", home.toString());

            assertThat(r.code()).isZero();
            assertThat(r.out()).isEqualTo("No broker is running from " + home + "." + System.lineSeparator());
            assertThat(r.err()).isEmpty();
        }

        @Test
        void whenPidFilesAreStaleThenNothingIsRunning(@TempDir Path home) throws Exception {
            RunFiles files = new RunFiles(home);
            files.write("broker", RunFilesTest.pidOfAnExitedProcess());
            files.write("keycloak", RunFilesTest.pidOfAnExitedProcess());

            Result r = run("down", "--home=" + home);

            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("No broker is running from " + home);
        }

        @Test
        void whenTheRecordedBrokerProcessIsAliveThenItIsStoppedAndPidFilesAreRemoved(@TempDir Path home)
                throws Exception {
            assumeTrue(Files.isExecutable(Path.of("/bin/sleep")) || Files.isExecutable(Path.of("/usr/bin/sleep")),
                    "needs a sleep command");
            Process sleeper = new ProcessBuilder("sleep", "60").start();
            try {
                RunFiles files = new RunFiles(home);
                files.write("broker", sleeper.pid());

                Result r = run("down", "--home", home.toString());

                assertThat(r.code()).isZero();
                assertThat(r.out()).contains("Borough Broker stopped.");
                assertThat(sleeper.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS))
                        .as("the recorded process was stopped").isTrue();
                assertThat(home.resolve("run").resolve("broker.pid")).doesNotExist();
                assertThat(files.alive("broker")).isEmpty();
            } finally {
                sleeper.destroyForcibly();
            }
        }
    }

    @Nested
    @DisplayName("reset")
    class Reset {

        @Test
        void whenNoBrokerRunsThenTheHomeIsDeleted(@TempDir Path tmp) throws IOException {
            Path home = tmp.resolve("home");
            Files.createDirectories(home.resolve("keycloak-26.7.3").resolve("data"));
            Files.writeString(home.resolve("keycloak-26.7.3").resolve("data").resolve("h2.db"), "data");
            Files.writeString(home.resolve(BrokerSecrets.FILE), "admin.password=x\n");
            new RunFiles(home).write("broker", RunFilesTest.pidOfAnExitedProcess());

            Result r = run("reset", "--home", home.toString());

            assertThat(r.code()).isZero();
            assertThat(home).doesNotExist();
            assertThat(tmp).as("only the home is deleted, not its parent").isDirectory();
            assertThat(r.out()).contains("Deleted " + home).contains("starts fresh");
            assertThat(r.err()).isEmpty();
        }

        @Test
        @DisplayName("a stopped cluster's folder (database, nodes, certificates) is deleted with the home")
        void whenAStoppedClusterIsInTheHomeThenResetDeletesIt(@TempDir Path tmp) throws IOException {
            Path home = tmp.resolve("home");
            Files.createDirectories(home.resolve("cluster").resolve("postgres").resolve("data"));
            Files.writeString(home.resolve("cluster").resolve("database.password"), "x");

            Result r = run("reset", "--home", home.toString());

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(home).doesNotExist();
        }

        @Test
        void whenTheHomeDoesNotExistThenResetSucceeds(@TempDir Path tmp) {
            Path home = tmp.resolve("never-created");

            Result r = run("reset", "--home", home.toString());

            assertThat(r.code()).isZero();
            assertThat(home).doesNotExist();
        }

        @ParameterizedTest
        @ValueSource(strings = {"broker", "keycloak", "node1", "node2", "haproxy"})
        void whenAPidFileNamesALiveProcessThenResetRefusesAndKeepsTheHome(String name, @TempDir Path home)
                throws IOException {
            Files.writeString(home.resolve(BrokerSecrets.FILE), "admin.password=x\n");
            new RunFiles(home).write(name, ProcessHandle.current().pid());

            Result r = run("reset", "--home", home.toString());

            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("broker: The broker from " + home + " is running")
                    .contains("stop it first with ./broker.sh down");
            assertThat(r.out()).isEmpty();
            assertThat(home.resolve(BrokerSecrets.FILE)).exists();
            assertThat(home.resolve("run").resolve(name + ".pid")).exists();
        }

        @Test
        void whenTheFolderHoldsFilesTheBrokerNeverWritesThenResetRefusesAndDeletesNothing(@TempDir Path tmp)
                throws IOException {
            Path project = tmp.resolve("project");
            Files.createDirectories(project.resolve(".git"));
            Files.writeString(project.resolve("pom.xml"), "<project/>");

            Result r = run("reset", "--home", project.toString());

            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("Refusing to delete").contains("[.git, pom.xml]");
            assertThat(project.resolve("pom.xml")).exists();
        }

        @Test
        void whenTheHomeIsTheCurrentFolderThenResetRefuses() {
            Result r = run("reset", "--home", ".");

            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("Refusing to delete").contains("not a broker home");
            assertThat(Path.of("pom.xml")).exists();
        }
    }

    @Nested
    @DisplayName("councils apply with a broken councils file")
    class ApplyBrokenCouncils {

        @TempDir
        Path home;

        /** A home that looks like a running broker's (this JVM as its process), Keycloak nowhere. */
        Path runningHome(Path councils) {
            java.util.Map<String, String> variables = new java.util.HashMap<>();
            for (String id : new String[] {"BRENT", "LEWISHAM", "SOUTHWARK", "CAMDEN", "ISLINGTON", "HARINGEY"}) {
                variables.put(id + "_LDAP_URL", "ldap://127.0.0.1:389");
                variables.put(id + "_BIND_PASSWORD", "x");
            }
            new RunState("http://127.0.0.1:1", "borough", Path.of("..", "realms"), councils, variables).save(home);
            new RunFiles(home).write("broker", ProcessHandle.current().pid());
            return home;
        }

        @ParameterizedTest
        @ValueSource(strings = {"brent..gov.uk", "br\u00ebnt.gov.uk"})
        void whenADomainIsMalformedThenFileLineAndDomainAreNamedWithoutAStackTrace(String domain) throws IOException {
            Path councils = home.resolve("councils.yaml");
            Files.writeString(councils, Files.readString(Path.of("..", "realms", "demo", "councils.yaml"))
                    .replace("upnSuffixes: [brent.gov.uk]", "upnSuffixes: [" + domain + "]"));

            Result r = run("councils", "apply", "--councils", councils.toString(), "--home",
                    runningHome(councils).toString());

            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains(councils + ":").contains("council 'brent': upnSuffixes[0]: '" + domain + "'")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
    }
}
