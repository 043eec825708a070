package uk.boroughbroker.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("roles why, before it asks the broker")
class RolesCommandTest {

    @Test
    void whenTheQuestionIsIncompleteThenTheUsageShowsAnExampleAndExitIsTwo() {
        BrokerCliTest.Result r = BrokerCliTest.run("roles", "why", "jsmith@brent.gov.uk", "revenues-benefits:officer");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("broker: use: roles why <user> <role> <council>, such as roles why "
                + "jsmith@brent.gov.uk revenues-benefits:officer lewisham");
    }

    @Test
    void whenAnOptionIsUnknownOrHasNoValueThenItIsNamed() {
        assertThat(BrokerCliTest.run("roles", "why", "a", "b:c", "brent", "--bogus").err())
                .contains("unknown option '--bogus' for roles");
        assertThat(BrokerCliTest.run("roles", "why", "a", "b:c", "brent", "--home").err())
                .contains("option --home needs a value");
    }

    @Test
    void whenNoBrokerRunsFromTheHomeThenItSaysHowToStartOne(@TempDir Path home) {
        BrokerCliTest.Result r = BrokerCliTest.run("roles", "why", "a", "b:c", "brent", "--home", home.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("No broker is running from " + home).doesNotContain("Exception");
    }
}
