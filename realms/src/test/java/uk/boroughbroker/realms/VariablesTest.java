package uk.boroughbroker.realms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class VariablesTest {

    private final Variables variables = Variables.only(Map.of("PORT", "10389", "SECRET", "a$b\\c"));

    @Test
    void whenSetThenReplaced() {
        assertThat(variables.resolve("ldap://127.0.0.1:${PORT}", "x")).isEqualTo("ldap://127.0.0.1:10389");
    }

    @Test
    void whenValueHasRegexCharactersThenTheyAreKeptLiterally() {
        assertThat(variables.resolve("${SECRET}", "x")).isEqualTo("a$b\\c");
    }

    @Test
    void whenUnsetWithDefaultThenTheDefaultIsUsed() {
        assertThat(variables.resolve("${MISSING:-fallback}", "x")).isEqualTo("fallback");
        assertThat(variables.resolve("${MISSING:-}", "x")).isEmpty();
    }

    @Test
    void whenUnsetWithoutDefaultThenTheErrorNamesTheVariableAndThePlace() {
        assertThatThrownBy(() -> variables.resolve("${MISSING}", "realm.json"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("realm.json: variable MISSING is not set");
    }

    @Test
    void whenLowerCaseThenItIsKeycloakLocalisationAndLeftAlone() {
        assertThat(variables.resolve("${client_account}", "x")).isEqualTo("${client_account}");
    }
}
