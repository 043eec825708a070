package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import uk.boroughbroker.model.directory.DirectorySettings;

@DisplayName("CouncilDirectoryConfigs: each federation's configuration parsed once while it is unchanged")
class CouncilDirectoryConfigsTest {

    private final CouncilDirectoryConfigs configs = new CouncilDirectoryConfigs();

    /** The federation as Keycloak hands it to a request: a fresh copy of the component each time. */
    private static ComponentModel asKeycloakHandsItOver(ComponentModel component) {
        return new ComponentModel(component);
    }

    @Nested
    @DisplayName("an unchanged federation")
    class Unchanged {

        @Test
        void whenEachRequestGetsAFreshCopyOfTheSameComponentThenTheParsedConfigurationIsReused() {
            ComponentModel brent = TestModels.brent();

            CouncilDirectoryConfig first = configs.of(asKeycloakHandsItOver(brent));

            assertThat(configs.of(asKeycloakHandsItOver(brent))).isSameAs(first);
            assertThat(first.connection()).isSameAs(configs.of(asKeycloakHandsItOver(brent)).connection());
        }

        @Test
        void whenTheCallerChangesItsCopyAfterwardsThenTheParsedConfigurationStillSaysWhatItWasParsedFrom() {
            ComponentModel copy = asKeycloakHandsItOver(TestModels.brent());
            CouncilDirectoryConfig parsed = configs.of(copy);

            copy.getConfig().putSingle(DirectorySettings.UPN_SUFFIXES.key(), "elsewhere.gov.uk");

            assertThat(parsed.ownsDomain("brent.gov.uk")).isTrue();
            assertThat(configs.of(TestModels.brent())).isSameAs(parsed);
            assertThat(configs.of(copy)).isNotSameAs(parsed);
        }
    }

    @Nested
    @DisplayName("a changed federation takes effect at the next lookup, without onUpdate (another node's change)")
    class Changed {

        @Test
        void whenAUpnSuffixChangesThenTheNewSuffixIsTheCouncilsAndTheOldOneIsNot() {
            CouncilDirectoryConfig before = configs.of(TestModels.brent());
            ComponentModel changed = TestModels.brent();
            changed.getConfig().putSingle(DirectorySettings.UPN_SUFFIXES.key(), "brent.london");

            CouncilDirectoryConfig after = configs.of(changed);

            assertThat(after).isNotSameAs(before);
            assertThat(after.ownsDomain("brent.london")).isTrue();
            assertThat(after.ownsDomain("brent.gov.uk")).isFalse();
            assertThat(configs.of(asKeycloakHandsItOver(changed))).isSameAs(after);
        }

        @Test
        void whenADirectoryUrlChangesThenTheConnectionSettingsAreTheNewOnes() {
            CouncilDirectoryConfig before = configs.of(TestModels.brent());
            ComponentModel changed = TestModels.brent();
            changed.getConfig().putSingle(DirectorySettings.CONNECTION_URLS.key(),
                    "ldaps://dc2.brent.local:636##ldaps://dc1.brent.local:636");

            ConnectionSettings after = configs.of(changed).connection();

            assertThat(after).isNotEqualTo(before.connection());
            assertThat(after.urls()).containsExactly("ldaps://dc2.brent.local:636", "ldaps://dc1.brent.local:636");
        }

        @Test
        void whenOnlyTheBindCredentialChangesThenTheNewCredentialIsUsed() {
            configs.of(TestModels.brent());
            ComponentModel changed = TestModels.brent();
            changed.getConfig().putSingle(DirectorySettings.BIND_CREDENTIAL.key(), "rotated");

            assertThat(configs.of(changed).connection().bindCredential()).isEqualTo("rotated");
        }

        @Test
        void whenTheFederationIsRenamedThenTheCouncilIdIsTheNewName() {
            configs.of(TestModels.brent());
            ComponentModel renamed = TestModels.brent();
            renamed.setName("brent-council");

            assertThat(configs.of(renamed).councilId()).isEqualTo("brent-council");
        }

        @Test
        void whenASettingIsRemovedThenItsDefaultApplies() {
            ComponentModel tuned = TestModels.brent();
            tuned.getConfig().putSingle(DirectorySettings.READ_TIMEOUT.key(), "1000");
            assertThat(configs.of(tuned).readTimeoutMillis()).isEqualTo(1_000);

            tuned.getConfig().remove(DirectorySettings.READ_TIMEOUT.key());

            assertThat(configs.of(tuned).readTimeoutMillis()).isEqualTo(5_000);
        }
    }

    @Nested
    @DisplayName("a forgotten federation (updated or removed on this node)")
    class Forgotten {

        @Test
        void whenTheFederationIsForgottenThenItIsParsedAgainFromTheComponent() {
            ComponentModel brent = TestModels.brent();
            CouncilDirectoryConfig before = configs.of(brent);

            configs.forget(brent.getId());

            CouncilDirectoryConfig after = configs.of(brent);
            assertThat(after).isNotSameAs(before);
            assertThat(configs.of(brent)).isSameAs(after);
        }

        @Test
        void whenAnotherFederationIsForgottenThenThisOneIsKept() {
            CouncilDirectoryConfig brent = configs.of(TestModels.brent());

            configs.forget("camden-component-id");

            assertThat(configs.of(TestModels.brent())).isSameAs(brent);
        }

        @Test
        void whenAllAreClearedThenEachIsParsedAgain() {
            CouncilDirectoryConfig before = configs.of(TestModels.brent());

            configs.clear();

            assertThat(configs.of(TestModels.brent())).isNotSameAs(before);
        }
    }

    @Test
    void whenTheComponentHasNoIdYetThenItIsParsedEachTimeAndNotKept() {
        ComponentModel unsaved = TestModels.brent();
        unsaved.setId(null);

        assertThat(configs.of(unsaved)).isNotSameAs(configs.of(unsaved));
        assertThat(configs.of(unsaved).councilId()).isEqualTo("brent");
    }
}
