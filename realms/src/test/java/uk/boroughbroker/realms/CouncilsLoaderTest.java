package uk.boroughbroker.realms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CouncilsLoaderTest {

    static final Path DEMO = Path.of("demo", "councils.yaml");

    static Variables demoVariables() {
        Map<String, String> values = new HashMap<>();
        for (String id : new String[] {"BRENT", "LEWISHAM", "SOUTHWARK", "CAMDEN", "ISLINGTON", "HARINGEY"}) {
            values.put(id + "_LDAP_URL", "ldap://127.0.0.1:" + (10000 + id.length()));
            values.put(id + "_BIND_PASSWORD", "secret-" + id.toLowerCase());
        }
        return Variables.only(values);
    }

    @TempDir
    Path dir;

    Path write(String yaml) throws IOException {
        Path file = dir.resolve("councils.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    static final String BRENT = """
            councils:
              - id: brent
                displayName: London Borough of Brent
                upnSuffixes: [brent.gov.uk]
                directory:
                  urls: ["ldap://dc1.brent.local:389", "ldap://dc2.brent.local:389"]
                  baseDn: DC=brent,DC=gov,DC=uk
                  usersDn: OU=Staff,DC=brent,DC=gov,DC=uk
                  bindDn: CN=svc,DC=brent,DC=gov,DC=uk
                  bindCredential: ${BRENT_BIND_PASSWORD}
                  allowPlaintext: true
            """;

    @Nested
    @DisplayName("the demo councils file")
    class Demo {

        @Test
        void whenLoadedThenSixCouncilsInTwoSharedServices() {
            Councils councils = CouncilsLoader.load(DEMO, demoVariables());

            assertThat(councils.ids()).containsExactly("brent", "lewisham", "southwark", "camden", "islington", "haringey");
            assertThat(councils.sharedServices()).extracting(SharedService::id)
                    .containsExactly("brent-lewisham-southwark", "camden-islington-haringey");
            Council brent = councils.find("brent").orElseThrow();
            assertThat(brent.sharedService()).contains("brent-lewisham-southwark");
            assertThat(brent.upnSuffixes()).containsExactly("brent.gov.uk");
            assertThat(brent.directory().urls()).containsExactly("ldap://127.0.0.1:10005");
            assertThat(brent.directory().bindCredential()).isEqualTo("secret-brent");
            assertThat(brent.directory().connectTimeoutMillis()).isEqualTo(2000);
            assertThat(brent.directory().readTimeoutMillis()).isEqualTo(5000);
        }

        @Test
        void whenPrintedThenTheBindCredentialIsNotShown() {
            Council brent = CouncilsLoader.load(DEMO, demoVariables()).find("brent").orElseThrow();

            assertThat(brent.toString()).doesNotContain("secret-brent");
        }

        @Test
        void whenAVariableIsNotSetThenTheErrorNamesIt() {
            assertThatThrownBy(() -> CouncilsLoader.load(DEMO, Variables.only(Map.of())))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("council 'brent'")
                    .hasMessageContaining("variable BRENT_LDAP_URL is not set");
        }
    }

    @Nested
    @DisplayName("TLS and nested groups")
    class TlsAndGroups {

        private Path withCa() throws IOException {
            Files.copy(Path.of("src", "test", "resources", "test-ca.pem"), dir.resolve("brent-ca.pem"));
            return dir.resolve("brent-ca.pem");
        }

        @Test
        void whenLdapsWithTheCouncilsCaThenTheCertificatesAreCarriedToTheFederation() throws IOException {
            withCa();
            Path file = write(BRENT.replace("ldap://dc1.brent.local:389\", \"ldap://dc2.brent.local:389",
                    "ldaps://dc1.brent.local:636\", \"ldaps://dc2.brent.local:636")
                    .replace("    bindDn:", "    caFile: brent-ca.pem\n      groupResolution: in-chain\n      bindDn:"));

            Council.Directory directory = CouncilsLoader.load(file, demoVariables()).councils().get(0).directory();

            assertThat(directory.trustedCertificates()).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(directory.groupResolution()).isEqualTo("in-chain");
            assertThat(directory.startTls()).isFalse();
        }

        @Test
        void whenStartTlsIsAskedForLdapsThenItIsRefusedAsAlreadyTls() throws IOException {
            Path file = write(BRENT.replace("ldap://dc1.brent.local:389\", \"ldap://dc2.brent.local:389",
                    "ldaps://dc1.brent.local:636").replace("    bindDn:", "    startTls: true\n      bindDn:"));

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .hasMessageContaining("council 'brent': directory.startTls is for ldap:// URLs");
        }

        @Test
        void whenACaIsGivenWithoutTlsThenItIsRefused() throws IOException {
            withCa();
            Path file = write(BRENT.replace("    bindDn:", "    caFile: brent-ca.pem\n      bindDn:"));

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .hasMessageContaining("directory.caFile is only used over TLS");
        }

        @Test
        void whenTheCaFileIsMissingOrNotPemThenTheFileIsNamed() throws IOException {
            Files.writeString(dir.resolve("not-a-cert.pem"), "hello");
            Path missing = write(BRENT.replace("    bindDn:", "    startTls: true\n      caFile: nowhere.pem\n      bindDn:"));
            assertThatThrownBy(() -> CouncilsLoader.load(missing, demoVariables()))
                    .hasMessageContaining("directory.caFile 'nowhere.pem' cannot be read");

            Path garbage = write(BRENT.replace("    bindDn:", "    startTls: true\n      caFile: not-a-cert.pem\n      bindDn:"));
            assertThatThrownBy(() -> CouncilsLoader.load(garbage, demoVariables()))
                    .hasMessageContaining("directory.caFile 'not-a-cert.pem'");
        }

        @Test
        void whenUrlsMixLdapAndLdapsThenItIsRefused() throws IOException {
            Path file = write(BRENT.replace("ldap://dc2.brent.local:389", "ldaps://dc2.brent.local:636"));

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .hasMessageContaining("directory.urls mix ldap:// and ldaps://");
        }

        @Test
        void whenGroupResolutionIsUnknownThenTheChoicesAreNamed() throws IOException {
            Path file = write(BRENT.replace("    bindDn:", "    groupResolution: recursive\n      bindDn:"));

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .hasMessageContaining("directory.groupResolution must be auto, in-chain or walk, not 'recursive'");
        }
    }

    @Nested
    @DisplayName("domains (upnSuffixes, emailDomains)")
    class Domains {

        @Test
        void whenADomainHasAnEmptyLabelThenFileLineAndFieldAreNamedWithoutAnException() throws IOException {
            Path file = write(BRENT.replace("[brent.gov.uk]", "[brent..gov.uk]"));

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(file + ":4: council 'brent': upnSuffixes[0]: 'brent..gov.uk' has an empty label");
        }

        @Test
        void whenADomainIsInternationalisedThenItIsRefusedWithItsPunycodeForm() throws IOException {
            Path file = write(BRENT.replace("[brent.gov.uk]", "[brent.gov.uk]\n    emailDomains: [br\u00ebnt.gov.uk]"));

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(file + ":5: council 'brent': emailDomains[0]: 'br\u00ebnt.gov.uk' is an "
                            + "internationalised domain name")
                    .hasMessageContaining("xn--brnt-");
        }

        @Test
        void whenADomainIsInPunycodeThenItIsAccepted() throws IOException {
            Path file = write(BRENT.replace("[brent.gov.uk]", "[brent.gov.uk, xn--brnt-goa.gov.uk]"));

            assertThat(CouncilsLoader.load(file, demoVariables()).councils().get(0).upnSuffixes())
                    .containsExactly("brent.gov.uk", "xn--brnt-goa.gov.uk");
        }

        @Test
        void whenADomainIsLongerThan253CharactersThenItIsRefused() throws IOException {
            String longDomain = ("a".repeat(60) + ".").repeat(5) + "gov.uk";
            Path file = write(BRENT.replace("[brent.gov.uk]", "[" + longDomain + "]"));

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .hasMessageContaining("is longer than 253 characters");
        }

        @Test
        void whenALabelStartsWithAHyphenOrHasAnUnderscoreThenItIsRefused() throws IOException {
            for (String bad : new String[] {"-brent.gov.uk", "brent_hr.gov.uk", "brent.gov.uk."}) {
                Path file = write(BRENT.replace("[brent.gov.uk]", "[\"" + bad + "\"]"));

                assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables())).as(bad)
                        .isInstanceOf(ConfigurationException.class)
                        .hasMessageContaining("upnSuffixes[0]: '" + bad + "'");
            }
        }
    }

    @Nested
    @DisplayName("plain LDAP")
    class Plaintext {

        @Test
        void whenLdapHasNeitherStartTlsNorAllowPlaintextThenFileLineAndCouncilAreNamed() throws IOException {
            Path file = write(BRENT.replace("      allowPlaintext: true\n", ""));

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(file + ":6: council 'brent': directory.urls are plain ldap:// without "
                            + "startTls: staff passwords would cross the network in clear");
        }

        @Test
        void whenTheCouncilSaysAllowPlaintextThenItLoadsAndSaysSo() throws IOException {
            Council.Directory directory = CouncilsLoader.load(write(BRENT), demoVariables()).councils().get(0).directory();

            assertThat(directory.allowPlaintext()).isTrue();
            assertThat(directory.plaintext()).isTrue();
        }

        @Test
        void whenStartTlsIsOnThenNoOptOutIsNeeded() throws IOException {
            Path file = write(BRENT.replace("      allowPlaintext: true\n", "      startTls: true\n"));

            Council.Directory directory = CouncilsLoader.load(file, demoVariables()).councils().get(0).directory();

            assertThat(directory.plaintext()).isFalse();
        }

        @Test
        void whenAllowPlaintextIsNotABooleanThenItIsRefused() throws IOException {
            Path file = write(BRENT.replace("allowPlaintext: true", "allowPlaintext: sometimes"));

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .hasMessageContaining("directory.allowPlaintext must be true or false");
        }

        @Test
        void whenTheDemoFileIsLoadedThenItsLoopbackDirectoriesSayAllowPlaintext() {
            assertThat(CouncilsLoader.load(DEMO, demoVariables()).councils())
                    .allSatisfy(c -> assertThat(c.directory().allowPlaintext()).as(c.id()).isTrue());
        }
    }

    @Nested
    @DisplayName("a broken councils file")
    class Broken {

        @Test
        void whenAFieldIsUnknownThenFileLineCouncilAndFieldAreNamed() throws IOException {
            Path file = write(BRENT.replace("    upnSuffixes", "    upnSufixes: [x.gov.uk]\n    upnSuffixes"));

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .hasMessageContaining(file + ":4: council 'brent': unknown field 'upnSufixes'");
        }

        @Test
        void whenTwoCouncilsClaimOneSuffixThenBothAreNamed() throws IOException {
            Path file = write(BRENT + BRENT.replace("councils:\n", "").replace("id: brent", "id: lewisham"));

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .hasMessageContaining("council 'lewisham': upnSuffixes[0]: 'brent.gov.uk' already belongs to council 'brent'");
        }

        @Test
        void whenTwoCouncilsShareAnIdThenItIsRefused() throws IOException {
            Path file = write(BRENT + BRENT.replace("councils:\n", "").replace("brent.gov.uk", "other.gov.uk"));

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .hasMessageContaining("id is used by another council");
        }

        @Test
        void whenADnIsMalformedThenTheFieldIsNamed() throws IOException {
            Path file = write(BRENT.replace("usersDn: OU=Staff,DC=brent,DC=gov,DC=uk", "usersDn: OU=Staff,,DC=brent"));

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .hasMessageContaining(file + ":8: council 'brent': directory.usersDn: 'OU=Staff,,DC=brent' is not a valid DN");
        }

        @Test
        void whenUsersDnIsOutsideBaseDnThenItIsRefused() throws IOException {
            Path file = write(BRENT.replace("usersDn: OU=Staff,DC=brent,DC=gov,DC=uk", "usersDn: OU=Staff,DC=camden,DC=gov,DC=uk"));

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .hasMessageContaining("is not under baseDn");
        }

        @Test
        void whenAUrlIsMalformedThenItIsNamedWithItsIndex() throws IOException {
            Path file = write(BRENT.replace("ldap://dc2.brent.local:389", "http://dc2"));

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .hasMessageContaining("council 'brent': directory.urls[1]: 'http://dc2' is not an LDAP URL");
        }

        @Test
        void whenTheSuffixIsNotADomainThenItIsRefused() throws IOException {
            Path file = write(BRENT.replace("[brent.gov.uk]", "[\"brent gov\"]"));

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .hasMessageContaining("upnSuffixes[0]: 'brent gov' is not a domain name");
        }

        @Test
        void whenTheIdIsNotLowerCaseThenItIsRefused() throws IOException {
            Path file = write(BRENT.replace("id: brent", "id: Brent Council"));

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .hasMessageContaining("id must be 2-40 lower-case letters");
        }

        @Test
        void whenATimeoutIsOutOfRangeThenItIsRefused() throws IOException {
            Path file = write(BRENT + "      readTimeoutMillis: 0\n");

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .hasMessageContaining("directory.readTimeoutMillis must be from 100 to 60000, not 0");
        }

        @Test
        void whenADeadlineIsGivenThenTheCouncilCarriesItAndWithoutOneTheDefaultApplies() throws IOException {
            assertThat(CouncilsLoader.load(write(BRENT + "      deadlineMillis: 8000\n"), demoVariables()).councils()
                    .get(0).directory().deadlineMillis()).isEqualTo(8000);
            assertThat(CouncilsLoader.load(write(BRENT), demoVariables()).councils().get(0).directory().deadlineMillis())
                    .as("at most 6 s (issue 11)").isEqualTo(5500);
        }

        @Test
        void whenTheDeadlineIsNoLongerThanTheReadTimeoutThenItIsRefusedWithItsLine() throws IOException {
            Path file = write(BRENT + "      readTimeoutMillis: 5000\n      deadlineMillis: 5000\n");

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .hasMessageMatching("(?s).*councils\\.yaml:13: council .brent.: directory\\.deadlineMillis \\(5000\\) must be "
                            + "longer than connectTimeoutMillis \\(2000\\) and readTimeoutMillis \\(5000\\).*");
        }

        @Test
        void whenTheReadTimeoutOutlastsTheDefaultDeadlineThenTheDefaultIsNamedInTheRefusal() throws IOException {
            Path file = write(BRENT + "      readTimeoutMillis: 6000\n");

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .hasMessageContaining("directory.deadlineMillis (5500, the default) must be longer than");
        }

        @Test
        void whenTheDeadlineIsTooShortThenItIsRefused() throws IOException {
            Path file = write(BRENT + "      connectTimeoutMillis: 100\n      readTimeoutMillis: 100\n"
                    + "      deadlineMillis: 400\n");

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .hasMessageContaining("directory.deadlineMillis must be from 500 to 60000, not 400");
        }

        @Test
        void whenATuningSettingIsGivenThenTheCouncilCarriesItUnderTheFederationsKey() throws IOException {
            Council.Directory directory = CouncilsLoader.load(write(BRENT + "      maxConnections: 25\n"
                    + "      revealLockout: false\n"), demoVariables()).councils().get(0).directory();

            assertThat(directory.tuning()).containsEntry("maxConnections", "25").containsEntry("revealLockout", "false");
        }

        @Test
        void whenATuningSettingIsOutsideItsDeclaredBoundsThenItIsRefusedWithTheBounds() throws IOException {
            Path file = write(BRENT + "      maxConnections: 500\n      revealLockout: sometimes\n");

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .hasMessageContaining("directory.maxConnections must be from 1 to 200, not 500")
                    .hasMessageContaining("directory.revealLockout must be true or false, not 'sometimes'");
        }

        @Test
        void whenBothCredentialKindsAreGivenThenItIsRefused() throws IOException {
            Path file = write(BRENT + "      bindCredentialFile: brent.secret\n");

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .hasMessageContaining("exactly one of bindCredential");
        }

        @Test
        void whenTheYamlIsBrokenThenTheLineIsNamed() throws IOException {
            Path file = write("councils:\n  - id: brent\n    displayName: [unclosed\n");

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .hasMessageStartingWith(file + ":")
                    .hasMessageContaining("not valid YAML");
        }

        @Test
        void whenASharedServiceNamesAnUnknownCouncilThenItIsRefused() throws IOException {
            Path file = write(BRENT + "sharedServices:\n  - id: shared\n    displayName: Shared\n    councils: [brent, barnet]\n");

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .hasMessageContaining("shared service 'shared': council 'barnet' is not declared");
        }

        @Test
        void whenManyThingsAreWrongThenAllAreReportedAtOnce() throws IOException {
            Path file = write(BRENT.replace("id: brent", "id: BRENT").replace("http", "x").replace("ldap://dc1", "nope"));

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .hasMessageContaining("id must be")
                    .hasMessageContaining("directory.urls[0]");
        }

        @Test
        void whenTheFileIsMissingThenItIsNamed() {
            Path missing = dir.resolve("nope.yaml");

            assertThatThrownBy(() -> CouncilsLoader.load(missing, demoVariables()))
                    .hasMessage(missing + ": file not found");
        }
    }

    @Nested
    @DisplayName("a bind credential from a file")
    class CredentialFile {

        @Test
        void whenTheFileExistsThenItsTrimmedContentIsTheCredential() throws IOException {
            Files.writeString(dir.resolve("brent.secret"), "s3cret\n");
            Path file = write(BRENT.replace("bindCredential: ${BRENT_BIND_PASSWORD}", "bindCredentialFile: brent.secret"));

            Councils councils = CouncilsLoader.load(file, demoVariables());

            assertThat(councils.find("brent").orElseThrow().directory().bindCredential()).isEqualTo("s3cret");
        }

        @Test
        void whenTheFileIsMissingThenTheCouncilAndFieldAreNamed() throws IOException {
            Path file = write(BRENT.replace("bindCredential: ${BRENT_BIND_PASSWORD}", "bindCredentialFile: none.secret"));

            assertThatThrownBy(() -> CouncilsLoader.load(file, demoVariables()))
                    .hasMessageContaining("council 'brent': directory.bindCredentialFile 'none.secret' cannot be read");
        }
    }
}
