package uk.boroughbroker.keycloak.roles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Council scopes (council:<id>)")
class CouncilScopesTest {

    @Nested
    @DisplayName("reading the scope parameter")
    class Requested {

        @Test
        void whenTheScopeNamesCouncilsThenTheyAreReadAmongOtherScopes() {
            assertThat(CouncilScopes.requested("openid  council:brent profile council:lewisham"))
                    .containsExactly("brent", "lewisham");
        }

        @Test
        void whenNoScopeOrNoCouncilScopeIsGivenThenNoCouncilIsAskedFor() {
            assertThat(CouncilScopes.requested(null)).isEmpty();
            assertThat(CouncilScopes.requested("  ")).isEmpty();
            assertThat(CouncilScopes.requested("openid council")).isEmpty();
        }

        @Test
        void whenTheCouncilPartIsEmptyThenItIsNotACouncilScope() {
            assertThat(CouncilScopes.councilsOf(Stream.of("council:", "councils:brent", "council:camden")))
                    .containsExactly("camden");
        }
    }

    @Test
    void whenRolesAreHeldThenTheirCouncilsAreKnown() {
        assertThat(CouncilScopes.heldAt(List.of("brent/ict:service-desk", "lewisham/revenues-benefits:officer",
                "brent/council-tax:officer", "offline_access"))).containsExactly("brent", "lewisham");
    }

    @Nested
    @DisplayName("which councils a token shows")
    class Visible {

        @Test
        void whenABoroughSystemAsksForNothingThenOnlyItsOwnCouncilIsShown() {
            assertThat(CouncilScopes.visible("lewisham", Set.of())).containsExactly("lewisham");
        }

        @Test
        void whenABoroughSystemAsksForAnotherCouncilThenBothAreShown() {
            assertThat(CouncilScopes.visible("lewisham", Set.of("brent"))).containsExactly("brent", "lewisham");
        }

        @Test
        void whenAnAppOfNoCouncilAsksForNothingThenEveryCouncilIsShown() {
            assertThat(CouncilScopes.visible(null, Set.of())).isNull();
        }

        @Test
        void whenAnAppOfNoCouncilAsksForCouncilsThenOnlyThoseAreShown() {
            assertThat(CouncilScopes.visible(null, Set.of("camden"))).containsExactly("camden");
        }
    }
}
