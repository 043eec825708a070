package uk.boroughbroker.directory;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.boroughbroker.directory.DemoCouncils.BRENT_BASE;

@DisplayName("A council directory that cannot start")
class StartFailureTest {

    /** A person entry without its sAMAccountName line; the tests add what they need. */
    static final String USER_HEADER = """
            dn: CN=Ada Lovelace,OU=Staff,DC=brent,DC=gov,DC=uk
            objectClass: top
            objectClass: person
            objectClass: organizationalPerson
            objectClass: user
            cn: Ada Lovelace
            sn: Lovelace
            """;

    @Nested
    @DisplayName("because of its LDIF")
    class BadLdif {

        @Test
        void whenALineHasNoColonThenTheMessageNamesTheFileAndLine(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("broken.ldif");
            Files.writeString(file, "# a comment\n\n" + USER_HEADER + "sAMAccountName alovelace\n");

            assertThatThrownBy(() -> CouncilDirectory.builder("brent", BRENT_BASE).ldif(file).start())
                    .isInstanceOf(DirectoryStartException.class)
                    .hasMessageContaining("broken.ldif, record at line 3 (dn: CN=Ada Lovelace")
                    .hasMessageContaining("colon");
        }

        @Test
        void whenAnAttributeIsNotInTheSchemaThenTheMessageNamesSourceLineAndAttribute() {
            String ldif = "version: 1\n\n" + USER_HEADER + "favouriteColour: teal\n";

            assertThatThrownBy(() -> start(ldif, "colours.ldif"))
                    .isInstanceOf(DirectoryStartException.class)
                    .hasMessageContaining("colours.ldif, entry at line 3")
                    .hasMessageContaining("CN=Ada Lovelace")
                    .hasMessageContaining("favouriteColour");
        }

        @Test
        void whenAGroupMemberDoesNotExistThenTheMessageNamesSourceGroupAndMember() {
            String ldif = USER_HEADER + """

                    dn: CN=Analysts,OU=Groups,DC=brent,DC=gov,DC=uk
                    objectClass: top
                    objectClass: group
                    cn: Analysts
                    member: CN=Ada Lovelace,OU=Staff,DC=brent,DC=gov,DC=uk
                    member: CN=Charles Babbage,OU=Staff,DC=brent,DC=gov,DC=uk
                    """;

            assertThatThrownBy(() -> start(ldif, "groups.ldif"))
                    .isInstanceOf(DirectoryStartException.class)
                    .hasMessageContaining("groups.ldif, entry at line 9 (CN=Analysts")
                    .hasMessageContaining("member CN=Charles Babbage,OU=Staff,DC=brent,DC=gov,DC=uk does not exist");
        }

        @Test
        void whenTheLdifContainsAnEntryTheDirectoryCreatesItselfThenItIsRefused() {
            String ldif = """
                    dn: OU=Staff,DC=brent,DC=gov,DC=uk
                    objectClass: top
                    objectClass: organizationalUnit
                    ou: Staff
                    """;

            assertThatThrownBy(() -> start(ldif, "skeleton.ldif"))
                    .isInstanceOf(DirectoryStartException.class)
                    .hasMessageContaining("skeleton.ldif, entry at line 1 (OU=Staff,DC=brent,DC=gov,DC=uk)")
                    .hasMessageContaining("remove this entry from the LDIF");
        }

        @Test
        void whenAnEntryIsOutsideTheBaseDnThenItIsRefused() {
            String ldif = USER_HEADER.replace("DC=brent", "DC=lewisham");

            assertThatThrownBy(() -> start(ldif, "wrong-council.ldif"))
                    .isInstanceOf(DirectoryStartException.class)
                    .hasMessageContaining("wrong-council.ldif")
                    .hasMessageContaining("not under the base DN DC=brent,DC=gov,DC=uk");
        }

        @Test
        void whenAnEntrysParentIsMissingThenItIsRefused() {
            String ldif = USER_HEADER.replace("OU=Staff", "OU=Contractors");

            assertThatThrownBy(() -> start(ldif, "contractors.ldif"))
                    .isInstanceOf(DirectoryStartException.class)
                    .hasMessageContaining("contractors.ldif")
                    .hasMessageContaining("parent OU=Contractors,DC=brent,DC=gov,DC=uk does not exist");
        }

        @Test
        void whenTwoSourcesDefineTheSameEntryThenBothAreNamed() {
            assertThatThrownBy(() -> CouncilDirectory.builder("brent", BRENT_BASE)
                    .ldif(stream(USER_HEADER), "first.ldif")
                    .ldif(stream(USER_HEADER), "second.ldif")
                    .start())
                    .isInstanceOf(DirectoryStartException.class)
                    .hasMessageContaining("second.ldif")
                    .hasMessageContaining("first.ldif");
        }

        @Test
        void whenTheFileDoesNotExistThenTheMessageSaysWhere(@TempDir Path dir) {
            Path missing = dir.resolve("nowhere.ldif");

            assertThatThrownBy(() -> CouncilDirectory.builder("brent", BRENT_BASE).ldif(missing).start())
                    .isInstanceOf(DirectoryStartException.class)
                    .hasMessageContaining("nowhere.ldif")
                    .hasMessageContaining("does not exist");
        }

        @Test
        void whenGeneratedUsersHaveNoPasswordThenStartIsRefused() {
            assertThatThrownBy(() -> CouncilDirectory.builder("brent", BRENT_BASE).generatedUsers(5).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("generatedUserPassword");
        }

        private static CouncilDirectory start(String ldif, String name) {
            return CouncilDirectory.builder("brent", BRENT_BASE).ldif(stream(ldif), name).start();
        }

        private static ByteArrayInputStream stream(String ldif) {
            return new ByteArrayInputStream(ldif.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Nested
    @DisplayName("because of its port")
    class BusyPort {

        @Test
        void whenThePortIsTakenThenTheMessageNamesPortAndCouncil() throws IOException {
            try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                int port = squatter.getLocalPort();

                assertThatThrownBy(() -> CouncilDirectory.builder("brent", BRENT_BASE).port(port).start())
                        .isInstanceOf(DirectoryStartException.class)
                        .hasMessage("Port " + port + " is already in use; choose another port for council brent");
            }
        }

        @Test
        void whenAnotherCouncilHoldsThePortThenTheSecondOneFails() {
            try (CouncilDirectory first = CouncilDirectory.builder("brent", BRENT_BASE).start()) {
                assertThatThrownBy(() -> CouncilDirectory.builder("lewisham", DemoCouncils.LEWISHAM_BASE)
                        .port(first.port()).start())
                        .isInstanceOf(DirectoryStartException.class)
                        .hasMessageContaining("Port " + first.port() + " is already in use")
                        .hasMessageContaining("council lewisham");
            }
        }

        @Test
        void whenThePortIsOutOfRangeThenTheBuilderRefusesIt() {
            assertThatThrownBy(() -> CouncilDirectory.builder("brent", BRENT_BASE).port(70_000))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(CouncilDirectory.builder("brent", BRENT_BASE).port(0)).isNotNull();
        }
    }
}
