package uk.boroughbroker.keycloak.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentValidationException;
import uk.boroughbroker.model.provisioning.ScimSystemKeys;

@DisplayName("A borough system's settings")
class ScimSystemConfigTest {

    private static ScimSystemConfig config(Map<String, String> changes) {
        Map<String, String> settings = TestUsers.validSettings();
        settings.putAll(changes);
        settings.values().removeIf(v -> v == null);
        return ScimSystemConfig.of(TestUsers.system(settings));
    }

    private static String problem(Map<String, String> changes) {
        Map<String, String> settings = TestUsers.validSettings();
        settings.putAll(changes);
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> ScimSystemConfig.of(TestUsers.system(settings)));
        assertThat(thrown).isInstanceOf(ComponentValidationException.class);
        return thrown.getMessage();
    }

    @Nested
    @DisplayName("when valid")
    class Valid {
        @Test
        void whenOnlyTheRequiredSettingsAreGivenThenTheDefaultsApply() {
            ScimSystemConfig config = config(Map.of());

            assertThat(config.baseUrl()).as("trailing slash dropped").isEqualTo(URI.create("https://housing.example.gov.uk/scim/v2"));
            assertThat(config.auth()).isEqualTo(new ScimSystemConfig.BearerFile(Path.of("/run/secrets/housing-token")));
            assertThat(config.leaverAction()).isEqualTo(ScimSystemConfig.LeaverAction.DEACTIVATE);
            assertThat(config.groups()).as("groups only for a system said to serve them").isFalse();
            assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(config.threads()).isEqualTo(2);
            assertThat(config.maxBackoff()).isEqualTo(Duration.ofMinutes(5));
        }

        @Test
        void whenClientCredentialsReadTheSecretFromAVariableThenOnlyItsNameIsKept() {
            ScimSystemConfig config = config(Map.of(ScimSystemKeys.AUTH, ScimSystemKeys.AUTH_CLIENT_CREDENTIALS,
                    ScimSystemKeys.TOKEN_URL, "https://housing.example.gov.uk/oauth/token",
                    ScimSystemKeys.CLIENT_ID, "borough-broker", ScimSystemKeys.CLIENT_SECRET_ENV, "HOUSING_SECRET"));

            assertThat(config.auth()).isEqualTo(new ScimSystemConfig.ClientCredentials(
                    URI.create("https://housing.example.gov.uk/oauth/token"), "borough-broker", null, "HOUSING_SECRET"));
        }

        @Test
        void whenGroupsAreOnThenCouncilRolesGoAsGroupsAndAnythingButTrueOrFalseIsRefused() {
            assertThat(config(Map.of(ScimSystemKeys.GROUPS, "true")).groups()).isTrue();
            assertThatThrownBy(() -> config(Map.of(ScimSystemKeys.GROUPS, "yes")))
                    .hasMessageContaining("groups: \"yes\" is not true or false");
        }

        @Test
        void whenTheLeaverActionIsDeleteThenItIsRead() {
            assertThat(config(Map.of(ScimSystemKeys.LEAVER_ACTION, "delete")).leaverAction())
                    .isEqualTo(ScimSystemConfig.LeaverAction.DELETE);
        }
    }

    @Nested
    @DisplayName("who qualifies")
    class Qualifies {
        private final ScimSystemConfig config = config(Map.of(ScimSystemKeys.COUNCILS, "lewisham,brent"));

        @Test
        void whenAListedCouncilsPersonHoldsAListedRoleThenTheyQualify() {
            assertThat(config.qualifies("lewisham", Set.of("lewisham/housing:officer", "offline_access"))).isTrue();
        }

        @Test
        void whenAPersonOfAnotherCouncilHoldsTheSameRoleThenTheyDoNot() {
            // The role is Lewisham's, granted to a Camden person by a shared service: Camden is not listed.
            assertThat(config.qualifies("camden", Set.of("lewisham/housing:officer"))).isFalse();
        }

        @Test
        void whenAListedCouncilsPersonHoldsNoListedRoleThenTheyDoNot() {
            assertThat(config.qualifies("brent", Set.of("brent/revenues-benefits:officer"))).isFalse();
        }

        @Test
        void whenNoRolesAreListedThenEveryoneOfTheCouncilsQualifies() {
            assertThat(config(Map.of(ScimSystemKeys.ROLES, "")).qualifies("lewisham", Set.of())).isTrue();
        }
    }

    @Nested
    @DisplayName("when invalid, the admin is told what to fix")
    class Invalid {
        @Test
        void whenTheUrlIsPlainHttpThenTheyAreToldToUseHttpsOrOptOutExplicitly() {
            assertThat(problem(Map.of(ScimSystemKeys.BASE_URL, "http://housing.example.gov.uk/scim/v2")))
                    .contains("baseUrl: \"http://housing.example.gov.uk/scim/v2\" is plain http").contains("allowPlainHttp");
            assertThat(config(Map.of(ScimSystemKeys.BASE_URL, "http://localhost:8080/scim",
                    ScimSystemKeys.ALLOW_PLAIN_HTTP, "true")).baseUrl().getScheme()).isEqualTo("http");
        }

        @Test
        void whenNoCouncilIsNamedThenThatIsSaid() {
            assertThat(problem(Map.of(ScimSystemKeys.COUNCILS, ""))).contains("councils: name at least one council");
        }

        @Test
        void whenACouncilOrRoleIsMisspeltThenEachIsNamed() {
            String message = problem(Map.of(ScimSystemKeys.COUNCILS, "Lewisham", ScimSystemKeys.ROLES, "housing:officer"));

            assertThat(message).contains("councils: \"Lewisham\" is not a council id")
                    .contains("roles: \"housing:officer\" is not a council role; write <council>/<role>");
        }

        @Test
        void whenClientCredentialsHaveBothOrNeitherSecretSourceThenExactlyOneIsAskedFor() {
            Map<String, String> both = Map.of(ScimSystemKeys.AUTH, ScimSystemKeys.AUTH_CLIENT_CREDENTIALS,
                    ScimSystemKeys.TOKEN_URL, "https://t.example/token", ScimSystemKeys.CLIENT_ID, "c",
                    ScimSystemKeys.CLIENT_SECRET_FILE, "/s", ScimSystemKeys.CLIENT_SECRET_ENV, "S");

            assertThat(problem(both)).contains("give exactly one of clientSecretFile").contains("never the secret");
        }

        @Test
        void whenNumbersAreOutOfBoundsThenTheBoundsAreGiven() {
            assertThat(problem(Map.of(ScimSystemKeys.THREADS, "50"))).contains("threads: \"50\" is not a whole number from 1 to 8");
            assertThat(problem(Map.of(ScimSystemKeys.READ_TIMEOUT_MS, "soon"))).contains("readTimeoutMs: \"soon\"");
        }

        @Test
        void whenSeveralSettingsAreWrongThenAllAreReportedAtOnceWithTheSystemsName() {
            assertThatThrownBy(() -> ScimSystemConfig.of(TestUsers.system(Map.of(ScimSystemKeys.AUTH, "basic"))))
                    .hasMessageStartingWith("SCIM system \"housing\": ")
                    .hasMessageContaining("baseUrl: give the URL").hasMessageContaining("auth: \"basic\" is not")
                    .hasMessageContaining("councils: name at least one council")
                    .hasMessageNotContaining("'");
        }
    }
}
