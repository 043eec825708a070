package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.keycloak.models.KeycloakSession;
import uk.boroughbroker.keycloak.directory.DirectoryOutcome.Kind;

/**
 * The one decision both sign-in flows take from what the directories said in a request: recorded as
 * the provider records it, read as the form and the password grant read it.
 */
@DisplayName("DirectoryOutcome: what a sign-in is told")
class DirectoryOutcomeTest {

    /** A request: only its attributes, which is all the outcome uses. */
    private final KeycloakSession request = TestModels.request(new HashMap<>());

    @Nested
    @DisplayName("when no directory said anything")
    class Nothing {

        @Test
        void whenNoDirectoryWasAskedThenThereIsNothingToTell() {
            DirectoryOutcome outcome = DirectoryOutcome.of(request);

            assertThat(outcome.kind()).isEqualTo(Kind.NONE);
            assertThat(outcome.told()).isEqualTo(Kind.NONE);
            assertThat(outcome.council()).isNull();
        }

        @ParameterizedTest
        @EnumSource(value = AccountState.class, names = {"ACTIVE", "INVALID_CREDENTIALS"})
        void whenThePasswordWasSimplyRightOrWrongThenThePasswordChecksOwnAnswerStands(AccountState state) {
            DirectoryOutcome.accountState(request, "brent", state, true);

            assertThat(DirectoryOutcome.of(request).kind()).isEqualTo(Kind.NONE);
            assertThat(DirectoryOutcome.of(request).told()).isEqualTo(Kind.NONE);
        }
    }

    @Nested
    @DisplayName("when the directory confirmed the password and refuses the account")
    class Refused {

        @ParameterizedTest
        @EnumSource(value = AccountState.class, names = {"DISABLED", "EXPIRED", "PASSWORD_EXPIRED", "PASSWORD_MUST_CHANGE"})
        void whenTheAccountIsRefusedThenTheReasonIsToldWithItsCouncil(AccountState state) {
            DirectoryOutcome.accountState(request, "brent", state, false);
            DirectoryOutcome outcome = DirectoryOutcome.of(request);

            assertThat(outcome.kind().name()).isEqualTo(state.name());
            assertThat(outcome.told()).as("told whatever the council says about lockouts").isEqualTo(outcome.kind());
            assertThat(outcome.council()).isEqualTo("brent");
        }
    }

    @Nested
    @DisplayName("when AD has locked the account")
    class Locked {

        @Test
        void whenTheCouncilTellsLockoutsThenTheLockoutIsTold() {
            DirectoryOutcome.accountState(request, "islington", AccountState.LOCKED, true);
            DirectoryOutcome outcome = DirectoryOutcome.of(request);

            assertThat(outcome.kind()).isEqualTo(Kind.LOCKED);
            assertThat(outcome.told()).isEqualTo(Kind.LOCKED);
            assertThat(outcome.council()).isEqualTo("islington");
        }

        @Test
        void whenTheCouncilKeepsLockoutsQuietThenItIsStillALockoutButToldAsNothing() {
            DirectoryOutcome.accountState(request, "islington", AccountState.LOCKED, false);
            DirectoryOutcome outcome = DirectoryOutcome.of(request);

            assertThat(outcome.kind()).as("still not a counted failure").isEqualTo(Kind.LOCKED);
            assertThat(outcome.told()).as("reads as a wrong password").isEqualTo(Kind.NONE);
        }
    }

    @Nested
    @DisplayName("when a council's directory could not be reached")
    class Unavailable {

        @Test
        void whenTheDirectoryDidNotAnswerThenItIsUnavailableNamingTheCouncil() {
            DirectoryOutcome.unavailable(request, "haringey");
            DirectoryOutcome outcome = DirectoryOutcome.of(request);

            assertThat(outcome.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(outcome.council()).isEqualTo("haringey");
        }

        @ParameterizedTest
        @EnumSource(AccountState.class)
        void whenTheDirectoryAlsoAnsweredAPasswordEarlierThenUnavailableComesFirst(AccountState state) {
            DirectoryOutcome.accountState(request, "haringey", state, true);
            DirectoryOutcome.unavailable(request, "haringey");

            assertThat(DirectoryOutcome.of(request).kind()).isEqualTo(Kind.UNAVAILABLE);
        }

        @ParameterizedTest
        @EnumSource(AccountState.class)
        void whenTheDirectoryAnsweredAPasswordAfterAnOutageThenUnavailableStillComesFirst(AccountState state) {
            DirectoryOutcome.unavailable(request, "haringey");
            DirectoryOutcome.accountState(request, "haringey", state, true);

            assertThat(DirectoryOutcome.of(request).kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(DirectoryOutcome.of(request).council()).isEqualTo("haringey");
        }
    }

    @Nested
    @DisplayName("every state AD reports")
    class EveryState {

        @ParameterizedTest
        @EnumSource(AccountState.class)
        void whenAnyStateIsRecordedThenTheDecisionIsNeitherUnavailableNorLostOnTheNextRead(AccountState state) {
            DirectoryOutcome.accountState(request, "brent", state, true);

            Kind first = DirectoryOutcome.of(request).kind();
            assertThat(first).isNotEqualTo(Kind.UNAVAILABLE);
            assertThat(DirectoryOutcome.of(request).kind()).as("reading decides, it does not consume").isEqualTo(first);
        }

        @Test
        void whenAPasswordIsAnsweredTwiceThenTheLastAnswerCounts() {
            DirectoryOutcome.accountState(request, "brent", AccountState.DISABLED, true);
            DirectoryOutcome.accountState(request, "brent", AccountState.INVALID_CREDENTIALS, true);

            assertThat(DirectoryOutcome.of(request).kind()).isEqualTo(Kind.NONE);
        }
    }
}
