package uk.boroughbroker.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The generated users handed out to one realm")
class UserPoolTest {

    private final UserPool pool = new UserPool(List.of("brent.gov.uk", "haringey.gov.uk"), 10, 3);

    @Test
    void whenUsersAreNamedThenTheyMatchTheDirectoriesGeneratedUsers() {
        assertThat(pool.user(0, 1)).isEqualTo("loaduser00001@brent.gov.uk");
        assertThat(pool.user(1, 10)).isEqualTo("loaduser00010@haringey.gov.uk");
        assertThat(new UserPool(List.of("x.gov.uk"), 200_000, 1).user(0, 42)).isEqualTo("loaduser000042@x.gov.uk");
    }

    @Test
    void whenReturningUsersAreAskedForThenTheFirstFewComeRoundInTurn() {
        assertThat(List.of(pool.returning(0), pool.returning(0), pool.returning(0), pool.returning(0)))
                .containsExactly("loaduser00001@brent.gov.uk", "loaduser00002@brent.gov.uk",
                        "loaduser00003@brent.gov.uk", "loaduser00001@brent.gov.uk");
    }

    @Test
    void whenFreshUsersAreAskedForThenEachIsGivenOnceAndNeverAReturningOne() throws Exception {
        Set<String> given = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            assertThat(given.add(pool.fresh(1))).isTrue();
        }
        assertThat(given).doesNotContain("loaduser00001@haringey.gov.uk", "loaduser00003@haringey.gov.uk")
                .contains("loaduser00004@haringey.gov.uk", "loaduser00010@haringey.gov.uk");
        assertThat(pool.freshLeft(1)).isZero();
        assertThat(pool.freshLeft(0)).isEqualTo(7);
        assertThatThrownBy(() -> pool.fresh(1)).isInstanceOf(Workload.Exhausted.class)
                .hasMessageContaining("haringey.gov.uk").hasMessageContaining("--users");
    }

    @Test
    void whenTheReturningCountDoesNotFitThenItIsRefused() {
        assertThatThrownBy(() -> new UserPool(List.of("a.gov.uk"), 10, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and 9");
    }

    @Test
    void whenAReturningUserIsBeingSignedInThenNoOtherThreadIsGivenThemUntilTheyAreDone() {
        // pool: 3 returning users per council
        String outer = pool.withReturning(0, first -> pool.withReturning(0, second -> pool.withReturning(0, third -> {
            assertThat(Set.of(first, second, third)).hasSize(3);
            assertThatThrownBy(() -> pool.withReturning(0, fourth -> fourth)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("all 3 returning users").hasMessageContaining("fewer threads");
            return first;
        })));

        String again = pool.withReturning(0, user -> user);
        assertThat(again).as("free again once done").isNotNull();
        assertThat(outer).isNotNull();
    }
}
