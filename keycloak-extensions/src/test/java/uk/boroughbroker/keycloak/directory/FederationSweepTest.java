package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("FederationSweep: a node lets go of councils removed or disabled on another node")
class FederationSweepTest {

    private final FederationSweep sweep = new FederationSweep();

    @Nested
    @DisplayName("a federation this node holds a connection for")
    class Held {

        @Test
        @DisplayName("is let go of when two ticks in a row do not list it")
        void goneTwice() {
            assertThat(sweep.gone(List.of("camden", "brent"), Set.of("camden"))).isEmpty();
            assertThat(sweep.gone(List.of("camden", "brent"), Set.of("camden"))).containsExactly("brent");
        }

        @Test
        @DisplayName("is kept when it is listed again in between (created on another node just before a tick)")
        void listedAgain() {
            sweep.gone(List.of("brent"), Set.of());
            sweep.gone(List.of("brent"), Set.of("brent"));

            assertThat(sweep.gone(List.of("brent"), Set.of())).as("missing once since it was listed").isEmpty();
        }

        @Test
        @DisplayName("is kept for as long as ticks list it")
        void listed() {
            for (int tick = 0; tick < 5; tick++) {
                assertThat(sweep.gone(List.of("camden", "islington"), Set.of("camden", "islington", "haringey")))
                        .isEmpty();
            }
        }
    }

    @Test
    @DisplayName("forgets a federation let go of elsewhere (preRemove on this node) before its second tick")
    void releasedMeanwhile() {
        sweep.gone(List.of("brent"), Set.of());
        sweep.gone(List.of(), Set.of());

        assertThat(sweep.gone(List.of("brent"), Set.of())).as("a new connection is missing once, not twice").isEmpty();
    }
}
