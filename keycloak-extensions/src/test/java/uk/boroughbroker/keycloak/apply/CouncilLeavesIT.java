package uk.boroughbroker.keycloak.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import uk.boroughbroker.keycloak.testing.AgainstTheDemoBroker;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;
import uk.boroughbroker.keycloak.testing.DemoBroker;
import uk.boroughbroker.keycloak.testing.PartnerApp;
import uk.boroughbroker.keycloak.testing.PartnerApp.BrowserLogin;
import uk.boroughbroker.keycloak.testing.PartnerApp.TokenResponse;
import uk.boroughbroker.realms.AdminApi;
import uk.boroughbroker.realms.RealmApplier;
import uk.boroughbroker.realms.RealmDefinition;
import uk.boroughbroker.realms.Variables;

/**
 * A council leaves the shared service (issue 14 item 7, decision 0031): Southwark taken out of the
 * demo councils and policy files, then {@code councils apply} as the CLI runs it, without and with
 * {@code --prune}, on a realm of its own beside the demo one (started afresh for every test), so
 * the demo realm's Southwark is never touched. Flat rather than {@code @Nested}: the test framework
 * injects only into the top-level test instance.
 */
@KeycloakIntegrationTest(config = BoroughServerConfig.class)
@DisplayName("A council leaves the shared service")
class CouncilLeavesIT extends AgainstTheDemoBroker {

    private static final String REALM = "borough-leave";
    private static final String BASE = "/realms/" + REALM;
    private static final Path REALMS = Path.of("..", "realms");
    private static final String SOUTHWARK_OFFICER = "tadeyemi@southwark.gov.uk";
    private static final String SOUTHWARK_PASSWORD = "Southwark!tadeyemi1";
    private static final String BRENT_OFFICER = "jsmith@brent.gov.uk";
    private static final String BRENT_PASSWORD = "Brent!jsmith1";

    @TempDir
    Path dir;

    private AdminApi admin;
    private Map<String, String> values;
    private PartnerApp leaveApp;

    @BeforeEach
    void aFreshRealmWithEveryCouncil() {
        admin = broker.admin();
        values = OwnRealm.variables(broker);
        OwnRealm.deleteIfPresent(admin, BASE);
        new RealmApplier(admin).apply(files(true));
        leaveApp = broker.partnerApp(REALM);
    }

    @Test
    void withoutPruneTheCouncilIsKeptAndTheApplySaysPruneRetiresIt() {
        TokenResponse southwark = signInToThisRealm(SOUTHWARK_OFFICER, SOUTHWARK_PASSWORD);

        RealmApplier applier = new RealmApplier(admin);
        applier.apply(files(false));

        assertThat(applier.notices()).anySatisfy(notice -> assertThat(notice)
                .startsWith("federation 'southwark' is no longer in the councils file: kept")
                .contains("councils apply --prune retires it"));
        assertThat(federation("southwark").path("config").path("enabled").path(0).asText()).isEqualTo("true");
        assertThat(refresh(southwark).status()).isEqualTo(200);
    }

    @Test
    void aDryRunListsWhatRetiringTouchesAndChangesNothing() {
        TokenResponse southwark = signInToThisRealm(SOUTHWARK_OFFICER, SOUTHWARK_PASSWORD);

        List<String> changes = new RealmApplier(admin, true).pruning(Clock.systemUTC()).apply(files(false));

        assertThat(changes).anySatisfy(change -> assertThat(change).startsWith("would retire federation 'southwark':")
                .contains("people: ").contains(SOUTHWARK_OFFICER)
                .contains("southwark/revenues-benefits:officer (")
                .contains("rules of other councils granting roles at southwark: 4")
                .contains("borough systems the policy gives southwark: southwark-revenues")
                .contains("retention: kept disabled until "));
        assertThat(changes).anySatisfy(change -> assertThat(change)
                .startsWith("would revoke and delete council role 'southwark/revenues-benefits:officer' (its council "
                        + "leaves; held by"));
        assertThat(federation("southwark").path("config").path("enabled").path(0).asText()).isEqualTo("true");
        assertThat(refresh(southwark).status()).as("the dry run ended no session").isEqualTo(200);
        assertThat(admin.find(BASE + "/roles/" + encoded("southwark/revenues-benefits:officer"))).isPresent();
    }

    @Test
    void whenPrunedItsStaffLoseAccessTheSignInPageForgetsItAndOtherCouncilsAreUnaffected() {
        TokenResponse southwark = signInToThisRealm(SOUTHWARK_OFFICER, SOUTHWARK_PASSWORD);
        TokenResponse brent = signInToThisRealm(BRENT_OFFICER, BRENT_PASSWORD);
        String southwarkId = leaveApp.verify(southwark.accessToken()).getSubject();

        List<String> changes = new RealmApplier(admin).pruning(Clock.systemUTC()).apply(files(false));

        assertThat(changes).anySatisfy(change -> assertThat(change).startsWith("retired federation 'southwark': ")
                .contains("people disabled as leavers"));
        TokenResponse refused = refresh(southwark);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("invalid_grant");
        JsonNode user = admin.get(BASE + "/users/" + southwarkId);
        assertThat(user.path("enabled").asBoolean()).isFalse();
        assertThat(admin.get(BASE + "/users/" + southwarkId + "/sessions")).isEmpty();
        assertThat(admin.get(BASE + "/users/" + southwarkId + "/role-mappings/realm").findValuesAsText("name"))
                .noneMatch(role -> role.contains("/"));
        assertThat(admin.find(BASE + "/roles/" + encoded("southwark/revenues-benefits:officer"))).isEmpty();

        TokenResponse brentRefreshed = refresh(brent);
        assertThat(brentRefreshed.status()).as("Brent's staff are unaffected").isEqualTo(200);
        TokenResponse again = signInToThisRealm(SOUTHWARK_OFFICER, SOUTHWARK_PASSWORD);
        assertThat(again.status()).as("a name of its domain reaches no council").isEqualTo(400);
        assertThat(again.body().path("error_description").asText()).isEqualTo("Invalid user credentials");

        BrowserLogin bare = leaveApp.startLogin(DemoBroker.WEB_CLIENT, DemoBroker.WEB_REDIRECT)
                .submit("kc-form-login", Map.of("username", "tadeyemi", "password", SOUTHWARK_PASSWORD));
        assertThat(bare.page()).contains("Which council do you work for?").contains("London Borough of Brent")
                .doesNotContain("London Borough of Southwark");
        BrowserLogin typed = leaveApp.startLogin(DemoBroker.WEB_CLIENT, DemoBroker.WEB_REDIRECT)
                .submit("kc-form-login", Map.of("username", SOUTHWARK_OFFICER, "password", SOUTHWARK_PASSWORD));
        assertThat(typed.page()).contains("We do not recognise the council of").contains("southwark.gov.uk");
    }

    @Test
    void retiringAgainChangesNothingAndTheFederationIsDeletedOnlyAfterTheRetention() {
        String southwarkId = leaveApp.verify(signInToThisRealm(SOUTHWARK_OFFICER, SOUTHWARK_PASSWORD).accessToken()).getSubject();
        new RealmApplier(admin).pruning(Clock.systemUTC()).apply(files(false));
        Instant retiredAt = Instant.parse(council("southwark").path("retiredAt").asText());
        assertThat(council("southwark").path("enabled").asBoolean()).isFalse();

        RealmApplier again = new RealmApplier(admin).pruning(Clock.systemUTC());
        assertThat(again.apply(files(false))).isEmpty();
        assertThat(again.notices()).anySatisfy(notice -> assertThat(notice).contains("kept disabled until"));
        assertThat(admin.postForJson(BASE + "/borough-councils/southwark/retire").path("left").asInt()).isZero();

        Clock day89 = Clock.fixed(retiredAt.plus(Duration.ofDays(89)), ZoneOffset.UTC);
        assertThat(new RealmApplier(admin).pruning(day89).apply(files(false))).isEmpty();
        assertThat(admin.find(BASE + "/users/" + southwarkId)).as("kept within the retention").isPresent();

        Clock day90 = Clock.fixed(retiredAt.plus(Duration.ofDays(90)), ZoneOffset.UTC);
        List<String> dryRun = new RealmApplier(admin, true).pruning(day90).apply(files(false));
        assertThat(dryRun).anySatisfy(line -> assertThat(line).startsWith("would delete federation 'southwark' and its ")
                .contains("retention ended on"));
        assertThat(admin.find(BASE + "/users/" + southwarkId)).as("a dry run deletes nobody").isPresent();

        assertThat(new RealmApplier(admin).pruning(day90).apply(files(false)))
                .anySatisfy(line -> assertThat(line).startsWith("deleted federation 'southwark' and its "));
        assertThat(admin.find(BASE + "/users/" + southwarkId)).isEmpty();
        assertThat(admin.get(BASE + "/borough-councils").findValuesAsText("council")).doesNotContain("southwark")
                .contains("brent");
    }

    private TokenResponse signInToThisRealm(String username, String password) {
        return leaveApp.passwordGrant(DemoBroker.SERVICE_CLIENT, values.get("BROKER_DEMO_SERVICE_SECRET"), username,
                password);
    }

    private TokenResponse refresh(TokenResponse signedIn) {
        assertThat(signedIn.status()).as(signedIn.body().toString()).isEqualTo(200);
        return leaveApp.refresh(DemoBroker.SERVICE_CLIENT, values.get("BROKER_DEMO_SERVICE_SECRET"),
                signedIn.body().path("refresh_token").asText());
    }

    private JsonNode federation(String council) {
        return OwnRealm.federation(admin, BASE, council);
    }

    /** The broker's view of the council (GET .../borough-councils). */
    private JsonNode council(String id) {
        for (JsonNode council : admin.get(BASE + "/borough-councils")) {
            if (id.equals(council.path("council").asText())) {
                return council;
            }
        }
        throw new AssertionError("no council " + id);
    }

    private static String encoded(String roleName) {
        return java.net.URLEncoder.encode(roleName, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The demo realm files under this realm's name, with Southwark in them or, once it left, not. */
    private RealmDefinition files(boolean withSouthwark) {
        try {
            Path borough = Files.createDirectories(dir.resolve("borough"));
            Path demo = Files.createDirectories(dir.resolve("demo"));
            for (String file : List.of("realm.json", "council-federation.json", "user-profile.json")) {
                Files.copy(REALMS.resolve("borough").resolve(file), borough.resolve(file),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            String councils = Files.readString(REALMS.resolve("demo/councils.yaml"));
            String policy = Files.readString(REALMS.resolve("demo/policy.yaml"));
            if (!withSouthwark) {
                councils = councils.replaceAll("(?s)  - id: southwark\n.*?\n\n", "").replace(", southwark]", "]");
                policy = policy.replaceAll("(?s)  southwark:\n.*?\n\n", "").replace("  southwark-revenues: southwark\n", "");
            }
            Files.writeString(demo.resolve("councils.yaml"), councils);
            Files.writeString(demo.resolve("policy.yaml"), policy);
            return RealmDefinition.forCouncils(borough, demo.resolve("councils.yaml"), Variables.only(values))
                    .withRealmName(REALM);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
