package uk.boroughbroker.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("DemoSignIns")
class DemoSignInsTest {

    /** The real demo data (surefire runs with the module folder as working directory). */
    static final Path BRENT = Path.of("..", "realms", "demo", "brent.ldif");

    static String person(String username, String displayName, int accountControl) {
        return """
                dn: CN=%2$s,OU=Staff,DC=test,DC=gov,DC=uk
                objectClass: top
                objectClass: person
                objectClass: organizationalPerson
                objectClass: user
                cn: %2$s
                sn: %2$s
                displayName: %2$s
                sAMAccountName: %1$s
                title: Officer
                userAccountControl: %3$d
                userPassword: Test!%1$s1

                """.formatted(username, displayName, accountControl);
    }

    @Nested
    @DisplayName("of the real Brent demo file")
    class Brent {

        @Test
        void whenReadThenTwelvePeopleAndNoGroupsAreListed() {
            DemoSignIns brent = DemoSignIns.read("brent", BRENT);

            assertThat(brent.council()).isEqualTo("brent");
            assertThat(brent.people()).hasSize(12);
            assertThat(brent.people()).extracting(DemoSignIns.Person::username)
                    .contains("jsmith@brent.gov.uk", "aokafor@brent.gov.uk", "gthompson@brent.gov.uk")
                    .noneMatch(u -> u.startsWith("GG-") || u.startsWith("SharedICT-"));
        }

        @Test
        void whenReadThenEachPersonHasTheDocumentedPasswordPattern() {
            assertThat(DemoSignIns.read("brent", BRENT).people())
                    .allSatisfy(p -> assertThat(p.password()).isEqualTo("Brent!" + p.account() + "1"))
                    .allSatisfy(p -> assertThat(p.displayName()).isNotBlank());
        }

        @Test
        void whenAnExampleIsAskedThenItIsEnabledAndNotTheSharedJsmith() {
            DemoSignIns.Person example = DemoSignIns.read("brent", BRENT).example();

            assertThat(example.disabled()).isFalse();
            assertThat(example.account()).isNotEqualTo("jsmith").isEqualTo("aokafor");
            assertThat(example.username()).isEqualTo("aokafor@brent.gov.uk");
            assertThat(example.displayName()).isEqualTo("Adaeze Okafor");
            assertThat(example.title()).isEqualTo("Revenues and Benefits Manager");
            assertThat(example.password()).isEqualTo("Brent!aokafor1");
        }

        @Test
        void whenDisabledAccountsAreAskedThenGthompsonIsAmongThem() {
            List<DemoSignIns.Person> disabled = DemoSignIns.read("brent", BRENT).disabled();

            assertThat(disabled).extracting(DemoSignIns.Person::username).containsExactly("gthompson@brent.gov.uk");
            assertThat(disabled).allMatch(DemoSignIns.Person::disabled);
        }

        @Test
        void whenReadThenThePeopleListCannotBeChanged() {
            DemoSignIns brent = DemoSignIns.read("brent", BRENT);

            assertThatThrownBy(() -> brent.people().clear()).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    @DisplayName("of small fixtures")
    class Fixtures {

        @Test
        void whenEveryoneIsDisabledOrJsmithThenExampleFailsNamingTheCouncil(@TempDir Path dir) throws IOException {
            Path ldif = dir.resolve("test.ldif");
            Files.writeString(ldif, "version: 1\n\n" + person("jsmith", "John Smith", 512)
                    + person("gone", "Gone Person", 514));
            DemoSignIns signIns = DemoSignIns.read("testshire", ldif);

            assertThat(signIns.people()).hasSize(2);
            assertThatThrownBy(signIns::example)
                    .isInstanceOf(BrokerException.class)
                    .hasMessage("Demo data for testshire has no enabled user");
        }

        @Test
        void whenUserAccountControlIsMissingThenThePersonIsEnabled(@TempDir Path dir) throws IOException {
            Path ldif = dir.resolve("test.ldif");
            Files.writeString(ldif, person("aperson", "A Person", 512).replace("userAccountControl: 512\n", ""));

            DemoSignIns signIns = DemoSignIns.read("testshire", ldif);

            assertThat(signIns.example().username()).isEqualTo("aperson");
            assertThat(signIns.disabled()).isEmpty();
        }

        @Test
        void whenTheLdifIsBrokenThenTheErrorNamesTheFile(@TempDir Path dir) throws IOException {
            Path ldif = dir.resolve("broken.ldif");
            Files.writeString(ldif, "version: 1\n\ndn: CN=Broken,DC=test\nobjectClass user without a colon\n");

            assertThatThrownBy(() -> DemoSignIns.read("testshire", ldif))
                    .isInstanceOf(BrokerException.class)
                    .hasMessageStartingWith("Cannot read demo data " + ldif + ": ");
        }

        @Test
        void whenTheFileIsMissingThenTheErrorNamesIt(@TempDir Path dir) {
            Path ldif = dir.resolve("absent.ldif");

            assertThatThrownBy(() -> DemoSignIns.read("testshire", ldif))
                    .isInstanceOf(BrokerException.class)
                    .hasMessageStartingWith("Cannot read demo data " + ldif);
        }
    }
}
