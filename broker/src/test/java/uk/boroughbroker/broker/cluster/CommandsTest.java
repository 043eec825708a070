package uk.boroughbroker.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Commands: the short tools the cluster runs")
class CommandsTest {

    @Test
    @DisplayName("a failing tool is named as the operator knows it (not runuser), with its output")
    void failureNamesTheTool() {
        assertThat(Commands.name(List.of("runuser", "-u", "postgres", "--", "/usr/lib/postgresql/15/bin/initdb", "-D")))
                .isEqualTo("initdb");
        assertThatThrownBy(() -> Commands.run(List.of("sh", "-c", "echo 'the reason'; exit 3"), null, Map.of(), null,
                Duration.ofSeconds(30), null)).isInstanceOf(ClusterException.class)
                .hasMessage("sh failed (exit code 3). Its output:\nthe reason");
    }

    @Test
    @DisplayName("input goes to the tool's stdin (passwords never on its command line)")
    void stdin() {
        assertThat(Commands.run(List.of("cat"), null, Map.of(), "secret-ish\n", Duration.ofSeconds(30), null).strip())
                .isEqualTo("secret-ish");
    }

    @Test
    @DisplayName("a tool that hangs is stopped at the time limit, and the message says so")
    void timeLimit() {
        assertThatThrownBy(() -> Commands.run(List.of("sleep", "30"), null, Map.of(), null, Duration.ofMillis(300), null))
                .hasMessageContaining("sleep did not finish within 0.3 s");
    }
}
