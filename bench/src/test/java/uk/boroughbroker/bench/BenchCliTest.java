package uk.boroughbroker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("BenchCli")
class BenchCliTest {

    @Nested
    @DisplayName("token-issuance, against a broker started by ./broker.sh up")
    class TokenIssuance {

        @Test
        void whenNoBrokerRunsFromTheHomeThenItSaysHowToStartOneWithoutAStackTrace(@TempDir Path home) throws Exception {
            // Secrets left by an earlier run, but no run state: the broker is not running.
            Files.writeString(home.resolve("secrets.properties"), "admin.client.secret=x\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int exit = BenchCli.run(new String[] {"token-issuance", "--home", home.toString()},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("bench: No broker is running from " + home
                    + ". Start it with ./broker.sh up --home " + home + System.lineSeparator());
        }
    }
}
