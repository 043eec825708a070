package uk.boroughbroker.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import uk.boroughbroker.bench.environment.Target;

@DisplayName("Reading Keycloak's login page")
class OidcClientTest {

    @Test
    void whenTheLoginFormNamesItsIdFirstOrItsActionFirstThenTheActionIsFoundAndUnescaped() {
        String idFirst = "<form id=\"kc-form-login\" class=\"x\" action=\"http://127.0.0.1:1/realms/r/login-actions/"
                + "authenticate?session_code=a&amp;execution=b\" method=\"post\">";
        String actionFirst = "<form action=\"http://h/a?x=1&amp;y=2\" id=\"kc-form-login\">";

        assertThat(OidcClient.loginFormAction(idFirst))
                .isEqualTo("http://127.0.0.1:1/realms/r/login-actions/authenticate?session_code=a&execution=b");
        assertThat(OidcClient.loginFormAction(actionFirst)).isEqualTo("http://h/a?x=1&y=2");
        assertThat(OidcClient.loginFormAction("<html>no form</html>")).isNull();
    }

    @Test
    void whenThePageShowsAnErrorThenItIsNamed() {
        assertThat(OidcClient.pageError("<span id=\"input-error\" class=\"e\">\n Invalid username or password. </span>"))
                .isEqualTo(" (Invalid username or password.)");
        assertThat(OidcClient.pageError("<p>Your council's directory is unavailable</p>"))
                .isEqualTo(" (directory unavailable page)");
    }

    @Test
    void whenAVerifierIsHashedThenItIsRfc7636sS256() {
        // RFC 7636, appendix B.
        assertThat(OidcClient.s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void whenATokenRequestFailsThenTheFailureCarriesTheStatusTheErrorAndItsDescription() {
        assertThat(OidcClient.failure(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid user credentials\"}"))
                .isEqualTo("400 invalid_grant (Invalid user credentials)");
        assertThat(OidcClient.failure(500, "{\"error\":\"unknown_error\"}")).isEqualTo("500 unknown_error");
        assertThat(OidcClient.failure(502, "<html>Bad gateway</html>")).isEqualTo("502");
    }

    @Test
    void whenNothingListensThenEveryKindOfRequestFailsAsIoWithTheExceptionsName() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Target nowhere = new Target("broker", "r", "http://127.0.0.1:" + closed, "secret");
        OidcClient client = new OidcClient();

        assertThat(client.clientCredentials(nowhere).failure()).isEqualTo("io ConnectException");
        assertThat(client.browserLogin(nowhere, "u", "p").failure()).isEqualTo("io ConnectException");
    }
}
