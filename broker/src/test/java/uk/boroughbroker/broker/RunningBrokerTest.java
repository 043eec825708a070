package uk.boroughbroker.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("RunningBroker: a broker started by up, as other tools find it")
class RunningBrokerTest {

    @Nested
    @DisplayName("when up has written its run state")
    class Running {

        @Test
        void whenUpRecordedItsStateThenTheUrlRealmAndServiceSecretAreTheOnesUpWrote(@TempDir Path home) {
            BrokerSecrets secrets = BrokerSecrets.loadOrCreate(home);
            new RunState("http://127.0.0.1:18080", "borough", home.resolve("realms"), home.resolve("councils.yaml"),
                    Map.of()).save(home);
            new RunFiles(home).write("broker", ProcessHandle.current().pid());

            RunningBroker broker = RunningBroker.at(home);

            assertThat(broker.baseUrl()).isEqualTo("http://127.0.0.1:18080");
            assertThat(broker.realm()).isEqualTo("borough");
            assertThat(broker.serviceSecret()).isEqualTo(secrets.demoServiceSecret()).isNotBlank();
            assertThat(broker.toString()).doesNotContain(secrets.demoServiceSecret());
        }
    }

    @Nested
    @DisplayName("when no broker runs")
    class NotRunning {

        @Test
        void whenTheHomeHasNoRunStateThenTheErrorSaysHowToStartABrokerThere(@TempDir Path home) {
            assertThatThrownBy(() -> RunningBroker.at(home)).isInstanceOf(BrokerException.class)
                    .hasMessage("No broker is running from " + home + ". Start it with ./broker.sh up --home " + home);
        }

        @Test
        void whenTheRecordedBrokerHasExitedThenItIsNotRunning(@TempDir Path home) {
            BrokerSecrets.loadOrCreate(home);
            new RunState("http://127.0.0.1:18080", "borough", home, home, Map.of()).save(home);
            new RunFiles(home).write("broker", RunFilesTest.pidOfAnExitedProcess());

            assertThatThrownBy(() -> RunningBroker.at(home)).isInstanceOf(BrokerException.class)
                    .hasMessageStartingWith("No broker is running from " + home);
        }

        @Test
        void whenNoHomeIsNamedThenItIsUpsDefaultHome() {
            assertThat(RunningBroker.DEFAULT_HOME).isEqualTo(UpOptions.defaults().home()).hasToString(".broker");
        }
    }
}
