package uk.boroughbroker.keycloak.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import uk.boroughbroker.keycloak.testing.AgainstTheDemoBroker;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;
import uk.boroughbroker.model.provisioning.ScimSystemKeys;
import uk.boroughbroker.realms.AdminApiException;
import uk.boroughbroker.realms.ScimTargetRealm;

/**
 * The admin side: systems refused with reasons, status and actions guarded, reconcile against a real
 * system. (Nested tests reach the server through the demo broker's admin client: the test framework
 * injects the server's URLs into the outer instance of top-level tests only.)
 */
@KeycloakIntegrationTest(config = BoroughServerConfig.class)
@DisplayName("Provisioning for admins")
class ProvisioningAdminIT extends AgainstTheDemoBroker {

    private static final Duration BOUND = Duration.ofSeconds(40);
    private static final String API = "/realms/borough/borough-provisioning/systems";

    private ScimSystems systems;
    private CamdenPeople camden;
    private String system;
    private ScimTargetRealm target;

    @BeforeEach
    void fixtures() {
        systems = new ScimSystems(broker.admin());
        camden = new CamdenPeople(broker);
    }

    @AfterEach
    void removeTheSystem() {
        if (system != null) {
            systems.remove(system);
        }
    }

    private String housingSystem(ScimTargetRealm realm) {
        return systems.keycloakSystem("reconcile", realm, List.of(CamdenPeople.HOUSING_ROLE));
    }

    @Nested
    @DisplayName("reconcile")
    class Reconcile {
        @Test
        void whenPeopleJoinedBeforeTheSystemWasAddedThenADryRunListsThemAndChangesNothingAndTheRealRunProvisionsThem() {
            CamdenPeople.Person early = camden.add("earl", "Eve", true);
            CamdenPeople.Person clerk = camden.add("cler", "Cal", false);
            signIn(early.username(), early.password());
            signIn(clerk.username(), clerk.password());
            target = ScimTargetRealm.ensure(broker.admin(), broker.admin().baseUrl(), "reconcile");
            system = housingSystem(target);
            // An account someone made at the system by hand: listed, never touched.
            broker.admin().post("/realms/reconcile/users", new ObjectMapper().createObjectNode()
                    .put("username", "handmade").put("email", "handmade@example.org").put("firstName", "Hand")
                    .put("lastName", "Made").put("enabled", true));

            JsonNode dryRun = broker.admin().postForJson(API + "/" + system + "/reconcile?dryRun=true");

            assertThat(dryRun.path("wouldBeCreate").toString()).contains(early.username()).doesNotContain(clerk.username());
            assertThat(dryRun.path("notFromBroker").toString()).contains("handmade");
            assertThat(target.users("exact=true&username=" + early.username()).size()).as("a dry run changes nothing")
                    .isZero();

            JsonNode run = broker.admin().postForJson(API + "/" + system + "/reconcile?dryRun=false");

            assertThat(run.path("queuedToCreate").toString()).contains(early.username());
            Polling.until(BOUND, "provisioned by the reconcile", () -> Optional.of(target.users("exact=true&username="
                    + early.username())).filter(u -> u.size() == 1));
            assertThat(target.users("exact=true&username=handmade").get(0).path("enabled").asBoolean()).isTrue();
            JsonNode again = Polling.until(BOUND, "nothing left to reconcile", () -> Optional.of(broker.admin()
                    .postForJson(API + "/" + system + "/reconcile?dryRun=true"))
                    .filter(r -> !r.path("wouldBeCreate").toString().contains(early.username())));
            assertThat(again.path("wouldBeUpdate").toString()).doesNotContain(early.username());
        }

        @Test
        void whenSomeoneReEnabledAnAccountAtTheSystemThenReconcileWouldDeactivateItAgain() {
            CamdenPeople.Person leaver = camden.add("reen", "Rae", true);
            signIn(leaver.username(), leaver.password());
            target = ScimTargetRealm.ensure(broker.admin(), broker.admin().baseUrl(), "reconcile");
            system = housingSystem(target);
            broker.admin().postForJson(API + "/" + system + "/reconcile?dryRun=false");
            Polling.until(BOUND, "provisioned", () -> Optional.of(target.users("exact=true&username="
                    + leaver.username())).filter(u -> u.size() == 1));
            camden.directory().setUserAccountControl(leaver.dn(), 514);
            camden.reRead(leaver);
            Polling.until(BOUND, "deactivated", () -> Optional.of(target.users("exact=true&username="
                    + leaver.username())).filter(u -> !u.get(0).path("enabled").asBoolean(true)));
            String id = target.users("exact=true&username=" + leaver.username()).get(0).path("id").asText();
            broker.admin().put("/realms/reconcile/users/" + id, new ObjectMapper().createObjectNode().put("enabled", true));

            JsonNode dryRun = broker.admin().postForJson(API + "/" + system + "/reconcile?dryRun=true");

            assertThat(dryRun.path("wouldBeDeactivate").toString()).contains(leaver.username());
        }
    }

    @Test
    void whenASystemsSettingsAreWrongThenCreatingItIsRefusedWithEveryProblemNamed() {
        AdminApiException refused = catchThrowableOfType(AdminApiException.class, () -> systems.create("broken",
                Map.of(ScimSystemKeys.BASE_URL, List.of("http://housing.example.gov.uk/scim"),
                        ScimSystemKeys.AUTH, List.of(ScimSystemKeys.AUTH_CLIENT_CREDENTIALS),
                        ScimSystemKeys.CLIENT_SECRET_ENV, List.of("HOUSING_SECRET"),
                        ScimSystemKeys.COUNCILS, List.of("Camden"))));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.getMessage()).contains("baseUrl: \"http://housing.example.gov.uk/scim\" is plain http")
                .contains("tokenUrl: give the URL").contains("clientId: give the OAuth client id")
                .contains("councils: \"Camden\" is not a council id");
    }

    @Test
    void whenAnUnknownSystemIsNamedThenTheAnswerIs404AndSaysWhereTheListIs() {
        AdminApiException refused = catchThrowableOfType(AdminApiException.class,
                () -> broker.admin().postForJson(API + "/no-such-system/retry"));

        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.getMessage()).contains("no valid SCIM system named").contains("no-such-system")
                .contains("GET systems");
    }

    @Test
    void whenDryRunIsNeitherTrueNorFalseThenTheAnswerIs400() {
        target = ScimTargetRealm.ensure(broker.admin(), broker.admin().baseUrl(), "reconcile");
        system = housingSystem(target);

        AdminApiException refused = catchThrowableOfType(AdminApiException.class,
                () -> broker.admin().postForJson(API + "/" + system + "/reconcile?dryRun=yes"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.getMessage()).contains("dryRun must be true or false");
    }

    @Test
    void whenASignedInStaffMemberAsksForTheStatusOrARetryThenTheyAreForbidden() throws Exception {
        CamdenPeople.Person staff = camden.add("nosy", "Nat", true);
        String token = signIn(staff.username(), staff.password()).accessToken();
        HttpClient http = HttpClient.newHttpClient();

        for (HttpRequest.Builder request : List.of(
                HttpRequest.newBuilder(URI.create(broker.admin().baseUrl() + "/admin" + API)).GET(),
                HttpRequest.newBuilder(URI.create(broker.admin().baseUrl() + "/admin" + API + "/x/retry"))
                        .POST(HttpRequest.BodyPublishers.noBody()))) {
            HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        }
    }
}
