package uk.boroughbroker.keycloak.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import uk.boroughbroker.keycloak.testing.AgainstTheDemoBroker;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;
import uk.boroughbroker.realms.AdminApi;
import uk.boroughbroker.realms.ApplyException;
import uk.boroughbroker.realms.ConfigurationException;
import uk.boroughbroker.realms.RealmApplier;
import uk.boroughbroker.realms.RealmDefinition;
import uk.boroughbroker.realms.Variables;
import uk.boroughbroker.model.policy.CouncilPolicy;

/**
 * The realm files applied to the real Keycloak as {@code councils apply} does (RealmApplier), into a
 * realm of their own beside the demo one, started afresh for every test: all or nothing (decision
 * 0016), component settings that go away, and catalogue roles that go away. Flat rather than
 * {@code @Nested}: the test framework injects only into the top-level test instance.
 */
@KeycloakIntegrationTest(config = BoroughServerConfig.class)
@DisplayName("Applying the realm files: all or nothing")
class RealmApplyIT extends AgainstTheDemoBroker {

    static final String REALM = "borough-apply";
    static final String BASE = "/realms/" + REALM;
    static final Path REALMS = Path.of("..", "realms");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    AdminApi admin;
    Map<String, String> values;

    @BeforeEach
    void aFreshRealm() {
        admin = broker.admin();
        values = OwnRealm.variables(broker);
        OwnRealm.deleteIfPresent(admin, BASE);
        new RealmApplier(admin).apply(files(Edits.NONE));
    }

    /** Text edits of the realm files, each file's own. */
    record Edits(UnaryOperator<String> realm, UnaryOperator<String> template, UnaryOperator<String> councils,
            UnaryOperator<String> policy) {
        static final Edits NONE = new Edits(s -> s, s -> s, s -> s, s -> s);

        Edits realm(UnaryOperator<String> edit) {
            return new Edits(edit, template, councils, policy);
        }

        Edits template(UnaryOperator<String> edit) {
            return new Edits(realm, edit, councils, policy);
        }

        Edits councils(UnaryOperator<String> edit) {
            return new Edits(realm, template, edit, policy);
        }

        Edits policy(UnaryOperator<String> edit) {
            return new Edits(realm, template, councils, edit);
        }
    }

    /** The demo realm files, edited, as the definition {@code councils apply} would apply. */
    RealmDefinition files(Edits edits) {
        try {
            Path borough = Files.createDirectories(dir.resolve("borough"));
            Path demo = Files.createDirectories(dir.resolve("demo"));
            copy(REALMS.resolve("borough/realm.json"), borough.resolve("realm.json"), edits.realm());
            copy(REALMS.resolve("borough/council-federation.json"), borough.resolve("council-federation.json"),
                    edits.template());
            copy(REALMS.resolve("borough/user-profile.json"), borough.resolve("user-profile.json"), s -> s);
            copy(REALMS.resolve("demo/councils.yaml"), demo.resolve("councils.yaml"), edits.councils());
            copy(REALMS.resolve("demo/policy.yaml"), demo.resolve("policy.yaml"), edits.policy());
            Files.copy(REALMS.resolve("src/test/resources/test-ca.pem"), demo.resolve("test-ca.pem"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return RealmDefinition.forCouncils(borough, demo.resolve("councils.yaml"), Variables.only(values))
                    .withRealmName(REALM);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to, UnaryOperator<String> edit) throws IOException {
        String original = Files.readString(from);
        String edited = edit.apply(original);
        Files.writeString(to, edited);
    }

    JsonNode client(String clientId) {
        return admin.get(BASE + "/clients?clientId=" + clientId).path(0);
    }

    JsonNode federation(String council) {
        return OwnRealm.federation(admin, BASE, council);
    }

    /** The password grant through lewisham-revenues (a borough system of Lewisham); the token's claims. */
    JsonNode signInToLewishamRevenues(String username, String password) throws Exception {
        String form = "grant_type=password&client_id=lewisham-revenues&client_secret="
                + URLEncoder.encode(values.get("BROKER_LEWISHAM_REVENUES_SECRET"), StandardCharsets.UTF_8)
                + "&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(admin.baseUrl() + "/realms/" + REALM + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String token = JSON.readTree(response.body()).path("access_token").asText();
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }

    // --- a name the files use does not exist ---

    @Test
    void whenAClientNamesAnUnknownClientScopeThenTheLineIsNamedAndNothingIsWritten() {
        RealmDefinition wrong = files(Edits.NONE.realm(s -> s
                .replace("\"failureFactor\": 5", "\"failureFactor\": 9")
                .replace("\"name\": \"Borough Broker demo web app\"", "\"name\": \"Renamed web app\"")
                .replace("\"optionalClientScopes\": [\"offline_access\"]\n    }\n  ]",
                        "\"optionalClientScopes\": [\"offline_access\", \"no-such-scope\"]\n    }\n  ]")));

        assertThatThrownBy(() -> new RealmApplier(admin).apply(wrong))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("realm.json:")
                .hasMessageContaining("client 'borough-demo-service' (optionalClientScopes) names client scope "
                        + "'no-such-scope', which does not exist")
                .hasMessageContaining("nothing was changed");
        assertThat(admin.get(BASE).path("failureFactor").asInt()).isEqualTo(5);
        assertThat(client("borough-demo-web").path("name").asText()).isEqualTo("Borough Broker demo web app");
    }

    @Test
    void whenAFlowUsesAnUnknownAuthenticatorThenTheLineIsNamedAndNothingIsWritten() {
        RealmDefinition wrong = files(Edits.NONE.realm(s -> s
                .replace("\"failureFactor\": 5", "\"failureFactor\": 9")
                .replace("\"authenticator\": \"borough-direct-grant\"", "\"authenticator\": \"borough-direct-grnat\"")));

        assertThatThrownBy(() -> new RealmApplier(admin).apply(wrong))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("realm.json:")
                .hasMessageContaining("uses the authenticator 'borough-direct-grnat', which Keycloak does not have");
        assertThat(admin.get(BASE).path("failureFactor").asInt()).isEqualTo(5);
    }

    // --- Keycloak refuses a write half-way ---

    @Test
    void whenAFederationIsRefusedThenEverythingTheApplyWroteIsPutBackAndItSaysSo() {
        String policyBefore = admin.get(BASE).path("attributes").path(CouncilPolicy.REALM_ATTRIBUTE).asText();
        RealmDefinition refused = files(Edits.NONE
                .realm(s -> s.replace("\"failureFactor\": 5", "\"failureFactor\": 9")
                        .replace("\"name\": \"Borough Broker demo web app\"", "\"name\": \"Renamed web app\""))
                .policy(s -> s.replace("role: revenues-benefits:manager\n      scope: own",
                        "role: revenues-benefits:manager\n      scope: shared-service"))
                // A value the template pins for every council is not checked by the councils loader;
                // the federation refuses it (1-200).
                .template(s -> s.replace("\"maxLifespan\": [\"300000\"]",
                        "\"maxLifespan\": [\"300000\"], \"maxConnections\": [\"500\"]")));

        assertThatThrownBy(() -> new RealmApplier(admin).apply(refused))
                .isInstanceOf(ApplyException.class)
                .hasMessageStartingWith("nothing was changed: ")
                .hasMessageContaining("Maximum connections must be from 1 to 200");
        assertThat(admin.get(BASE).path("failureFactor").asInt()).isEqualTo(5);
        assertThat(client("borough-demo-web").path("name").asText()).isEqualTo("Borough Broker demo web app");
        assertThat(admin.get(BASE).path("attributes").path(CouncilPolicy.REALM_ATTRIBUTE).asText()).isEqualTo(policyBefore);
        assertThat(federation("brent").path("config").path("maxConnections").path(0).asText()).isEqualTo("10");
        assertThat(new RealmApplier(admin).apply(files(Edits.NONE))).as("the realm is as it was").isEmpty();
    }

    // --- a council's TLS settings go away ---

    @Test
    void whenACouncilMovesFromLdapsWithACaFileToPlainLdapThenTheCaIsClearedAndItsStaffSignIn() throws Exception {
        String brentUrl = values.get("BRENT_LDAP_URL");
        new RealmApplier(admin).apply(files(Edits.NONE.councils(s -> s.replace(
                "urls: [\"${BRENT_LDAP_URL}\"]", "urls: [\"ldaps://127.0.0.1:1\"]\n      caFile: test-ca.pem"))));
        assertThat(federation("brent").path("config").path("trustedCertificates").path(0).asText())
                .startsWith("-----BEGIN CERTIFICATE-----");

        List<String> changes = new RealmApplier(admin).apply(files(Edits.NONE));

        assertThat(changes).contains("updated federation 'brent'");
        JsonNode config = federation("brent").path("config");
        assertThat(config.has("trustedCertificates")).as(config.toString()).isFalse();
        assertThat(config.path("connectionUrls").path(0).asText()).isEqualTo(brentUrl);
        assertThat(new RealmApplier(admin).apply(files(Edits.NONE))).as("applied again: nothing to change").isEmpty();
        assertThat(signInToLewishamRevenues("jsmith@brent.gov.uk", "Brent!jsmith1").path("sub").asText())
                .isNotBlank();
    }

    // --- a role dropped from the catalogue ---

    static final String DROPPED = "revenues-benefits:officer";

    /** The policy without the role: its catalogue line and every rule granting it. */
    Edits withoutTheRole() {
        return Edits.NONE.policy(s -> s.replaceAll("(?m)^  " + DROPPED + ": .*\n", "")
                .replaceAll("(?m)^    - group: .*\n      role: " + DROPPED + "\n(?:      .*\n)*", ""));
    }

    @Test
    void whenAppliedThenItsHoldersNextTokenLacksItAndTheRoleIsDeletedAndOtherRolesStay() throws Exception {
        assertThat(signInToLewishamRevenues("jsmith@brent.gov.uk", "Brent!jsmith1").toString())
                .as("before: jsmith holds it at Lewisham").contains("lewisham/" + DROPPED);

        List<String> changes = new RealmApplier(admin).apply(files(withoutTheRole()));

        assertThat(changes).anyMatch(c -> c.startsWith("revoked and deleted council role 'lewisham/" + DROPPED + "'")
                && c.contains("jsmith@brent.gov.uk"));
        assertThat(signInToLewishamRevenues("jsmith@brent.gov.uk", "Brent!jsmith1").toString())
                .doesNotContain(DROPPED);
        List<String> roles = admin.get(BASE + "/roles?briefRepresentation=true&max=-1").findValuesAsText("name");
        assertThat(roles).noneMatch(r -> r.endsWith("/" + DROPPED))
                .contains("brent/council-tax:officer", "lewisham/revenues-benefits:manager");
    }

    @Test
    void whenDryRunThenItListsWhoWouldLoseItAndChangesNothing() throws Exception {
        signInToLewishamRevenues("jsmith@brent.gov.uk", "Brent!jsmith1");

        List<String> changes = new RealmApplier(admin, true).apply(files(withoutTheRole()));

        assertThat(changes).anyMatch(c -> c.startsWith("would revoke and delete council role 'lewisham/" + DROPPED + "'")
                && c.contains("jsmith@brent.gov.uk"));
        assertThat(admin.get(BASE + "/roles?briefRepresentation=true&max=-1").findValuesAsText("name"))
                .contains("lewisham/" + DROPPED);
    }

    // --- a dry run ---

    /** The demo councils with one more, Barnet, whose directory is Brent's. */
    Edits withBarnet() {
        return Edits.NONE.councils(s -> s + """

                  - {id: barnet, displayName: London Borough of Barnet, upnSuffixes: [barnet.gov.uk], directory: {
                      urls: ["${BRENT_LDAP_URL}"], baseDn: "DC=brent,DC=gov,DC=uk",
                      usersDn: "OU=Staff,DC=brent,DC=gov,DC=uk",
                      bindDn: "CN=svc-borough-broker,OU=Service Accounts,DC=brent,DC=gov,DC=uk",
                      bindCredential: "${BRENT_BIND_PASSWORD}", allowPlaintext: true}}
                """);
    }

    @Test
    void whenADryRunWouldCreateACouncilThenEveryLineSaysWouldAndNothingIsWritten() {
        List<String> changes = new RealmApplier(admin, true).apply(files(withBarnet()));

        assertThat(changes).contains("would create federation 'barnet'", "would create client scope 'council:barnet'")
                .anyMatch(c -> c.startsWith("would add optional client scopes 'council:barnet' to client "))
                .anyMatch(c -> c.startsWith("would create ") && c.contains("council roles"))
                .allMatch(c -> c.startsWith("would "));
        assertThat(admin.get(BASE + "/client-scopes").findValuesAsText("name")).doesNotContain("council:barnet");
        assertThat(new RealmApplier(admin).apply(files(withBarnet()))).as("applied: the same lines, done")
                .contains("created federation 'barnet'", "created client scope 'council:barnet'")
                .noneMatch(c -> c.startsWith("would "));
    }

    @Test
    void whenARoleAnAdminMadeLooksLikeACouncilRoleThenItIsLeftAlone() {
        admin.post(BASE + "/roles", JSON.createObjectNode().put("name", "brent/parking:warden")
                .put("description", "made by hand"));

        new RealmApplier(admin).apply(files(withoutTheRole()));

        assertThat(admin.get(BASE + "/roles?briefRepresentation=true&max=-1").findValuesAsText("name"))
                .contains("brent/parking:warden");
    }
}
