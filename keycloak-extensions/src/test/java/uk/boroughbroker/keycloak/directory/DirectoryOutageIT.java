package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import uk.boroughbroker.keycloak.testing.AgainstTheDemoBroker;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;
import uk.boroughbroker.keycloak.testing.DemoBroker;
import uk.boroughbroker.keycloak.testing.PartnerApp;
import uk.boroughbroker.keycloak.testing.PartnerApp.TokenResponse;

/**
 * One council's directory down (refusing connections) or hung (accepting, never answering): every
 * other council signs in as usual, and that council's staff are refused quickly. Camden's federation
 * is pointed at a dead or hung endpoint for each test and restored afterwards.
 */
@KeycloakIntegrationTest(config = BoroughServerConfig.class)
@DisplayName("One council's directory down or hung")
class DirectoryOutageIT extends AgainstTheDemoBroker {

    /** A bound on "quickly" that only a hang would break; speed itself is measured in benchmarks. */
    static final Duration HANG = Duration.ofSeconds(8);

    private CouncilFederation camden;

    @BeforeEach
    void rememberCamden() {
        camden = CouncilFederation.of(broker.admin(), "camden");
    }

    @AfterEach
    void restoreCamden() {
        camden.restore();
    }

    private JsonNode federation(String council) {
        return CouncilFederation.read(broker.admin(), council);
    }

    private void pointCamdenAt(String... urlsInOrder) {
        camden.pointAt(urlsInOrder);
    }

    private void changeCamden(String... settings) {
        camden.change(settings);
    }

    private void everyOtherCouncilSignsIn() {
        assertThat(signIn("kmensah@brent.gov.uk", "Brent!kmensah1").status()).as("Brent (returning or new)").isEqualTo(200);
        assertThat(signIn("bnowak@lewisham.gov.uk", "Lewisham!bnowak1").status()).as("Lewisham").isEqualTo(200);
        assertThat(signIn("hlee@southwark.gov.uk", "Southwark!hlee1").status()).as("Southwark").isEqualTo(200);
        assertThat(signIn("cevans@islington.gov.uk", "Islington!cevans1").status()).as("Islington").isEqualTo(200);
        assertThat(signIn("mlopes@haringey.gov.uk", "Haringey!mlopes1").status()).as("Haringey").isEqualTo(200);
    }

    private void camdenIsRefusedQuickly(String username, String password) {
        Instant start = Instant.now();
        TokenResponse response = signIn(username, password);
        Duration took = Duration.between(start, Instant.now());

        assertThat(response.status()).as(response.body().toString()).isEqualTo(503);
        assertThat(response.error()).isEqualTo("temporarily_unavailable");
        assertThat(response.body().path("error_description").asText()).contains("directory (camden) is unavailable");
        assertThat(response.accessToken()).isNull();
        assertThat(took).isLessThan(HANG);
    }

    /**
     * Issue 11 item 3: both DCs accept connections and never answer, each read timeout as long as
     * the default deadline allows (4 s: a request waiting out its timeouts would wait 8 s per
     * connection). The deadline is Camden's default: staff hear within 6 s, together or one by one.
     */
    @Test
    void whenBothOfCamdensDomainControllersHangThenItsStaffAreRefusedWithinSixSecondsTogetherAndOneByOne()
            throws Exception {
        signIn("ebrennan@camden.gov.uk", "Camden!ebrennan1");
        try (HungDirectory first = new HungDirectory(); HungDirectory second = new HungDirectory()) {
            changeCamden("connectionUrls", "ldap://127.0.0.1:" + first.port() + "##ldap://127.0.0.1:" + second.port(),
                    "readTimeoutMillis", "4000", "connectTimeoutMillis", "1000");
            java.util.concurrent.ExecutorService staff = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<?>> together = new java.util.ArrayList<>();
                for (String person : List.of("ebrennan", "rkapoor", "ayusuf", "mjohnson")) {
                    String password = "Camden!" + person + "1";
                    together.add(staff.submit(() -> camdenIsRefusedWithin(person + "@camden.gov.uk", password,
                            STAFF_HEAR_WITHIN)));
                }
                for (java.util.concurrent.Future<?> answer : together) {
                    answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
                }
            } finally {
                staff.shutdownNow();
            }
            for (int i = 0; i < 3; i++) {
                camdenIsRefusedWithin("ebrennan@camden.gov.uk", "Camden!ebrennan1", STAFF_HEAR_WITHIN);
                camdenIsRefusedWithin("jbaker@camden.gov.uk", "Camden!jbaker1", STAFF_HEAR_WITHIN);
            }
            everyOtherCouncilSignsIn();
        }
    }

    @Test
    void whenAnAdminSetsADeadlineNoLongerThanTheReadTimeoutThenTheChangeIsRefusedSayingWhy() {
        assertThatThrownBy(() -> changeCamden("readTimeoutMillis", "5000", "deadlineMillis", "3000"))
                .isInstanceOf(uk.boroughbroker.realms.AdminApiException.class).hasMessageContaining("400")
                .hasMessageContaining("Deadline per request (3000 ms) must be longer than the connect timeout")
                .hasMessageContaining("read timeout (5000 ms)");
        assertThat(federation("camden").path("config").path("deadlineMillis").path(0).asText("")).isNotEqualTo("3000");
    }

    /** Issue 11: staff of a council whose DCs hang hear within 6 s. */
    static final Duration STAFF_HEAR_WITHIN = Duration.ofSeconds(6);

    private void camdenIsRefusedWithin(String username, String password, Duration bound) {
        Instant start = Instant.now();
        TokenResponse response = signIn(username, password);
        Duration took = Duration.between(start, Instant.now());

        assertThat(response.status()).as(username + ": " + response.body()).isEqualTo(503);
        assertThat(response.body().path("error_description").asText()).contains("directory (camden) is unavailable");
        assertThat(took).as(username).isLessThan(bound);
    }

    private static int closedPort() {
        return CouncilFederation.closedPort();
    }

    @Test
    void whenCamdensDirectoryRefusesConnectionsThenOtherCouncilsSignInAndCamdenIsRefusedQuickly() throws IOException {
        signIn("pmurphy@camden.gov.uk", "Camden!pmurphy1");
        pointCamdenAt("ldap://127.0.0.1:" + closedPort());

        for (int i = 0; i < 3; i++) {
            camdenIsRefusedQuickly("pmurphy@camden.gov.uk", "Camden!pmurphy1");
            camdenIsRefusedQuickly("fali@camden.gov.uk", "Camden!fali1");
        }
        everyOtherCouncilSignsIn();
    }

    @Test
    void whenCamdensDirectoryIsDownThenItsStaffSeeTheUnavailablePageInTheBrowser() throws IOException {
        signIn("jbaker@camden.gov.uk", "Camden!jbaker1");
        pointCamdenAt("ldap://127.0.0.1:" + closedPort());

        PartnerApp.BrowserLogin login = app.startLogin(DemoBroker.WEB_CLIENT, DemoBroker.WEB_REDIRECT)
                .submit("kc-form-login", java.util.Map.of("username", "tnakamura@camden.gov.uk",
                        "password", "Camden!tnakamura1"));

        assertThat(login.page()).contains("borough-directory-unavailable")
                .contains("directory is unavailable").contains("London Borough of Camden")
                .doesNotContain("Invalid username or password");
    }

    @Test
    void whenCamdensDirectoryHangsThenOtherCouncilsSignInAndCamdenIsRefusedWithinTheTimeout() throws IOException {
        signIn("ikowalczyk@camden.gov.uk", "Camden!ikowalczyk1");
        try (HungDirectory hung = new HungDirectory()) {
            pointCamdenAt("ldap://127.0.0.1:" + hung.port());

            for (int i = 0; i < 3; i++) {
                camdenIsRefusedQuickly("ikowalczyk@camden.gov.uk", "Camden!ikowalczyk1");
                camdenIsRefusedQuickly("dgreen@camden.gov.uk", "Camden!dgreen1");
            }
            everyOtherCouncilSignsIn();
        }
    }

    @Test
    void whenCamdensDirectoryIsDownThenAdminsSeeItUnavailableWithTheCauseAndItsTestFails() throws IOException {
        pointCamdenAt("ldap://127.0.0.1:" + closedPort());
        for (int i = 0; i < 3; i++) {
            signIn("tnakamura@camden.gov.uk", "Camden!tnakamura1");
        }
        signIn("kmensah@brent.gov.uk", "Brent!kmensah1");

        JsonNode health = broker.admin().get("/realms/borough/borough-councils");

        assertThat(health).hasSize(6);
        assertThat(row(health, "camden").path("state").asText()).isEqualTo("unavailable");
        assertThat(row(health, "camden").path("lastProblem").asText()).isNotBlank();
        assertThat(row(health, "brent").path("state").asText()).isEqualTo("available");
        JsonNode test = broker.admin().postForJson("/realms/borough/borough-councils/camden/test");
        assertThat(test.path("ok").asBoolean()).isFalse();
        assertThat(test.path("problem").asText()).contains("camden directory is unavailable");
    }

    @Test
    void whenAnAdminTestsAHealthyCouncilThenTheTestPasses() {
        JsonNode test = broker.admin().postForJson("/realms/borough/borough-councils/islington/test");

        assertThat(test.path("ok").asBoolean()).as(test.toString()).isTrue();
        assertThatThrownBy(() -> broker.admin().postForJson("/realms/borough/borough-councils/barnet/test"))
                .isInstanceOf(uk.boroughbroker.realms.AdminApiException.class)
                .hasMessageContaining("404").hasMessageContaining("No council directory named 'barnet'");
    }

    @Test
    void whenAStaffMemberAsksForCouncilHealthThenItIsForbidden() {
        TokenResponse staff = signIn("skhan@haringey.gov.uk", "Haringey!skhan1");

        int status = app.getStatus(urls.getBase() + "/admin/realms/borough/borough-councils", staff.accessToken());

        assertThat(status).isEqualTo(403);
    }

    private static JsonNode row(JsonNode health, String council) {
        for (JsonNode row : health) {
            if (row.path("council").asText().equals(council)) {
                return row;
            }
        }
        throw new AssertionError("no " + council + " in " + health);
    }

    @Test
    void whenCamdensFirstDomainControllerIsDownThenTheSecondServes() throws IOException {
        String real = camden.originalUrl();
        pointCamdenAt("ldap://127.0.0.1:" + closedPort(), real);

        TokenResponse response = signIn("nokoye@camden.gov.uk", "Camden!nokoye1");

        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        assertThat(app.verify(response.accessToken()).getClaim("home_council")).isEqualTo("camden");
    }

    @Test
    void whenCamdensFirstDomainControllerHangsThenTheSecondServes() throws IOException {
        String real = camden.originalUrl();
        try (HungDirectory hung = new HungDirectory()) {
            pointCamdenAt("ldap://127.0.0.1:" + hung.port(), real);

            TokenResponse response = signIn("cdasilva@camden.gov.uk", "Camden!cdasilva1");

            assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        }
    }

    /** Accepts LDAP connections and never answers, like a wedged domain controller. */
    static final class HungDirectory implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        HungDirectory() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        held.add(server.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "hung-directory");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
