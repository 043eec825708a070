package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import uk.boroughbroker.keycloak.testing.AgainstTheDemoBroker;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;
import uk.boroughbroker.keycloak.testing.ManagementPort;
import uk.boroughbroker.keycloak.testing.ManagementPort.Scrape;

/**
 * What monitoring sees on Keycloak's management port (issue 13, item 4): our per-council meters on
 * {@code /metrics} beside Keycloak's own, and {@code /health/ready} staying up while one council's
 * directory is down (a load balancer would otherwise take the whole service out for one council).
 * Flat rather than {@code @Nested}: the test framework injects only into the top-level test instance.
 */
@KeycloakIntegrationTest(config = BoroughServerConfig.class)
@DisplayName("Health and metrics on the management port")
class HealthAndMetricsIT extends AgainstTheDemoBroker {

    private static final String SIGN_INS = "borough_signins_total";
    private static final String REQUESTS = "borough_directory_requests_seconds_count";
    private static final String CIRCUIT = "borough_directory_circuit_state";
    private static final String FAILOVERS = "borough_directory_failovers_total";

    private ManagementPort management;
    private CouncilFederation camden;

    @BeforeEach
    void setUp() {
        management = new ManagementPort(urls);
        camden = CouncilFederation.of(broker.admin(), "camden");
    }

    @AfterEach
    void restoreCamden() {
        camden.restore();
    }

    @Test
    void whenAPersonSignsInWithAWrongThenTheRightPasswordThenTheirCouncilCountsOneInvalidAndOneSuccess() {
        Scrape before = management.scrape();

        assertThat(signIn("lnguyen@brent.gov.uk", "not-their-password").status()).isEqualTo(400);
        assertThat(signIn("lnguyen@brent.gov.uk", "Brent!lnguyen1").status()).isEqualTo(200);

        Scrape after = management.scrape();
        assertThat(delta(before, after, SIGN_INS, "realm", "borough", "council", "brent", "outcome", "invalid")).isEqualTo(1);
        assertThat(delta(before, after, SIGN_INS, "realm", "borough", "council", "brent", "outcome", "success")).isEqualTo(1);
        assertThat(delta(before, after, SIGN_INS, "realm", "borough", "council", "lewisham", "outcome", "success")).isZero();
        // Each password check is one bind to Brent's directory.
        assertThat(delta(before, after, REQUESTS, "realm", "borough", "council", "brent", "kind", "bind", "result", "answered"))
                .isEqualTo(2);
        assertThat(after.value(CIRCUIT, "realm", "borough", "council", "brent")).isZero();
    }

    @Test
    void whenMetricsAreReadThenOursAreBesideKeycloaksAndNameNoPerson() {
        signIn("kmensah@brent.gov.uk", "Brent!kmensah1");

        Scrape scrape = management.scrape();

        assertThat(scrape.text()).contains("jvm_memory_used_bytes").contains("borough_signins_total{")
                .contains("borough_directory_requests_seconds_bucket{");
        assertThat(scrape.series()).filteredOn(s -> s.name().startsWith("borough_"))
                .allSatisfy(s -> assertThat(s.labels().keySet())
                        .isSubsetOf("realm", "council", "outcome", "kind", "result", "le"));
        assertThat(scrape.text()).doesNotContain("kmensah");
    }

    @Test
    void whenCamdensDirectoryIsDownThenTheNodeStaysReadyAndCamdenCountsUnavailableWithItsCircuitOpen() {
        camden.pointAt("ldap://127.0.0.1:" + CouncilFederation.closedPort());

        for (String person : new String[] {"pmurphy", "fali", "tnakamura"}) {
            assertThat(signIn(person + "@camden.gov.uk", "Camden!" + person + "1").status()).isEqualTo(503);
        }
        assertThat(signIn("kmensah@brent.gov.uk", "Brent!kmensah1").status()).isEqualTo(200);

        HttpResponse<String> ready = management.ready();
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).containsPattern("\"status\"\\s*:\\s*\"UP\"");
        JsonNode councils = broker.admin().get("/realms/borough/borough-councils");
        assertThat(councils.findValuesAsText("state")).hasSize(6);
        for (JsonNode row : councils) {
            assertThat(row.path("state").asText()).as(row.path("council").asText())
                    .isEqualTo(row.path("council").asText().equals("camden") ? "unavailable" : "available");
        }
        // Camden's connection (and its meters) was rebuilt when its settings changed: these count from zero.
        Scrape scrape = management.scrape();
        assertThat(scrape.value(SIGN_INS, "realm", "borough", "council", "camden", "outcome", "unavailable")).isEqualTo(3);
        assertThat(scrape.value(CIRCUIT, "realm", "borough", "council", "camden")).isEqualTo(2);
        assertThat(scrape.value(REQUESTS, "realm", "borough", "council", "camden", "kind", "search", "result", "unavailable"))
                .as("the failures that opened the circuit (its threshold)").isEqualTo(2);
        assertThat(scrape.value(REQUESTS, "realm", "borough", "council", "camden", "kind", "search", "result", "skipped"))
                .as("requests the open circuit did not send").isPositive();
        assertThat(scrape.value(CIRCUIT, "realm", "borough", "council", "brent")).isZero();
    }

    @Test
    void whenCamdensFirstDomainControllerIsDownThenSignInsGoToTheSecondAndEachNewConnectionCountsAFailover() {
        camden.pointAt("ldap://127.0.0.1:" + CouncilFederation.closedPort(), camden.originalUrl());

        assertThat(signIn("nokoye@camden.gov.uk", "Camden!nokoye1").status()).isEqualTo(200);

        Scrape scrape = management.scrape();
        // The search pool's connection and the bind pool's: each skipped the first DC.
        assertThat(scrape.value(FAILOVERS, "realm", "borough", "council", "camden")).isEqualTo(2);
        assertThat(scrape.value(SIGN_INS, "realm", "borough", "council", "camden", "outcome", "success")).isEqualTo(1);
        assertThat(scrape.value(CIRCUIT, "realm", "borough", "council", "camden")).isZero();
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.value(name, labels) - before.valueOrZero(name, labels);
    }
}
