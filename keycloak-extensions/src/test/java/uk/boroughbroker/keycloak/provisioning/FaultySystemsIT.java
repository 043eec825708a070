package uk.boroughbroker.keycloak.provisioning;

import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import uk.boroughbroker.keycloak.testing.AgainstTheDemoBroker;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;
import uk.boroughbroker.model.provisioning.ScimSystemKeys;

/**
 * Borough systems that misbehave (WireMock): 503s, timeouts, 409s, refusals, slowness, and a system
 * down for a while then back. Whatever they do, each change arrives once, in order per person, and a
 * slow system holds up no other.
 */
@KeycloakIntegrationTest(config = BoroughServerConfig.class)
@DisplayName("Provisioning to systems that fail")
class FaultySystemsIT extends AgainstTheDemoBroker {

    private static final Duration BOUND = Duration.ofSeconds(40);

    private final List<String> created = new ArrayList<>();
    private final List<ScimStub> stubs = new ArrayList<>();
    private ScimSystems systems;
    private CamdenPeople camden;

    @BeforeEach
    void fixtures() {
        systems = new ScimSystems(broker.admin());
        camden = new CamdenPeople(broker);
    }

    @AfterEach
    void removeSystemsAndStubs() {
        created.forEach(systems::remove);
        stubs.forEach(ScimStub::close);
    }

    private ScimStub stub() {
        ScimStub stub = new ScimStub();
        stubs.add(stub);
        return stub;
    }

    /** A system for Camden's housing officers at {@code baseUrl}; retries capped at 2 s for the tests. */
    private String system(String baseUrl, Map<String, String> extra) {
        Map<String, List<String>> settings = new HashMap<>();
        settings.put(ScimSystemKeys.BASE_URL, List.of(baseUrl));
        settings.put(ScimSystemKeys.ALLOW_PLAIN_HTTP, List.of("true"));
        settings.put(ScimSystemKeys.AUTH, List.of(ScimSystemKeys.AUTH_BEARER_FILE));
        settings.put(ScimSystemKeys.BEARER_TOKEN_FILE, List.of(ScimSystems.secretFile("stub-token").toString()));
        settings.put(ScimSystemKeys.COUNCILS, List.of("camden"));
        settings.put(ScimSystemKeys.ROLES, List.of(CamdenPeople.HOUSING_ROLE));
        settings.put(ScimSystemKeys.MAX_BACKOFF_SECONDS, List.of("2"));
        extra.forEach((k, v) -> settings.put(k, List.of(v)));
        String id = systems.create(ScimSystems.name("stub"), settings);
        created.add(id);
        return id;
    }

    private CamdenPeople.Person joiner(String prefix) {
        CamdenPeople.Person person = camden.add(prefix, "Ann", true);
        assertThat(signIn(person.username(), person.password()).status()).isEqualTo(200);
        return person;
    }

    private static List<String> methods(List<LoggedRequest> writes) {
        return writes.stream().map(r -> r.getMethod().getName()).toList();
    }

    private JsonNode settled(String system) {
        return Polling.until(BOUND, "nothing pending at " + system, () -> Optional.of(systems.status(system))
                .filter(s -> s.path("pending").asLong() == 0));
    }

    @Nested
    @DisplayName("transient failures are retried")
    class Transient {
        @Test
        void whenTheSystemAnswers503TwiceThenTheThirdAttemptCreatesTheAccountAndNothingIsSentAgain() {
            ScimStub stub = stub();
            stub.server().stubFor(stub.search().willReturn(ScimStub.scim(200, ScimStub.EMPTY_LIST)));
            stub.server().stubFor(stub.create().inScenario("503").whenScenarioStateIs(STARTED)
                    .willReturn(ScimStub.scim(503, "")).willSetStateTo("once"));
            stub.server().stubFor(stub.create().inScenario("503").whenScenarioStateIs("once")
                    .willReturn(ScimStub.scim(503, "")).willSetStateTo("twice"));
            stub.server().stubFor(stub.create().inScenario("503").whenScenarioStateIs("twice")
                    .willReturn(ScimStub.scim(201, ScimStub.user("acc-1", "x", "x", "Tester", true))));
            String system = system(stub.baseUrl(), Map.of());

            CamdenPeople.Person person = joiner("five");
            JsonNode status = settled(system);

            assertThat(methods(stub.writes())).containsExactly("POST", "POST", "POST");
            assertThat(stub.writes()).allMatch(r -> r.getBodyAsString().contains(person.username()));
            assertThat(status.path("failed").asLong()).isZero();
            assertThat(status.path("lastSuccess").isTextual()).isTrue();
        }

        @Test
        void whenTheSystemDoesNotAnswerInTimeThenTheChangeIsSentAgainAndDelivered() {
            ScimStub stub = stub();
            stub.server().stubFor(stub.search().willReturn(ScimStub.scim(200, ScimStub.EMPTY_LIST)));
            stub.server().stubFor(stub.create().inScenario("slow").whenScenarioStateIs(STARTED)
                    .willReturn(ScimStub.scim(201, ScimStub.user("acc-1", "x", "x", "Tester", true))
                            .withFixedDelay(3_000)).willSetStateTo("quick"));
            stub.server().stubFor(stub.create().inScenario("slow").whenScenarioStateIs("quick")
                    .willReturn(ScimStub.scim(201, ScimStub.user("acc-1", "x", "x", "Tester", true))));
            String system = system(stub.baseUrl(), Map.of(ScimSystemKeys.READ_TIMEOUT_MS, "1000"));

            joiner("tout");
            settled(system);

            assertThat(methods(stub.writes())).containsExactly("POST", "POST");
        }

        @Test
        void whenTheSystemAnswersSlowlyButInTimeThenOneCallDelivers() {
            ScimStub stub = stub();
            stub.server().stubFor(stub.search().willReturn(ScimStub.scim(200, ScimStub.EMPTY_LIST)
                    .withFixedDelay(700)));
            stub.server().stubFor(stub.create().willReturn(ScimStub.scim(201,
                    ScimStub.user("acc-1", "x", "x", "Tester", true)).withFixedDelay(700)));
            String system = system(stub.baseUrl(), Map.of(ScimSystemKeys.READ_TIMEOUT_MS, "5000"));

            joiner("slow");
            settled(system);

            assertThat(methods(stub.writes())).containsExactly("POST");
        }
    }

    @Test
    void whenCreateMeets409ThenTheAccountIsFoundByExternalIdAndPatchedInsteadOfCreatedTwice() {
        ScimStub stub = stub();
        stub.server().stubFor(stub.search().inScenario("conflict").whenScenarioStateIs(STARTED)
                .willReturn(ScimStub.scim(200, ScimStub.EMPTY_LIST)));
        stub.server().stubFor(stub.create().inScenario("conflict").whenScenarioStateIs(STARTED)
                .willReturn(ScimStub.scim(409, ScimStub.error(409, "userName taken"))).willSetStateTo("exists"));
        String system = system(stub.baseUrl(), Map.of());
        CamdenPeople.Person person = camden.add("conf", "Ann", true);
        // The system already has them (made by an attempt whose answer was lost), inactive.
        stub.server().stubFor(stub.search().inScenario("conflict").whenScenarioStateIs("exists")
                .willReturn(ScimStub.scim(200, ScimStub.listOf(ScimStub.user("acc-9", person.username(), "any",
                        "Tester", false)))));
        stub.server().stubFor(stub.patchOf("acc-9").willReturn(ScimStub.scim(200,
                ScimStub.user("acc-9", person.username(), "any", "Tester", true))));

        assertThat(signIn(person.username(), person.password()).status()).isEqualTo(200);
        settled(system);

        assertThat(methods(stub.writes())).containsExactly("POST", "PATCH");
        assertThat(stub.writes().get(1).getBodyAsString()).contains("\"active\"").contains("true");
    }

    @Test
    void whenTheSystemRefusesAChangeThenItFailsWithTheReasonAndAnAdminsRetryDeliversIt() {
        ScimStub stub = stub();
        stub.server().stubFor(stub.search().willReturn(ScimStub.scim(200, ScimStub.EMPTY_LIST)));
        stub.server().stubFor(stub.create().willReturn(ScimStub.scim(400, ScimStub.error(400, "department is required"))));
        String system = system(stub.baseUrl(), Map.of());

        joiner("refu");
        JsonNode failed = Polling.until(BOUND, "a failed change", () -> Optional.of(systems.status(system))
                .filter(s -> s.path("failed").asLong() == 1));
        assertThat(failed.path("failures").get(0).path("reason").asText()).contains("400")
                .contains("department is required");

        stub.server().stubFor(stub.create().willReturn(ScimStub.scim(201, ScimStub.user("acc-1", "x", "x", "T", true))));
        JsonNode retried = broker.admin().postForJson("/realms/borough/borough-provisioning/systems/" + system + "/retry");
        assertThat(retried.path("due").asInt()).isEqualTo(1);

        JsonNode status = settled(system);
        assertThat(status.path("failed").asLong()).isZero();
        assertThat(methods(stub.writes())).containsExactly("POST", "POST");
    }

    /** Issue 14: a system down for two minutes loses nothing; the changes keep being retried meanwhile. */
    @Test
    void whenTheSystemIsDownForTwoMinutesWhileAPersonJoinsIsRenamedAndLeavesThenAllThreeArriveInOrderOnceItIsBack() {
        ScimStub first = stub();
        int port = first.port();
        String prefix = first.prefix;
        String baseUrl = first.baseUrl();
        first.stop();
        java.time.Instant down = java.time.Instant.now();
        String system = system(baseUrl, Map.of());

        CamdenPeople.Person person = joiner("down");
        camden.directory().replace(person.dn(), "sn", "Okafor");
        camden.reRead(person);
        camden.directory().setUserAccountControl(person.dn(), 514);
        camden.reRead(person);
        JsonNode waiting = Polling.until(BOUND, "a retried change", () -> Optional.of(systems.status(system))
                .filter(s -> s.path("pending").asLong() == 3));
        assertThat(waiting.path("lastSuccess").isTextual()).as("never delivered").isFalse();
        Duration twoMinutes = Duration.ofMinutes(2);
        JsonNode stillDown = Polling.until(twoMinutes.plusSeconds(30), "two minutes down", () -> {
            JsonNode status = systems.status(system);
            assertThat(status.path("pending").asLong()).as("nothing lost or given up while down: %s", status)
                    .isEqualTo(3);
            assertThat(status.path("failed").asLong()).as("a system that is down is retried, not failed").isZero();
            return Duration.between(down, java.time.Instant.now()).compareTo(twoMinutes) >= 0 ? Optional.of(status)
                    : Optional.empty();
        });
        assertThat(stillDown.path("retrying").toString()).as("the retries say why").contains("no answer");

        ScimStub back = new ScimStub(port, prefix);
        stubs.add(back);
        back.server().stubFor(back.search().inScenario("back").whenScenarioStateIs(STARTED)
                .willReturn(ScimStub.scim(200, ScimStub.EMPTY_LIST)));
        back.server().stubFor(back.create().inScenario("back").whenScenarioStateIs(STARTED)
                .willReturn(ScimStub.scim(201, ScimStub.user("acc-1", person.username(), "x", "Tester", true)))
                .willSetStateTo("created"));
        back.server().stubFor(back.search().inScenario("back").whenScenarioStateIs("created")
                .willReturn(ScimStub.scim(200, ScimStub.listOf(ScimStub.user("acc-1", person.username(),
                        camden.brokerId(person), "Tester", true)))));
        back.server().stubFor(back.patchOf("acc-1").willReturn(ScimStub.scim(200,
                ScimStub.user("acc-1", person.username(), "x", "Okafor", true))));
        settled(system);

        List<LoggedRequest> writes = back.writes();
        assertThat(methods(writes)).containsExactly("POST", "PATCH", "PATCH");
        assertThat(writes.get(0).getBodyAsString()).contains("Tester").doesNotContain("Okafor");
        assertThat(writes.get(1).getBodyAsString()).contains("Okafor").doesNotContain("\"active\"");
        assertThat(writes.get(2).getBodyAsString()).contains("\"active\"").contains("false");
    }

    @Test
    void whenOneSystemIsSlowThenAnotherSystemStillGetsThePersonAtOnce() {
        ScimStub slow = stub();
        slow.server().stubFor(slow.search().willReturn(ScimStub.scim(200, ScimStub.EMPTY_LIST).withFixedDelay(6_000)));
        slow.server().stubFor(slow.create().willReturn(ScimStub.scim(201, ScimStub.user("a", "x", "x", "T", true))));
        ScimStub fast = stub();
        fast.server().stubFor(fast.search().willReturn(ScimStub.scim(200, ScimStub.EMPTY_LIST)));
        fast.server().stubFor(fast.create().willReturn(ScimStub.scim(201, ScimStub.user("b", "x", "x", "T", true))));
        system(slow.baseUrl(), Map.of(ScimSystemKeys.READ_TIMEOUT_MS, "20000", ScimSystemKeys.THREADS, "1"));
        system(fast.baseUrl(), Map.of());

        Instant start = Instant.now();
        joiner("both");
        Polling.until(BOUND, "the fast system's account", () -> fast.writes().isEmpty() ? Optional.empty()
                : Optional.of(true));
        Duration fastTook = Duration.between(start, Instant.now());

        assertThat(fastTook).as("the fast system did not wait for the slow one").isLessThan(Duration.ofSeconds(4));
        assertThat(slow.writes()).as("the slow system is still answering its search").isEmpty();
    }
}
