package uk.boroughbroker.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./broker.sh} checks for Java 17 before it builds or runs anything. An integration test
 * because the last case runs the packaged launcher jar.
 */
@DisplayName("./broker.sh and the JDK")
class BrokerScriptIT {

    static final Path SCRIPT = Path.of("..", "broker.sh").toAbsolutePath().normalize();
    /** What the script needs besides java; linked into a private PATH so that java can be left out. */
    static final String[] TOOLS = {"sh", "sed", "dirname", "readlink", "find", "head"};

    @TempDir
    Path bin;

    record Run(int code, String output) {
    }

    Run run(Map<String, String> env) throws IOException, InterruptedException {
        for (String tool : TOOLS) {
            Path target = Path.of("/usr/bin", tool);
            Files.createSymbolicLink(bin.resolve(tool), Files.exists(target) ? target : Path.of("/bin", tool));
        }
        ProcessBuilder builder = new ProcessBuilder(bin.resolve("sh").toString(), SCRIPT.toString(), "help")
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", bin.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    @Test
    void whenNoJavaIsInstalledThenItSaysAJdk17IsNeededAndHowToGetOne() throws Exception {
        Run run = run(Map.of());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.output()).contains("no Java found").contains("JDK 17 or newer").contains("JAVA_HOME");
    }

    @Test
    void whenJavaIsOlderThan17ThenItNamesTheVersionFound() throws Exception {
        Path fakeJdk = bin.resolveSibling(bin.getFileName() + "-jdk11");
        Files.createDirectories(fakeJdk.resolve("bin"));
        Path java = fakeJdk.resolve("bin").resolve("java");
        Files.writeString(java, "#!/bin/sh\necho '    java.specification.version = 11' >&2\n");
        java.toFile().setExecutable(true);

        Run run = run(Map.of("JAVA_HOME", fakeJdk.toString()));

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.output()).contains("is Java 11").contains("needs Java 17 or newer");
    }

    @Test
    void whenJava17IsThereThenTheLauncherRuns() throws Exception {
        Run run = run(Map.of("JAVA_HOME", System.getProperty("java.home")));

        assertThat(run.code()).as(run.output()).isZero();
        assertThat(run.output()).contains("Usage: ./broker.sh <command>");
    }
}
