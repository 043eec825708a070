package uk.boroughbroker.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import uk.boroughbroker.realms.Councils;

/** Only the parts of the banner that need no running council directory. */
@DisplayName("Banner.print")
class BannerTest {

    private static String print(UpOptions options, Duration took) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BrokerSecrets secrets = new BrokerSecrets("admin-pw-123", "client-secret-456",
                java.util.Map.of(BrokerSecrets.DEMO_SERVICE_SECRET, "demo-secret-789"), "housing-secret-000");
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            Banner.print(out, options, new BuildInfo("0.1.0-TEST", "26.7.3", Path.of("dist.zip")), "borough",
                    new Councils(Path.of("councils.yaml"), List.of(), List.of()), Map.of(),
                    List.of(DemoSignIns.read("brent", DemoSignInsTest.BRENT)), secrets,
                    "  Borough system    camden-housing over SCIM 2.0\n", Path.of(".broker", "logs", "keycloak.log"),
                    took);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void whenPrintedThenUrlsAdminPasswordAndATokenCommandForTheExampleUserAreShown() {
        String banner = print(new UpOptions(18080, 19000, Path.of(".broker"), Path.of("realms"), 0, 0),
                Duration.ofSeconds(42));

        assertThat(banner)
                .contains("Borough Broker is up: Keycloak 26.7.3, realm 'borough', 0 council directories (42 s).")
                .contains("Admin console     http://localhost:18080/admin/  (user admin, password admin-pw-123)")
                .contains("http://localhost:18080/realms/borough/account/")
                .contains("http://localhost:18080/realms/borough/.well-known/openid-configuration")
                .contains("brent      aokafor@brent.gov.uk       / Brent!aokafor1")
                .contains("(disabled accounts are refused by design, e.g. brent gthompson@brent.gov.uk)")
                .contains("A token for aokafor@brent.gov.uk")
                .contains("client_secret=demo-secret-789")
                .contains("-d username=aokafor@brent.gov.uk -d 'password=Brent!aokafor1'")
                .contains("Keycloak log: " + Path.of(".broker", "logs", "keycloak.log"))
                .doesNotContain("client-secret-456");
    }

    @Test
    void whenStartTookUnderASecondThenItSaysOneSecond() {
        assertThat(print(UpOptions.defaults(), Duration.ofMillis(300))).contains("0 council directories (1 s).")
                .contains("http://localhost:8080/admin/");
    }
}
