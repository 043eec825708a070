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

    @Test
    void whenAScopeListHasAMissingNameThenItNamesNoCouncil() {
        assertThat(CouncilScopes.councilsOf(Stream.of("council:brent", null))).containsExactly("brent");
    }

    static final CouncilScopes.App LEWISHAM_SYSTEM = new CouncilScopes.App("lewisham", false);
    static final CouncilScopes.App ALL_COUNCIL_APP = new CouncilScopes.App(null, true);
    static final CouncilScopes.App UNNAMED_APP = new CouncilScopes.App(null, false);

    @Nested
    @DisplayName("which council scopes a token may carry")
    class Permitted {

        @Test
        void whenThePolicyNamesTheAppThenTheCouncilsWhereThePersonHoldsRolesArePermitted() {
            assertThat(CouncilScopes.permitted(LEWISHAM_SYSTEM, Set.of("brent", "lewisham")))
                    .containsExactlyInAnyOrder("brent", "lewisham");
            assertThat(CouncilScopes.permitted(ALL_COUNCIL_APP, Set.of("camden"))).containsExactly("camden");
        }

        @Test
        void whenThePolicyDoesNotNameTheAppThenNoCouncilIsPermittedWhateverThePersonHolds() {
            assertThat(CouncilScopes.permitted(UNNAMED_APP, Set.of("brent", "lewisham"))).isEmpty();
        }
    }

    @Nested
    @DisplayName("which councils a token shows")
    class Visible {

        @Test
        void whenABoroughSystemAsksForNothingThenOnlyItsOwnCouncilIsShown() {
            assertThat(CouncilScopes.visible(LEWISHAM_SYSTEM, Set.of(), Set.of("brent"))).containsExactly("lewisham");
        }

        @Test
        void whenABoroughSystemAsksForAnotherCouncilWhereThePersonHoldsARoleThenBothAreShown() {
            assertThat(CouncilScopes.visible(LEWISHAM_SYSTEM, Set.of("brent"), Set.of("brent")))
                    .containsExactly("brent", "lewisham");
        }

        @Test
        void whenABoroughSystemsAskedCouncilIsNoLongerPermittedThenOnlyItsOwnIsShown() {
            assertThat(CouncilScopes.visible(LEWISHAM_SYSTEM, Set.of("brent"), Set.of())).containsExactly("lewisham");
        }

        @Test
        void whenAnAllCouncilAppAsksForNothingThenEveryCouncilIsShown() {
            assertThat(CouncilScopes.visible(ALL_COUNCIL_APP, Set.of(), Set.of())).isNull();
        }

        @Test
        void whenAnAllCouncilAppAsksForCouncilsThenOnlyThosePermittedAreShown() {
            assertThat(CouncilScopes.visible(ALL_COUNCIL_APP, Set.of("camden", "brent"), Set.of("camden")))
                    .containsExactly("camden");
        }

        @Test
        void whenTheOnlyAskedCouncilIsDroppedThenNoCouncilIsShownNotEveryCouncil() {
            assertThat(CouncilScopes.visible(ALL_COUNCIL_APP, Set.of("southwark"), Set.of())).isEmpty();
        }

        @Test
        void whenThePolicyDoesNotNameTheAppThenNoCouncilIsShown() {
            assertThat(CouncilScopes.visible(UNNAMED_APP, Set.of(), Set.of())).isEmpty();
        }
    }

    @Nested
    @DisplayName("dropping council scopes from a token's scope")
    class Without {

        @Test
        void whenCouncilsAreDroppedThenOnlyTheirScopesGoAndTheRestKeepTheirOrder() {
            assertThat(CouncilScopes.without("openid council:brent profile council:lewisham", Set.of("brent")))
                    .isEqualTo("openid profile council:lewisham");
        }

        @Test
        void whenNothingIsDroppedThenTheScopeIsUnchanged() {
            assertThat(CouncilScopes.without("openid council:brent", Set.of())).isEqualTo("openid council:brent");
            assertThat(CouncilScopes.without(null, Set.of("brent"))).isNull();
        }
    }
}
