package uk.boroughbroker.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Keycloak started from code (EmbeddedKeycloak), before it starts")
class EmbeddedKeycloakTest {

    @Test
    void whenAPortIsChosenThenItIsNeverOneOfBrokerUpsOrTheIntegrationTestsNorTheOtherOne() {
        for (int i = 0; i < 50; i++) {
            int first = Ports.freePort(-1);
            int second = Ports.freePort(first);

            assertThat(first).isNotIn(8080, 9000).isPositive();
            assertThat(second).isNotIn(8080, 9000, first);
        }
    }

    @Test
    void whenHeapOptionsAreNotJustXmsAndXmxThenTheyAreRefusedNamingWhatWasGiven() {
        EmbeddedKeycloakBuilder builder = EmbeddedKeycloak.builder(Path.of("target", "embedded-test"));

        assertThatThrownBy(() -> builder.heap("-Xmx1g; rm -rf /"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-Xmx1g; rm -rf /");
        assertThat(builder.heap("-Xms512m -Xmx1g")).isSameAs(builder);
        assertThat(builder.heap(null)).isSameAs(builder);
    }

    @Test
    void whenTheStartTimeoutIsNotPositiveOrTheHomeIsMissingThenTheyAreRefused() {
        assertThatThrownBy(() -> EmbeddedKeycloak.builder(Path.of("x")).startTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> EmbeddedKeycloak.builder(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("home");
    }
}
