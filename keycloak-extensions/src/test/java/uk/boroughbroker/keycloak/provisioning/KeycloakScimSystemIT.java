package uk.boroughbroker.keycloak.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import uk.boroughbroker.keycloak.testing.AgainstTheDemoBroker;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;
import uk.boroughbroker.model.provisioning.ScimSystemKeys;
import uk.boroughbroker.realms.ScimTargetRealm;

/**
 * A real SCIM 2.0 server as the borough system: Keycloak's own SCIM API on a second realm of the
 * test server ("housing"). What it holds is read back through its admin REST API, the truth rather
 * than the SCIM echo.
 */
@KeycloakIntegrationTest(config = BoroughServerConfig.class)
@DisplayName("Provisioning to a real SCIM server (Keycloak's SCIM API)")
class KeycloakScimSystemIT extends AgainstTheDemoBroker {

    private static final Duration BOUND = Duration.ofSeconds(30);
    private static ScimTargetRealm housing;

    private ScimSystems systems;
    private CamdenPeople camden;
    private String system;

    @BeforeEach
    void aHousingSystemForCamdensHousingOfficers() {
        synchronized (KeycloakScimSystemIT.class) {
            if (housing == null) {
                housing = ScimTargetRealm.ensure(broker.admin(), broker.admin().baseUrl(), "housing");
            }
        }
        systems = new ScimSystems(broker.admin());
        camden = new CamdenPeople(broker);
        system = systems.keycloakSystem("housing", housing, List.of(CamdenPeople.HOUSING_ROLE));
    }

    @AfterEach
    void removeTheSystem() {
        systems.remove(system);
    }

    /** The system's account for this person once it exists (lower-cased userName, as Keycloak stores it). */
    private Optional<JsonNode> account(CamdenPeople.Person person) {
        JsonNode found = housing.users("exact=true&username=" + person.username().toLowerCase());
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The names of the groups an account is in at the system, as Keycloak holds them. */
    private List<String> groupsOf(String accountId) {
        List<String> names = new java.util.ArrayList<>();
        broker.admin().get("/realms/" + housing.name() + "/users/" + accountId + "/groups")
                .forEach(g -> names.add(g.path("name").asText()));
        return names;
    }

    private JsonNode provisioned(CamdenPeople.Person person) {
        return Polling.until(BOUND, person.username() + " at the housing system", () -> account(person));
    }

    @Nested
    @DisplayName("a joiner")
    class Joiner {
        @Test
        void whenAHousingOfficerSignsInThenTheHousingSystemHoldsThemUnderTheirBrokerId() {
            CamdenPeople.Person joiner = camden.add("join", "Jo", true);
            assertThat(signIn(joiner.username(), joiner.password()).status()).isEqualTo(200);

            JsonNode account = provisioned(joiner);

            assertThat(account.path("attributes").path("externalId").get(0).asText()).isEqualTo(camden.brokerId(joiner));
            assertThat(account.path("firstName").asText()).isEqualTo("Jo");
            assertThat(account.path("lastName").asText()).isEqualTo("Tester");
            assertThat(account.path("email").asText()).isEqualTo(joiner.email());
            assertThat(account.path("enabled").asBoolean()).isTrue();
        }

        @Test
        void theirAccountIsInTheSystemsGroupOfEachCouncilRoleTheyHoldThere() {
            CamdenPeople.Person joiner = camden.add("grp", "Gia", true);
            assertThat(signIn(joiner.username(), joiner.password()).status()).isEqualTo(200);
            String accountId = provisioned(joiner).path("id").asText();

            List<String> groups = Polling.until(BOUND, "a member of the housing role's group",
                    () -> Optional.of(groupsOf(accountId)).filter(g -> !g.isEmpty()));

            assertThat(groups).contains(CamdenPeople.HOUSING_ROLE).allMatch(g -> g.startsWith("camden/"));
        }

        @Test
        void whenSomeoneWithoutAQualifyingRoleSignsInThenTheSystemGetsNoAccountForThem() {
            CamdenPeople.Person clerk = camden.add("clerk", "Cleo", false);
            CamdenPeople.Person officer = camden.add("offi", "Ola", true);
            assertThat(signIn(clerk.username(), clerk.password()).status()).isEqualTo(200);
            assertThat(signIn(officer.username(), officer.password()).status()).isEqualTo(200);

            // The officer's account is the sign that this node's queue was worked through.
            provisioned(officer);

            assertThat(account(clerk)).isEmpty();
        }
    }

    /** Issue 14's "done when", with nobody signing in or re-reading: the background sync alone. */
    @Nested
    @DisplayName("from AD to the system with no one acting")
    class FromTheDirectoryAlone {

        private static final Duration A_MINUTE = Duration.ofSeconds(60);

        @Test
        void aNewAdEntryHasAnAccountAtTheSystemBeforeTheirFirstSignIn() {
            CamdenPeople.Person joiner = camden.add("new", "Nell", true);

            JsonNode account = Polling.until(A_MINUTE, joiner.username() + " at the system before any sign-in",
                    () -> account(joiner));

            assertThat(account.path("attributes").path("externalId").get(0).asText()).isEqualTo(camden.brokerId(joiner));
            assertThat(account.path("enabled").asBoolean()).isTrue();
        }

        @Test
        void aPersonDisabledInAdCannotRefreshWithinAMinuteAndTheSystemShowsThemInactive() {
            CamdenPeople.Person leaver = camden.add("gone", "Gus", true);
            uk.boroughbroker.keycloak.testing.PartnerApp.TokenResponse signedIn = signIn(leaver.username(),
                    leaver.password());
            assertThat(signedIn.status()).isEqualTo(200);
            provisioned(leaver);

            camden.directory().setUserAccountControl(leaver.dn(), 514);

            Polling.until(A_MINUTE, "inactive at the system", () -> account(leaver)
                    .filter(a -> !a.path("enabled").asBoolean(true)));
            uk.boroughbroker.keycloak.testing.PartnerApp.TokenResponse refreshed = app.refresh(
                    uk.boroughbroker.keycloak.testing.DemoBroker.SERVICE_CLIENT, broker.serviceSecret(),
                    signedIn.body().path("refresh_token").asText());
            assertThat(refreshed.status()).as(refreshed.body().toString()).isEqualTo(400);
        }
    }

    @Nested
    @DisplayName("a leaver and a mover")
    class LeaverAndMover {
        @Test
        void whenTheAccountIsDisabledInAdThenTheSystemShowsThemInactiveAndKeepsTheAccount() {
            CamdenPeople.Person leaver = camden.add("leav", "Lee", true);
            signIn(leaver.username(), leaver.password());
            String accountId = provisioned(leaver).path("id").asText();

            camden.directory().setUserAccountControl(leaver.dn(), 514);
            camden.reRead(leaver);

            JsonNode inactive = Polling.until(BOUND, "inactive at the system", () -> account(leaver)
                    .filter(a -> !a.path("enabled").asBoolean(true)));
            assertThat(inactive.path("id").asText()).as("the same account, not a new one").isEqualTo(accountId);
        }

        @Test
        void whenAMoverLeavesTheHousingGroupThenTheirAccountIsDeactivatedAndComesBackWhenTheyReturn() {
            CamdenPeople.Person mover = camden.add("move", "Mo", true);
            signIn(mover.username(), mover.password());
            provisioned(mover);

            String accountId = account(mover).orElseThrow().path("id").asText();
            Polling.until(BOUND, "in the housing role's group", () -> Optional.of(groupsOf(accountId))
                    .filter(g -> g.contains(CamdenPeople.HOUSING_ROLE)));

            camden.directory().removeMember(CamdenPeople.HOUSING_OFFICERS, mover.dn());
            camden.reRead(mover);
            Polling.until(BOUND, "inactive after the move", () -> account(mover)
                    .filter(a -> !a.path("enabled").asBoolean(true)));
            Polling.until(BOUND, "out of the role's group after the move", () -> Optional.of(groupsOf(accountId))
                    .filter(List::isEmpty));

            camden.directory().addMember(CamdenPeople.HOUSING_OFFICERS, mover.dn());
            camden.reRead(mover);
            Polling.until(BOUND, "active again after returning", () -> account(mover)
                    .filter(a -> a.path("enabled").asBoolean(false)));
        }

        @Test
        void whenTheirNameChangesInAdThenTheSystemsAccountIsRenamedInPlace() {
            CamdenPeople.Person person = camden.add("name", "Nia", true);
            signIn(person.username(), person.password());
            String accountId = provisioned(person).path("id").asText();

            camden.directory().replace(person.dn(), "sn", "Okafor");
            camden.reRead(person);

            JsonNode renamed = Polling.until(BOUND, "renamed at the system", () -> account(person)
                    .filter(a -> a.path("lastName").asText().equals("Okafor")));
            assertThat(renamed.path("id").asText()).isEqualTo(accountId);
        }
    }

    @Test
    void whenASystemDeletesLeaversThenALeaversAccountIsRemovedAndMadeAgainIfTheyReturn() {
        ScimTargetRealm socialCare = ScimTargetRealm.ensure(broker.admin(), urls.getBase(), "socialcare");
        String deleting = systems.keycloakSystem("socialcare", socialCare, List.of(CamdenPeople.HOUSING_ROLE),
                Map.of(ScimSystemKeys.LEAVER_ACTION, "delete"));
        try {
            CamdenPeople.Person leaver = camden.add("dele", "Dee", true);
            signIn(leaver.username(), leaver.password());
            String query = "exact=true&username=" + leaver.username().toLowerCase();
            String first = Polling.until(BOUND, "provisioned", () -> Optional.of(socialCare.users(query))
                    .filter(u -> u.size() == 1)).get(0).path("id").asText();

            camden.directory().setUserAccountControl(leaver.dn(), 514);
            camden.reRead(leaver);
            Polling.until(BOUND, "deleted at the system", () -> Optional.of(socialCare.users(query))
                    .filter(JsonNode::isEmpty));

            camden.directory().setUserAccountControl(leaver.dn(), 512);
            camden.reRead(leaver);
            String again = Polling.until(BOUND, "made again on return", () -> Optional.of(socialCare.users(query))
                    .filter(u -> u.size() == 1)).get(0).path("id").asText();
            assertThat(again).isNotEqualTo(first);
        } finally {
            systems.remove(deleting);
        }
    }

    @Test
    void whenChangesHaveBeenDeliveredThenTheStatusShowsNothingPendingAndALastSuccess() {
        CamdenPeople.Person person = camden.add("stat", "Sam", true);
        signIn(person.username(), person.password());
        provisioned(person);

        JsonNode status = Polling.until(BOUND, "delivery recorded", () -> Optional.of(systems.status(system))
                .filter(s -> s.path("pending").asLong() == 0 && s.path("lastSuccess").isTextual()));

        assertThat(status.path("failed").asLong()).isZero();
        assertThat(status.path("invalid").isMissingNode()).isTrue();
    }

    @Test
    void whenAJoinerIsProvisionedThenAnAuditorReadsTheQueuedChangeAndTheCallAsAdminEvents() {
        CamdenPeople.Person person = camden.add("audi", "Ada", true);
        signIn(person.username(), person.password());
        provisioned(person);
        String id = camden.brokerId(person);

        JsonNode events = Polling.until(BOUND, "the call's admin event", () -> {
            JsonNode found = broker.admin().get("/realms/borough/admin-events?resourcePath=borough-provisioning/"
                    + system + "/users/" + id + "&max=10");
            return found.size() >= 2 ? Optional.of(found) : Optional.empty();
        });

        assertThat(events).extracting(e -> e.path("resourceType").asText()).containsOnly(ProvisioningEvents.RESOURCE_TYPE);
        assertThat(events).extracting(e -> e.path("operationType").asText()).contains("UPDATE", "CREATE");
        assertThat(events).extracting(e -> e.path("authDetails").path("clientId").asText())
                .containsOnly(ProvisioningEvents.ACTOR);
    }
}
