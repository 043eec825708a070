package uk.boroughbroker.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("BrokerSecrets.loadOrCreate")
class BrokerSecretsTest {

    private static Properties read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }

    @Nested
    @DisplayName("the demo clients")
    class DemoClients {

        @Test
        void whenTheRealmFilesAreRenderedWithAHomesSecretsThenEachConfidentialClientHasItsOwnSecret(@TempDir Path tmp) {
            BrokerSecrets secrets = BrokerSecrets.loadOrCreate(tmp.resolve("home"));
            java.util.Map<String, String> values = new java.util.HashMap<>(secrets.clientSecrets());
            for (String id : new String[] {"BRENT", "LEWISHAM", "SOUTHWARK", "CAMDEN", "ISLINGTON", "HARINGEY"}) {
                values.put(id + "_LDAP_URL", "ldap://127.0.0.1:389");
                values.put(id + "_BIND_PASSWORD", "x");
            }
            uk.boroughbroker.realms.Variables variables = uk.boroughbroker.realms.Variables.only(values);
            Path realms = Path.of("..", "realms");

            uk.boroughbroker.realms.RealmDefinition realm = uk.boroughbroker.realms.RealmDefinition.forCouncils(
                    realms.resolve("borough"), realms.resolve("demo").resolve("councils.yaml"), variables);

            java.util.Map<String, String> secretOf = new java.util.HashMap<>();
            realm.representation().path("clients").forEach(c -> {
                if (c.has("secret")) {
                    secretOf.put(c.path("clientId").asText(), c.path("secret").asText());
                }
            });
            assertThat(secretOf).containsKeys("borough-demo-service", "lewisham-revenues");
            assertThat(secretOf.values()).allSatisfy(v -> assertThat(v).hasSizeGreaterThanOrEqualTo(20))
                    .doesNotHaveDuplicates();
            assertThat(secretOf.values()).containsExactlyInAnyOrderElementsOf(secrets.clientSecrets().values());
        }
    }

    @Nested
    @DisplayName("in a new home")
    class NewHome {

        @Test
        void whenTheHomeIsNewThenThreeDistinctRandomSecretsAreCreatedAndStored(@TempDir Path tmp) throws IOException {
            Path home = tmp.resolve("home");

            BrokerSecrets s = BrokerSecrets.loadOrCreate(home);

            assertThat(s.adminPassword()).isNotBlank().hasSizeGreaterThanOrEqualTo(20);
            assertThat(s.adminClientSecret()).isNotBlank().hasSizeGreaterThanOrEqualTo(20);
            assertThat(s.demoServiceSecret()).isNotBlank().hasSizeGreaterThanOrEqualTo(20);
            java.util.Set<String> all = new java.util.HashSet<>(s.clientSecrets().values());
            all.add(s.adminPassword());
            all.add(s.adminClientSecret());
            assertThat(all).hasSize(2 + BrokerSecrets.CLIENT_SECRETS.size());

            Path file = home.resolve(BrokerSecrets.FILE);
            assertThat(file).isRegularFile();
            Properties stored = read(file);
            assertThat(stored.getProperty("admin.password")).isEqualTo(s.adminPassword());
            assertThat(stored.getProperty("admin.client.secret")).isEqualTo(s.adminClientSecret());
            assertThat(stored.getProperty("demo.service.secret")).isEqualTo(s.demoServiceSecret());
        }

        @Test
        void whenTwoHomesAreCreatedThenTheirSecretsDiffer(@TempDir Path tmp) {
            BrokerSecrets a = BrokerSecrets.loadOrCreate(tmp.resolve("a"));
            BrokerSecrets b = BrokerSecrets.loadOrCreate(tmp.resolve("b"));

            assertThat(a.adminPassword()).isNotEqualTo(b.adminPassword());
            assertThat(a.adminClientSecret()).isNotEqualTo(b.adminClientSecret());
            assertThat(a.demoServiceSecret()).isNotEqualTo(b.demoServiceSecret());
        }

        @Test
        void whenCreatedOnPosixThenOnlyTheOwnerCanReadAndWriteTheFile(@TempDir Path home) throws IOException {
            assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");

            BrokerSecrets.loadOrCreate(home);

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(BrokerSecrets.FILE))))
                    .isEqualTo("rw-------");
        }

        @Test
        void whenSecretsArePrintedThenNoValueIsShown(@TempDir Path home) {
            BrokerSecrets s = BrokerSecrets.loadOrCreate(home);

            assertThat(s.toString()).isEqualTo("BrokerSecrets[hidden]")
                    .doesNotContain(s.adminPassword(), s.adminClientSecret(), s.demoServiceSecret());
            assertThat(String.valueOf(s)).doesNotContain(s.adminPassword());
        }
    }

    @Nested
    @DisplayName("in an existing home")
    class ExistingHome {

        @Test
        void whenCalledAgainThenTheSameSecretsAreReturnedAndTheFileIsNotRewritten(@TempDir Path home)
                throws IOException {
            BrokerSecrets first = BrokerSecrets.loadOrCreate(home);
            Path file = home.resolve(BrokerSecrets.FILE);
            String content = Files.readString(file);

            BrokerSecrets second = BrokerSecrets.loadOrCreate(home);

            assertThat(second).isEqualTo(first);
            assertThat(Files.readString(file)).isEqualTo(content);
        }

        @Test
        void whenOneValueIsBlankThenOnlyThatOneIsRegenerated(@TempDir Path home) throws IOException {
            Path file = home.resolve(BrokerSecrets.FILE);
            Files.writeString(file, """
                    admin.password=keep-this-admin-password
                    admin.client.secret=\\u0020\\u0020
                    demo.service.secret=keep-this-demo-secret
                    """);

            BrokerSecrets s = BrokerSecrets.loadOrCreate(home);

            assertThat(s.adminPassword()).isEqualTo("keep-this-admin-password");
            assertThat(s.demoServiceSecret()).isEqualTo("keep-this-demo-secret");
            assertThat(s.adminClientSecret()).isNotBlank()
                    .isNotIn("keep-this-admin-password", "keep-this-demo-secret");
            Properties stored = read(file);
            assertThat(stored.getProperty("admin.client.secret")).isEqualTo(s.adminClientSecret());
            assertThat(stored.getProperty("admin.password")).isEqualTo("keep-this-admin-password");
            assertThat(stored.getProperty("demo.service.secret")).isEqualTo("keep-this-demo-secret");
        }

        @Test
        void whenAValueIsMissingThenItIsAddedAndTheOthersAreKept(@TempDir Path home) throws IOException {
            Files.writeString(home.resolve(BrokerSecrets.FILE), "admin.password=kept\nadmin.client.secret=kept-too\n");

            BrokerSecrets s = BrokerSecrets.loadOrCreate(home);

            assertThat(s.adminPassword()).isEqualTo("kept");
            assertThat(s.adminClientSecret()).isEqualTo("kept-too");
            assertThat(s.demoServiceSecret()).isNotBlank();
            assertThat(BrokerSecrets.loadOrCreate(home)).isEqualTo(s);
        }

        @Test
        void whenTheSecretsFileCannotBeReadThenTheErrorNamesIt(@TempDir Path home) throws IOException {
            Path file = home.resolve(BrokerSecrets.FILE);
            Files.createDirectories(file); // a folder where the file should be

            assertThatThrownBy(() -> BrokerSecrets.loadOrCreate(home))
                    .isInstanceOf(BrokerException.class)
                    .hasMessageStartingWith("Cannot read or write " + file);
        }
    }
}
