package uk.boroughbroker.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.boroughbroker.model.provisioning.ScimSystemKeys;
import uk.boroughbroker.realms.AdminApi;

/**
 * Issue 14: "a broker restart mid-delivery loses nothing". A borough system (WireMock) holds the
 * create of a Camden person's account; while it holds it, Keycloak is killed (SIGKILL: no shutdown
 * hook, no chance to record anything). After {@code broker up} again, the change is still in the
 * outbox under the dead process's lease; once the lease runs out it is delivered, and the search by
 * {@code externalId} finds the account the held create made, so nothing is created twice.
 */
@DisplayName("Provisioning across a broker killed mid-delivery")
class ProvisioningRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/scim/v2";
    private static final String EMPTY_LIST = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],"
            + "\"totalResults\":0,\"startIndex\":1,\"itemsPerPage\":0,\"Resources\":[]}";
    /** Lease = 3 connects + 4 reads + 30 s (SystemRunner): 45 s with these timeouts. */
    private static final Duration DELIVERED_AGAIN = Duration.ofMinutes(3);

    @TempDir
    Path home;
    private final WireMockServer system = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort());
    private BrokerUpIT.Broker running;

    @AfterEach
    void stop() throws Exception {
        if (running != null && running.process.isAlive()) {
            BrokerUpIT.shell("kill -INT " + running.process.pid());
            running.exit(Duration.ofSeconds(60));
        }
        system.stop();
    }

    @Test
    void aCreateInFlightWhenKeycloakIsKilledIsDeliveredOnceAfterTheRestart() throws Exception {
        system.start();
        system.stubFor(get(urlPathEqualTo(PREFIX + "/Users")).inScenario("account").whenScenarioStateIs(STARTED)
                .willReturn(scim(200, EMPTY_LIST)));
        // Held long enough to kill Keycloak while the call is in flight.
        system.stubFor(post(urlPathEqualTo(PREFIX + "/Users")).inScenario("account").whenScenarioStateIs(STARTED)
                .willSetStateTo("created").willReturn(scim(201, user("acc-1", "x")).withFixedDelay(20_000)));
        system.stubFor(patch(urlPathMatching(PREFIX + "/Users/.*")).willReturn(scim(200, user("acc-1", "x"))));

        int httpPort = BrokerUpIT.freePort();
        List<String> up = List.of("up", "--http-port", Integer.toString(httpPort), "--management-port",
                Integer.toString(BrokerUpIT.freePort()), "--home", home.toString(), "--realms",
                BrokerUpIT.REALMS.toString());
        running = new BrokerUpIT.Broker(up, BrokerUpIT.REALMS.getParent());
        running.await(l -> l.contains("Stop: Ctrl-C"), BrokerUpIT.START);
        String baseUrl = "http://localhost:" + httpPort;
        AdminApi admin = BrokerSecrets.loadOrCreate(home).admin(baseUrl);
        String systemId = declareSystem(admin);

        DemoSignIns.Person camden = DemoSignIns.read("camden", BrokerUpIT.REALMS.resolve("demo").resolve("camden.ldif"))
                .example();
        String token = BrokerUpIT.shell("curl -s " + baseUrl + "/realms/borough/protocol/openid-connect/token"
                + " -d grant_type=password -d client_id=borough-demo-service -d client_secret="
                + BrokerSecrets.loadOrCreate(home).demoServiceSecret() + " -d username=" + camden.username()
                + " -d 'password=" + camden.password() + "'");
        assertThat(token).contains("\"access_token\"");
        String brokerId = admin.get("/realms/borough/users?exact=true&username=" + camden.username()).get(0)
                .path("id").asText();
        within(Duration.ofSeconds(60), "the create reaching the system",
                () -> system.findAll(postRequestedFor(urlPathEqualTo(PREFIX + "/Users"))).isEmpty()
                        ? Optional.empty() : Optional.of(true));
        // What the system holds once the held create completes: the account, under the broker id.
        system.stubFor(get(urlPathEqualTo(PREFIX + "/Users")).inScenario("account").whenScenarioStateIs("created")
                .willReturn(scim(200, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],"
                        + "\"totalResults\":1,\"startIndex\":1,\"itemsPerPage\":1,\"Resources\":["
                        + user("acc-1", brokerId) + "]}")));

        ProcessHandle keycloak = new RunFiles(home).alive("keycloak").orElseThrow();
        keycloak.descendants().forEach(ProcessHandle::destroyForcibly);
        keycloak.destroyForcibly();
        assertThat(running.exit(Duration.ofSeconds(60))).as("the launcher notices Keycloak died").isEqualTo(1);

        running = new BrokerUpIT.Broker(up, BrokerUpIT.REALMS.getParent());
        running.await(l -> l.contains("Stop: Ctrl-C"), BrokerUpIT.START);
        AdminApi again = BrokerSecrets.loadOrCreate(home).admin(baseUrl);
        JsonNode status = within(DELIVERED_AGAIN, "the change delivered after the restart", () -> {
            for (JsonNode s : again.get("/realms/borough/borough-provisioning/systems").path("systems")) {
                if (s.path("id").asText().equals(systemId) && s.path("pending").asLong() == 0
                        && s.path("lastSuccess").isTextual()) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        });

        assertThat(status.path("failed").asLong()).isZero();
        assertThat(system.findAll(postRequestedFor(urlPathEqualTo(PREFIX + "/Users"))))
                .as("created once: the search after the restart found the account").hasSize(1);
    }

    /** A borough system for Camden's people at the stub: short timeouts, so the dead lease ends soon. */
    private String declareSystem(AdminApi admin) throws IOException {
        Path token = Files.writeString(home.resolve("stub.token"), "stub-token");
        ObjectNode component = JSON.createObjectNode().put("name", "held-housing")
                .put("providerId", ScimSystemKeys.PROVIDER_ID).put("providerType", ScimSystemKeys.PROVIDER_TYPE)
                .put("parentId", admin.get("/realms/borough").path("id").asText());
        ObjectNode config = component.putObject("config");
        config.putArray(ScimSystemKeys.BASE_URL).add("http://127.0.0.1:" + system.port() + PREFIX);
        config.putArray(ScimSystemKeys.ALLOW_PLAIN_HTTP).add("true");
        config.putArray(ScimSystemKeys.AUTH).add(ScimSystemKeys.AUTH_BEARER_FILE);
        config.putArray(ScimSystemKeys.BEARER_TOKEN_FILE).add(token.toString());
        config.putArray(ScimSystemKeys.COUNCILS).add("camden");
        config.putArray(ScimSystemKeys.CONNECT_TIMEOUT_MS).add("1000");
        config.putArray(ScimSystemKeys.READ_TIMEOUT_MS).add("3000");
        config.putArray(ScimSystemKeys.MAX_BACKOFF_SECONDS).add("2");
        admin.post("/realms/borough/components", component);
        return admin.get("/realms/borough/components?name=held-housing").get(0).path("id").asText();
    }

    private static String user(String id, String externalId) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\"" + id + "\",\"externalId\":\""
                + externalId + "\",\"userName\":\"someone\",\"active\":true}";
    }

    private static ResponseDefinitionBuilder scim(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/scim+json").withBody(body);
    }

    /** Polls (bounded) while the broker runs; fails at once, with its output, if it stops. */
    private <T> T within(Duration bound, String what, Supplier<Optional<T>> probe) throws InterruptedException {
        Instant end = Instant.now().plus(bound);
        while (Instant.now().isBefore(end)) {
            Optional<T> answer = probe.get();
            if (answer.isPresent()) {
                return answer.get();
            }
            assertThat(running.process.waitFor(500, TimeUnit.MILLISECONDS)).as("the broker stopped:\n%s",
                    running.output()).isFalse();
        }
        throw new AssertionError("Not within " + bound + ": " + what + "\n" + running.output());
    }
}
