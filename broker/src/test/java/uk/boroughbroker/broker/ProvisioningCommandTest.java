package uk.boroughbroker.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("provisioning status | retry | reconcile")
class ProvisioningCommandTest {

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Nested
    @DisplayName("before it asks the broker")
    class Arguments {

        @Test
        void whenTheSubcommandIsUnknownOrLacksItsSystemThenTheUsageShowsAnExampleAndExitIsTwo() {
            for (String[] args : new String[][] {{"provisioning"}, {"provisioning", "restart", "x"},
                    {"provisioning", "retry"}, {"provisioning", "status", "extra"}}) {
                BrokerCliTest.Result r = BrokerCliTest.run(args);

                assertThat(r.code()).isEqualTo(2);
                assertThat(r.err()).contains("broker: use: provisioning status | retry <system> | reconcile <system> "
                        + "[--dry-run], such as provisioning reconcile camden-housing --dry-run");
            }
        }

        @Test
        void whenDryRunIsGivenToAnythingButReconcileThenItIsRefused() {
            assertThat(BrokerCliTest.run("provisioning", "retry", "camden-housing", "--dry-run").err())
                    .contains("--dry-run is for provisioning reconcile only");
        }

        @Test
        void whenAnOptionIsUnknownThenItIsNamed() {
            assertThat(BrokerCliTest.run("provisioning", "status", "--bogus").err())
                    .contains("unknown option '--bogus' for provisioning");
        }

        @Test
        void whenNoBrokerRunsFromTheHomeThenItSaysHowToStartOne(@TempDir Path home) {
            BrokerCliTest.Result r = BrokerCliTest.run("provisioning", "status", "--home", home.toString());

            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("No broker is running from " + home).doesNotContain("Exception");
        }

        @Test
        void theHelpListsEveryProvisioningCommand() {
            assertThat(BrokerCliTest.run("help").out()).contains("provisioning status", "provisioning retry <system>",
                    "provisioning reconcile <system> [--dry-run]");
        }
    }

    @Nested
    @DisplayName("status")
    class Status {

        @Test
        void showsATableOfSystemsThenEachFailureWithItsReasonAndHowToRetry() throws Exception {
            String table = ProvisioningCommand.status(json("""
                    {"realm":"borough","systems":[
                      {"name":"camden-housing","pending":3,"failed":1,"lastSuccess":"2026-12-05T10:00:00Z",
                       "failures":[{"user":"u-1","change":"UPSERT","attempts":8,"reason":"400 invalid userName"}],
                       "retrying":[{"user":"u-2","change":"LEAVE","attempts":2,"lastError":"503",
                                    "nextAttemptAt":"2026-12-05T10:01:00Z"}]},
                      {"name":"brent-revenues","pending":0,"failed":0,"lastSuccess":null,"failures":[],"retrying":[],
                       "invalid":["baseUrl: give the URL"]}]}"""));

            assertThat(table.lines()).containsExactly(
                    "SYSTEM                    PENDING  FAILED  LAST SUCCESS",
                    "camden-housing                  3       1  2026-12-05T10:00:00Z",
                    "brent-revenues                  0       0  never",
                    "camden-housing: failed UPSERT of u-1 after 8 attempts: 400 invalid userName",
                    "camden-housing: retrying LEAVE of u-2 (attempt 2, next 2026-12-05T10:01:00Z): 503",
                    "camden-housing: once the cause is fixed, ./broker.sh provisioning retry camden-housing",
                    "brent-revenues: settings invalid, nothing is delivered: baseUrl: give the URL");
        }

        @Test
        void whenTheRealmHasNoSystemThenItSaysWhereToDeclareThem() throws Exception {
            assertThat(ProvisioningCommand.status(json("{\"realm\":\"borough\",\"systems\":[]}")))
                    .contains("No borough systems in realm borough").contains("provisioning.yaml");
        }
    }

    @Nested
    @DisplayName("reconcile")
    class Reconcile {

        @Test
        void aDryRunSaysWhatWouldBeQueuedAndWhoAndThatNothingWas() throws Exception {
            String text = ProvisioningCommand.reconciliation(json("""
                    {"system":"camden-housing","dryRun":true,"compared":14,
                     "wouldBeCreate":["a","b","c","d","e","f","g","h","i","j","k","l"],"wouldBeUpdate":[],
                     "wouldBeDeactivate":["leaver"],"wouldBeDelete":[],"notFromBroker":["admin"]}"""));

            assertThat(text.lines()).containsExactly(
                    "camden-housing: 14 people compared with their accounts (dry run: nothing queued)",
                    "  would queue 12 to create: a, b, c, d, e, f, g, h, i, j and 2 more",
                    "  would queue 1 to deactivate: leaver",
                    "  1 accounts at the system were not made by the broker (left alone): admin");
        }

        @Test
        void whenEveryAccountMatchesThenItSaysSo() throws Exception {
            assertThat(ProvisioningCommand.reconciliation(json("""
                    {"system":"camden-housing","dryRun":false,"compared":3,"queuedToCreate":[],"queuedToUpdate":[],
                     "queuedToDeactivate":[],"queuedToDelete":[],"notFromBroker":[]}""")))
                    .isEqualTo("camden-housing: 3 people compared with their accounts\n"
                            + "  every account is as it should be\n");
        }
    }
}
