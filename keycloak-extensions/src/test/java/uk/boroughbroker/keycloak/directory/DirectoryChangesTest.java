package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ModifyDNRequest;
import com.unboundid.ldap.sdk.ResultCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import uk.boroughbroker.directory.AdGuid;
import uk.boroughbroker.directory.CouncilDirectory;

/** The change reader against the demo Brent directory (AD-shaped change tracking, decision 0028); no Keycloak. */
@DisplayName("DirectoryChanges")
class DirectoryChangesTest {

    private static final String BASE = "DC=brent,DC=gov,DC=uk";
    private static final String USERS = "OU=Staff," + BASE;
    private static final String JOHN_SMITH = "CN=John Smith," + USERS;
    private static final String FATIMA_HUSSAIN = "CN=Fatima Hussain," + USERS;
    private static final String HOUSING = "CN=GG-Housing-Officers,OU=Groups," + BASE;
    private static final String LEAVERS = "OU=Leavers," + BASE;

    private CouncilDirectory brent;
    private LDAPConnection dc;
    private Map<UUID, Long> known;

    @BeforeEach
    void startBrentAndTakeAWatermark() throws LDAPException {
        brent = start();
        dc = connect(brent);
        known = new HashMap<>(Map.of(brent.changeTracking().invocationId(), brent.changeTracking().highestCommittedUsn()));
    }

    @AfterEach
    void stop() {
        dc.close();
        brent.close();
    }

    @Nested
    @DisplayName("joiners")
    class Joiners {

        @Test
        void whenAPersonIsAddedThenTheyAreAChangedUserWithTheirObjectGuid() throws LDAPException {
            UUID guid = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
            brent.addPerson("Ada Lovelace", Map.of("sn", "Lovelace", "sAMAccountName", "alovelace",
                    "userAccountControl", "512", "objectGUID", AdGuid.toBytes(guid)));

            DirectoryChangeSet changes = read();

            assertThat(changes.fullReconcile()).isFalse();
            assertThat(changes.complete()).isTrue();
            assertThat(changes.changedUsers()).extracting(u -> u.user().objectGuid()).containsExactly(guid);
            assertThat(changes.changedUsers().get(0).user().account()).isEqualTo("alovelace");
            assertThat(changes.leftUsers()).isEmpty();
        }

        @Test
        void whenAnEntryHasNoObjectGuidThenItIsRefusedNotListed() throws LDAPException {
            brent.addPerson("No Guid", Map.of("sn", "Guid", "sAMAccountName", "noguid"));

            DirectoryChangeSet changes = read();

            assertThat(changes.changedUsers()).isEmpty();
            assertThat(changes.refused()).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("leavers")
    class Leavers {

        @Test
        void whenAPersonIsDisabledThenTheyComeBackAsAChangedUserWith514() throws LDAPException {
            brent.setUserAccountControl(JOHN_SMITH, 514);

            DirectoryChangeSet changes = read();

            assertThat(changes.changedUsers()).singleElement().satisfies(changed -> {
                assertThat(changed.user().userAccountControl()).isEqualTo(514);
                assertThat(changed.user().state(Instant.now())).isEqualTo(AccountState.DISABLED);
            });
        }

        @Test
        void whenAPersonIsDeletedThenTheirObjectGuidIsInLeftUsers() throws LDAPException {
            UUID john = guidOf(JOHN_SMITH);

            brent.delete(JOHN_SMITH);
            DirectoryChangeSet changes = read();

            assertThat(changes.deletionsVisible()).isTrue();
            assertThat(changes.leftUsers()).containsExactly(john);
            assertThat(changes.changedUsers()).isEmpty();
        }

        @Test
        void whenTheCouncilHasNotGrantedTheDeletedObjectsThenADeletionIsInvisibleAndTheSetSaysSo() throws LDAPException {
            brent.changeTracking().deletedObjectsGranted(false);

            brent.delete(JOHN_SMITH);
            DirectoryChangeSet changes = read();

            assertThat(changes.deletionsVisible()).isFalse();
            assertThat(changes.leftUsers()).isEmpty();
        }

        @Test
        void whenAPersonIsMovedOutOfTheUsersContainerThenTheyHaveLeft() throws LDAPException {
            UUID john = guidOf(JOHN_SMITH);
            dc.add(LEAVERS, new Attribute("objectClass", "top", "organizationalUnit"), new Attribute("ou", "Leavers"));

            dc.modifyDN(new ModifyDNRequest(JOHN_SMITH, "CN=John Smith", true, LEAVERS));
            DirectoryChangeSet changes = read();

            assertThat(changes.leftUsers()).containsExactly(john);
            assertThat(changes.changedUsers()).isEmpty();
        }
    }

    @Nested
    @DisplayName("movers and renames")
    class Movers {

        @Test
        void whenAPersonJoinsOrLeavesAGroupThenTheGroupChangesWithItsCurrentMembersAndThePersonDoesNot()
                throws LDAPException {
            brent.addMember(HOUSING, JOHN_SMITH);
            brent.removeMember(HOUSING, FATIMA_HUSSAIN);

            DirectoryChangeSet changes = read();

            assertThat(changes.changedUsers()).isEmpty();
            assertThat(changes.changedGroups()).singleElement().satisfies(group -> {
                assertThat(group.dn()).isEqualToIgnoringCase(HOUSING);
                assertThat(group.deleted()).isFalse();
                assertThat(group.members()).contains(JOHN_SMITH).doesNotContain(FATIMA_HUSSAIN);
            });
        }

        @Test
        void whenAGroupIsDeletedThenItIsAChangedGroupUnderItsOldDnWithNoMembers() throws LDAPException {
            brent.delete(HOUSING);

            assertThat(read().changedGroups()).singleElement().satisfies(group -> {
                assertThat(group.dn()).isEqualToIgnoringCase(HOUSING);
                assertThat(group.deleted()).isTrue();
                assertThat(group.members()).isEmpty();
            });
        }

        @Test
        void whenAPersonIsRenamedThenTheyAreAChangedUserWithTheNewDnAndTheSameObjectGuid() throws LDAPException {
            UUID john = guidOf(JOHN_SMITH);

            dc.modifyDN(new ModifyDNRequest(JOHN_SMITH, "CN=John Smith-Jones", true));
            DirectoryChangeSet changes = read();

            assertThat(changes.changedUsers()).singleElement().satisfies(changed -> {
                assertThat(changed.user().objectGuid()).isEqualTo(john);
                assertThat(changed.user().dn()).isEqualToIgnoringCase("CN=John Smith-Jones," + USERS);
            });
        }
    }

    @Nested
    @DisplayName("watermarks")
    class Watermarks {

        @Test
        void whenNothingChangedThenTheSetIsEmptyAndTheWatermarkStays() throws LDAPException {
            DirectoryChangeSet changes = read();

            assertThat(changes.isEmpty()).isTrue();
            assertThat(changes.complete()).isTrue();
            assertThat(changes.next().usn()).isEqualTo(known.get(brent.changeTracking().invocationId()));
            assertThat(changes.watermark()).isEqualTo(DirectoryChanges.watermark(dc));
        }

        @Test
        void whenTheDcIsOneWithoutAWatermarkThenEveryUserUnderTheContainerIsListedAsAFullReconcile()
                throws LDAPException {
            known = Map.of(UUID.randomUUID(), 1_000_000L); // another DC's: means nothing here

            DirectoryChangeSet changes = read();

            assertThat(changes.fullReconcile()).isTrue();
            assertThat(changes.complete()).isTrue();
            assertThat(changes.changedUsers()).hasSize(brent.userCount());
            assertThat(changes.changedGroups()).hasSizeGreaterThan(10);
            assertThat(changes.next()).isEqualTo(new DirectoryChangeWatermark(brent.changeTracking().invocationId(),
                    brent.changeTracking().highestCommittedUsn()));
        }

        @Test
        void whenTheDirectoryIsRestartedWithANewInvocationIdThenTheOldWatermarkForcesAFullReconcile()
                throws LDAPException {
            brent.close();
            brent = start();
            dc.close();
            dc = connect(brent);

            assertThat(read().fullReconcile()).isTrue();
        }

        @Test
        void whenTheDirectoryDoesNotTrackChangesThenTheReaderSaysSo() throws LDAPException {
            InMemoryDirectoryServer plain = new InMemoryDirectoryServer(BASE);
            plain.startListening();
            try (LDAPConnection connection = plain.getConnection()) {
                assertThatThrownBy(() -> DirectoryChanges.changesSince(connection, USERS, known,
                        DirectoryChangeLimits.DEFAULT, Clock.systemUTC()))
                        .isInstanceOfSatisfying(LDAPException.class, e -> {
                            assertThat(e.getResultCode()).isEqualTo(ResultCode.NOT_SUPPORTED);
                            assertThat(e.getMessage()).contains("highestCommittedUSN");
                        });
            } finally {
                plain.shutDown(true);
            }
        }
    }

    private DirectoryChangeSet read() throws LDAPException {
        return DirectoryChanges.changesSince(dc, USERS, known, DirectoryChangeLimits.DEFAULT, Clock.systemUTC());
    }

    private UUID guidOf(String dn) throws LDAPException {
        return DirectoryUser.guidToUuid(dc.getEntry(dn, "objectGUID").getAttributeValueBytes("objectGUID"));
    }

    private static CouncilDirectory start() {
        return CouncilDirectory.builder("brent", BASE).ldif(Path.of("..", "realms", "demo", "brent.ldif")).start();
    }

    private static LDAPConnection connect(CouncilDirectory directory) throws LDAPException {
        return new LDAPConnection("127.0.0.1", directory.port(), directory.bindDn(), directory.bindPassword());
    }
}
