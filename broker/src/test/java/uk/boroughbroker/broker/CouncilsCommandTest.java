package uk.boroughbroker.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("councils list and apply: what they print")
class CouncilsCommandTest {

    private static JsonNode config(String json) throws Exception {
        return new ObjectMapper().readTree(json);
    }

    @Test
    void whenACouncilSaysAllowPlaintextThenItIsMarkedPlaintext() throws Exception {
        assertThat(CouncilsCommand.transport(config("{\"allowPlaintext\": [\"true\"], \"startTls\": [\"false\"]}"),
                List.of("ldap://127.0.0.1:10389"))).isEqualTo("PLAINTEXT (allowPlaintext)");
    }

    @Test
    void whenAnApplyChangesNothingButACouncilLeftThenTheNoticeStillSaysPruneRetiresIt() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CouncilsCommand.printApplied(new PrintStream(printed, true, StandardCharsets.UTF_8), Path.of("councils.yaml"),
                false, List.of(), List.of("federation 'southwark' is no longer in the councils file: kept, and its "
                        + "staff can still sign in; councils apply --prune retires it"));

        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("""
                Keycloak already matches councils.yaml: nothing to change.
                Not changed:
                  federation 'southwark' is no longer in the councils file: kept, and its staff can still sign in; \
                councils apply --prune retires it
                """);
    }

    @Test
    void whenAnApplyChangesNothingAndNothingLeftThenOnlyThatIsSaid() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CouncilsCommand.printApplied(new PrintStream(printed, true, StandardCharsets.UTF_8), Path.of("councils.yaml"),
                true, List.of("would retire federation 'southwark':\n    people: 12"), List.of());

        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("""
                Would change (dry run, nothing applied):
                  would retire federation 'southwark':
                    people: 12
                """);
    }

    @Test
    void whenTlsIsUsedThenItIsNamed() throws Exception {
        assertThat(CouncilsCommand.transport(config("{\"startTls\": [\"true\"]}"), List.of("ldap://dc1:389")))
                .isEqualTo("StartTLS");
        assertThat(CouncilsCommand.transport(config("{}"), List.of("ldaps://dc1:636"))).isEqualTo("LDAPS");
    }
}
