package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import uk.boroughbroker.keycloak.testing.AgainstTheDemoBroker;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;
import uk.boroughbroker.keycloak.testing.DemoBroker;
import uk.boroughbroker.keycloak.testing.PartnerApp.TokenResponse;

/** Hostile usernames through the real token endpoint: none signs anybody in, none causes a 5xx. */
@KeycloakIntegrationTest(config = BoroughServerConfig.class)
@DisplayName("Hostile usernames")
class HostileUsernameIT extends AgainstTheDemoBroker {

    static Stream<String> corpus() {
        return Stream.of(
                "*", "*@brent.gov.uk", "j*@brent.gov.uk", "*)(objectClass=*@brent.gov.uk",
                "jsmith)(objectClass=*", "jsmith)(|(sAMAccountName=*@brent.gov.uk", "admin*@camden.gov.uk",
                "BRENT\\*", "BRENT\\jsmith)(objectClass=*", "BRENT\\j*", "\\2a@brent.gov.uk",
                "jsmith\u0000@brent.gov.uk", "jsmith@brent.gov.uk\u0000", "\u0000",
                "CN=John Smith,OU=Staff,DC=brent,DC=gov,DC=uk", "CN=*,OU=Staff,DC=brent,DC=gov,DC=uk",
                "jsmith@brent.gov.uk@evil.example", "@brent.gov.uk", "jsmith@", "BRENT\\", "\\jsmith",
                "\uff4a\uff53\uff4d\uff49\uff54\uff48@brent.gov.uk", "\u0458smith@brent.gov.uk",
                "j\u200Bsmith@brent.gov.uk", "jsmith\u202E@brent.gov.uk", "jsmith\n@brent.gov.uk",
                "jsmith\t@brent.gov.uk", " jsmith @brent.gov.uk", "x".repeat(300) + "@brent.gov.uk",
                "x".repeat(10_000), "jsmith%00@brent.gov.uk", "jsmith@brent.gov.uk%0a", "../../etc/passwd",
                "${jndi:ldap://127.0.0.1/x}@brent.gov.uk", "<script>alert(1)</script>@brent.gov.uk",
                "' OR '1'='1@brent.gov.uk");
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void whenAHostileUsernameIsTriedThenNobodySignsInAndTheAnswerIsAClientError(String username) {
        TokenResponse response = app.passwordGrant(DemoBroker.SERVICE_CLIENT, broker.serviceSecret(), username,
                "Brent!jsmith1");

        assertThat(response.status()).as(response.body().toString()).isBetween(400, 499);
        assertThat(response.accessToken()).isNull();
    }
}
