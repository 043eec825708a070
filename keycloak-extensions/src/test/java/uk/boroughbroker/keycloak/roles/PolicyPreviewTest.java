package uk.boroughbroker.keycloak.roles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Policy preview")
class PolicyPreviewTest {

    @Nested
    @DisplayName("one person's change")
    class OneChange {

        @Test
        void whenARoleHeldIsNoLongerGivenThenItIsLostAndANewOneGained() {
            PolicyPreview.Change change = PolicyPreview.change("jsmith@brent.gov.uk", "brent",
                    Set.of("brent/council-tax:officer", "brent/revenues-benefits:officer"),
                    Set.of("brent/revenues-benefits:officer", "camden/revenues-benefits:officer"));

            assertThat(change.loses()).containsExactly("brent/council-tax:officer");
            assertThat(change.gains()).containsExactly("camden/revenues-benefits:officer");
            assertThat(change.any()).isTrue();
        }
    }

    @Nested
    @DisplayName("the page asked for")
    class Paging {

        @Test
        void whenNoPageIsGivenThenTheFirstThousandPeopleAreCompared() {
            assertThat(PolicyPreview.Page.first(null)).contains(0);
            assertThat(PolicyPreview.Page.max(" ")).contains(1000);
        }

        @Test
        void whenAPageIsGivenWithinTheBoundsThenItIsUsed() {
            assertThat(PolicyPreview.Page.first("2000")).contains(2000);
            assertThat(PolicyPreview.Page.max("1000")).contains(1000);
            assertThat(PolicyPreview.Page.max("1")).contains(1);
        }

        @ParameterizedTest(name = "max={0}")
        @ValueSource(strings = {"0", "-5", "1001", "99999999999", "ten", "1.5"})
        void whenMaxIsOutsideOneToOneThousandOrNotAWholeNumberThenItIsRefused(String max) {
            assertThat(PolicyPreview.Page.max(max)).isEmpty();
        }

        @ParameterizedTest(name = "first={0}")
        @ValueSource(strings = {"-1", "x", "1e3"})
        void whenFirstIsNegativeOrNotAWholeNumberThenItIsRefused(String first) {
            assertThat(PolicyPreview.Page.first(first)).isEmpty();
        }
    }
}
