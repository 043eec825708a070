package uk.boroughbroker.realms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import uk.boroughbroker.model.directory.DirectorySetting;
import uk.boroughbroker.model.directory.DirectorySettings;

class RealmDefinitionTest {

    static final Path REALM_DIR = Path.of("borough");

    static Variables variables() {
        Map<String, String> values = new HashMap<>();
        values.put("BROKER_DEMO_SERVICE_SECRET", "service-secret");
        values.put("BROKER_LEWISHAM_REVENUES_SECRET", "lewisham-revenues-secret");
        return Variables.only(values);
    }

    static RealmDefinition demoRealm() {
        return RealmDefinition.load(REALM_DIR, CouncilsLoader.load(CouncilsLoaderTest.DEMO,
                CouncilsLoaderTest.demoVariables()), variables());
    }

    @Nested
    class TheBoroughRealm {

        @Test
        void whenRenderedThenOneCouncilDirectoryFederationPerCouncilNamedByCouncilId() {
            RealmDefinition realm = demoRealm();

            assertThat(realm.realmName()).isEqualTo("borough");
            assertThat(realm.federationNames()).containsExactly("brent", "lewisham", "southwark", "camden", "islington",
                    "haringey");
            JsonNode brent = realm.federations().get(0);
            assertThat(brent.path("providerId").asText()).isEqualTo("borough-council-directory");
            JsonNode config = brent.path("config");
            assertThat(config.path("upnSuffixes").path(0).asText()).isEqualTo("brent.gov.uk");
            assertThat(config.path("netbiosName").path(0).asText()).isEqualTo("BRENT");
            assertThat(config.path("connectionUrls").path(0).asText()).isEqualTo("ldap://127.0.0.1:10005");
            assertThat(config.path("usersDn").path(0).asText()).isEqualTo("OU=Staff,DC=brent,DC=gov,DC=uk");
            assertThat(config.path("bindCredential").path(0).asText()).isEqualTo("secret-brent");
            assertThat(config.path("connectTimeoutMillis").path(0).asText()).isEqualTo("2000");
            assertThat(config.path("readTimeoutMillis").path(0).asText()).isEqualTo("5000");
            assertThat(config.path("deadlineMillis").path(0).asText()).isEqualTo("5500");
            assertThat(config.path("priority").path(0).asText()).isEqualTo("0");
            assertThat(realm.federations().get(5).path("config").path("priority").path(0).asText()).isEqualTo("5");
        }

        @Test
        void whenACouncilHasSeveralDomainControllersThenTheyAreKeptInFailoverOrder() throws IOException {
            Path file = Files.createTempFile("councils", ".yaml");
            Files.writeString(file, """
                    councils:
                      - id: brent
                        displayName: Brent
                        upnSuffixes: [brent.gov.uk, brent.local]
                        directory:
                          urls: ["ldap://dc1:389", "ldap://dc2:389"]
                          baseDn: DC=brent,DC=local
                          usersDn: OU=Staff,DC=brent,DC=local
                          bindDn: CN=svc,DC=brent,DC=local
                          bindCredential: x
                          allowPlaintext: true
                    """);
            RealmDefinition realm = RealmDefinition.load(REALM_DIR, CouncilsLoader.load(file, variables()), variables());

            JsonNode config = realm.federations().get(0).path("config");
            assertThat(config.path("connectionUrls").path(0).asText()).isEqualTo("ldap://dc1:389##ldap://dc2:389");
            assertThat(config.path("upnSuffixes").path(0).asText()).isEqualTo("brent.gov.uk##brent.local");
            assertThat(config.path("netbiosName")).as("unused settings are sent empty, so that Keycloak clears them")
                    .isEmpty();
            assertThat(config.path("emailDomains")).isEmpty();
            Files.delete(file);
        }

        @Test
        void whenRenderedThenEveryDeclaredDirectorySettingIsWrittenWithItsDefaultWhereTheFileIsSilent() {
            JsonNode config = demoRealm().federations().get(0).path("config");

            for (DirectorySetting setting : DirectorySettings.ALL) {
                assertThat(config.has(setting.key())).as(setting.key()).isTrue();
            }
            assertThat(config.path("maxConnections").path(0).asText()).isEqualTo("10");
            assertThat(config.path("revealLockout").path(0).asText()).isEqualTo("true");
            assertThat(config.path("emailDomains")).as("given empty: cleared, not left as before").isEmpty();
        }

        @Test
        void whenTheCouncilsFileTunesASettingThenItWinsOverWhatTheTemplatePins(@TempDir Path dir) throws IOException {
            Files.copy(REALM_DIR.resolve("realm.json"), dir.resolve("realm.json"));
            Files.writeString(dir.resolve("council-federation.json"), Files.readString(
                    REALM_DIR.resolve("council-federation.json")).replace("\"maxLifespan\": [\"300000\"]",
                    "\"maxLifespan\": [\"300000\"], \"maxConnections\": [\"20\"], \"failureThreshold\": [\"5\"]"));
            Path councils = dir.resolve("councils.yaml");
            Files.writeString(councils, Files.readString(CouncilsLoaderTest.DEMO).replaceFirst(
                    "(?m)^(\\s+)usersDn: (.*)$", "$1usersDn: $2\n$1maxConnections: 40"));

            JsonNode config = RealmDefinition.load(dir, CouncilsLoader.load(councils, CouncilsLoaderTest.demoVariables()),
                    variables()).federations().get(0).path("config");

            assertThat(config.path("maxConnections").path(0).asText()).as("the councils file").isEqualTo("40");
            assertThat(config.path("failureThreshold").path(0).asText()).as("pinned by the template").isEqualTo("5");
        }

        @Test
        void whenRenderedThenBruteForceProtectionIsOn() {
            assertThat(demoRealm().representation().path("bruteForceProtected").asBoolean()).isTrue();
        }

        @Test
        void whenRenderedThenTheServiceSecretComesFromTheVariables() {
            JsonNode clients = demoRealm().representation().path("clients");

            assertThat(clients.findValuesAsText("secret")).containsExactly("lewisham-revenues-secret", "service-secret");
        }

        @Test
        void whenRenderedThenTheWebClientIsPublicWithPkce() {
            JsonNode web = demoRealm().representation().path("clients").path(0);

            assertThat(web.path("clientId").asText()).isEqualTo("borough-demo-web");
            assertThat(web.path("publicClient").asBoolean()).isTrue();
            assertThat(web.path("directAccessGrantsEnabled").asBoolean()).isFalse();
            assertThat(web.path("attributes").path("pkce.code.challenge.method").asText()).isEqualTo("S256");
        }

        @Test
        void whenTheServiceSecretIsNotSetThenTheErrorNamesIt() {
            Councils councils = CouncilsLoader.load(CouncilsLoaderTest.DEMO, CouncilsLoaderTest.demoVariables());

            assertThatThrownBy(() -> RealmDefinition.load(REALM_DIR, councils, Variables.only(Map.of())))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("realm.json: variable BROKER_").hasMessageContaining("_SECRET is not set");
        }
    }

    @Nested
    class BrokenRealmFiles {

        @TempDir
        Path dir;

        @Test
        void whenRealmJsonIsBrokenThenFileAndLineAreNamed() throws IOException {
            Files.writeString(dir.resolve("realm.json"), "{\n  \"realm\": \"borough\",\n  oops\n}");
            Files.copy(REALM_DIR.resolve("council-federation.json"), dir.resolve("council-federation.json"));

            assertThatThrownBy(() -> RealmDefinition.load(dir, demoCouncils(), variables()))
                    .hasMessageStartingWith(dir.resolve("realm.json") + ":3:")
                    .hasMessageContaining("not valid JSON");
        }

        @Test
        void whenTheTemplateUsesAnUnknownCouncilPlaceholderThenItIsNamed() throws IOException {
            Files.writeString(dir.resolve("realm.json"), "{\"realm\": \"borough\"}");
            Files.writeString(dir.resolve("council-federation.json"), "{\"name\": \"${council.nmae}\"}");

            assertThatThrownBy(() -> RealmDefinition.load(dir, demoCouncils(), variables()))
                    .hasMessageContaining("unknown placeholder ${council.nmae}");
        }

        @Test
        void whenTheTemplateDeclaresLdapMappersThenTheFileIsNamedAndNothingIsRendered() throws IOException {
            Files.writeString(dir.resolve("realm.json"), "{\"realm\": \"borough\"}");
            Files.writeString(dir.resolve("council-federation.json"), "{\"name\": \"${council.id}\", \"subComponents\": "
                    + "{\"org.keycloak.storage.ldap.mappers.LDAPStorageMapper\": [{\"name\": \"email\"}]}}");

            assertThatThrownBy(() -> RealmDefinition.load(dir, demoCouncils(), variables()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith(dir.resolve("council-federation.json") + ": must not declare 'subComponents'");
        }

        @Test
        void whenASecretContainsQuotesThenTheJsonStaysIntact() throws IOException {
            Files.writeString(dir.resolve("realm.json"), "{\"realm\": \"borough\", \"x\": \"${BROKER_DEMO_SERVICE_SECRET}\"}");
            Files.copy(REALM_DIR.resolve("council-federation.json"), dir.resolve("council-federation.json"));

            RealmDefinition realm = RealmDefinition.load(dir, demoCouncils(),
                    Variables.only(Map.of("BROKER_DEMO_SERVICE_SECRET", "a\"b},{")));

            assertThat(realm.representation().path("x").asText()).isEqualTo("a\"b},{");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "{\"alias\":\"VERIFY_PROFILE\"}                              | needs an alias and enabled true or false",
            "{\"alias\":\"\",\"enabled\":false}                          | needs an alias and enabled true or false",
            "{\"alias\":\"VERIFY_PROFILE\",\"enabled\":\"no\"}             | needs an alias and enabled true or false",
            "\"VERIFY_PROFILE\"                                             | needs an alias and enabled true or false"})
        void whenARequiredActionIsMalformedThenTheFileAndTheEntryAreNamed(String entry, String problem) throws IOException {
            Files.writeString(dir.resolve("realm.json"), "{\"realm\": \"borough\", \"requiredActions\": [" + entry + "]}");
            Files.copy(REALM_DIR.resolve("council-federation.json"), dir.resolve("council-federation.json"));

            assertThatThrownBy(() -> RealmDefinition.load(dir, demoCouncils(), variables()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith(dir.resolve("realm.json") + ": ").hasMessageContaining(problem)
                    .hasMessageContaining(entry.strip());
        }

        @Test
        void whenARequiredActionIsNamedTwiceOrTheListIsNotAListThenItIsSaid() throws IOException {
            Files.copy(REALM_DIR.resolve("council-federation.json"), dir.resolve("council-federation.json"));
            Files.writeString(dir.resolve("realm.json"), "{\"realm\": \"borough\", \"requiredActions\": ["
                    + "{\"alias\": \"VERIFY_PROFILE\", \"enabled\": false}, {\"alias\": \"VERIFY_PROFILE\", \"enabled\": true}]}");
            assertThatThrownBy(() -> RealmDefinition.load(dir, demoCouncils(), variables()))
                    .hasMessageContaining("requiredActions names 'VERIFY_PROFILE' twice");

            Files.writeString(dir.resolve("realm.json"), "{\"realm\": \"borough\", \"requiredActions\": {}}");
            assertThatThrownBy(() -> RealmDefinition.load(dir, demoCouncils(), variables()))
                    .hasMessageContaining("requiredActions must be a list");
        }

        private Councils demoCouncils() {
            return CouncilsLoader.load(CouncilsLoaderTest.DEMO, CouncilsLoaderTest.demoVariables());
        }
    }

    @Nested
    class Comparison {

        private final ObjectMapper json = new ObjectMapper();

        @Test
        void whenDeclaredFieldsMatchThenExtraFieldsInKeycloakDoNotCount() throws IOException {
            assertThat(Representations.isSubset(json.readTree("{\"a\": 1, \"b\": {\"c\": [\"x\"]}}"),
                    json.readTree("{\"a\": \"1\", \"b\": {\"c\": [\"x\"], \"d\": 2}, \"e\": 3}"))).isTrue();
        }

        @Test
        void whenAValueDiffersThenItCounts() throws IOException {
            assertThat(Representations.isSubset(json.readTree("{\"b\": {\"c\": [\"x\"]}}"),
                    json.readTree("{\"b\": {\"c\": [\"y\"]}}"))).isFalse();
        }

        @Test
        void whenKeycloakReordersAListOfValuesThenItCountsAsEqual() throws IOException {
            assertThat(Representations.isSubset(json.readTree("{\"redirectUris\": [\"a\", \"b\"]}"),
                    json.readTree("{\"redirectUris\": [\"b\", \"a\"]}"))).isTrue();
            assertThat(Representations.isSubset(json.readTree("{\"redirectUris\": [\"a\", \"b\"]}"),
                    json.readTree("{\"redirectUris\": [\"a\", \"c\"]}"))).isFalse();
        }

        @Test
        void whenASettingIsSentEmptyThenKeycloakLeavingItOutCountsAsEqual() throws IOException {
            assertThat(Representations.isSubset(json.readTree("{\"config\": {\"trustedCertificates\": []}}"),
                    json.readTree("{\"config\": {\"startTls\": [\"true\"]}}"))).isTrue();
            assertThat(Representations.isSubset(json.readTree("{\"config\": {\"trustedCertificates\": []}}"),
                    json.readTree("{\"config\": {\"trustedCertificates\": [\"PEM\"]}}"))).isFalse();
        }

        @Test
        void whenKeycloakMasksASecretThenItCountsAsEqual() throws IOException {
            assertThat(Representations.isSubset(json.readTree("{\"bindCredential\": [\"s\"]}"),
                    json.readTree("{\"bindCredential\": [\"**********\"]}"))).isTrue();
        }
    }
}
