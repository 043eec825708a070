package uk.boroughbroker.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("councils list: how binds reach a council's DCs")
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
    void whenTlsIsUsedThenItIsNamed() throws Exception {
        assertThat(CouncilsCommand.transport(config("{\"startTls\": [\"true\"]}"), List.of("ldap://dc1:389")))
                .isEqualTo("StartTLS");
        assertThat(CouncilsCommand.transport(config("{}"), List.of("ldaps://dc1:636"))).isEqualTo("LDAPS");
    }
}
