package uk.boroughbroker.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("councils sync: the progress line")
class CouncilSyncCommandTest {

    private static JsonNode progress(String json) throws Exception {
        return new ObjectMapper().readTree(json);
    }

    @Test
    void whenTheBrokerKnowsHowManyToExpectThenTheLineHasABarFilledInProportion() throws Exception {
        String line = CouncilSyncCommand.line(progress("""
                {"read":"5000","expected":"10000","imported":"4990","updated":"0","left":"0","refused":"10"}"""));

        assertThat(line).startsWith("[" + "#".repeat(15) + ".".repeat(15) + "] ")
                .contains("5,000 read, 4,990 imported, 0 updated, 0 left, 10 refused");
    }

    @Test
    void whenTheTotalIsUnknownThenTheLineIsARunningCountWithoutABar() throws Exception {
        String line = CouncilSyncCommand.line(progress("""
                {"read":"1500","expected":"-1","imported":"1500","updated":"0","left":"0","refused":"0"}"""));

        assertThat(line).isEqualTo("1,500 read, 1,500 imported, 0 updated, 0 left, 0 refused");
    }

    @Test
    void aBarNeverOverflowsWhenMoreAreReadThanExpected() throws Exception {
        String line = CouncilSyncCommand.line(progress("""
                {"read":"12000","expected":"10000","imported":"0","updated":"0","left":"0","refused":"0"}"""));

        assertThat(line).startsWith("[" + "#".repeat(30) + "] ");
    }
}
