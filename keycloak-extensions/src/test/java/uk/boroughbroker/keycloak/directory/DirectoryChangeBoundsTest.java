package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import uk.boroughbroker.directory.CouncilDirectory;

/** The change reader's pages and bounds, over 2,500 changes in the demo Brent directory (decision 0028). */
@DisplayName("DirectoryChanges with many changes")
class DirectoryChangeBoundsTest {

    private static final String BASE = "DC=brent,DC=gov,DC=uk";
    private static final String USERS = "OU=Staff," + BASE;
    private static final int CHANGES = 2_500;

    private CouncilDirectory brent;
    private LDAPConnection dc;
    private Map<UUID, Long> known;

    @BeforeEach
    void startBrentWith2500GeneratedPeopleAndChangeThemAll() throws LDAPException {
        brent = CouncilDirectory.builder("brent", BASE).ldif(Path.of("..", "realms", "demo", "brent.ldif"))
                .generatedUsers(CHANGES).generatedUserPassword("Brent!load1").start();
        dc = new LDAPConnection("127.0.0.1", brent.port(), brent.bindDn(), brent.bindPassword());
        known = new HashMap<>(Map.of(brent.changeTracking().invocationId(),
                brent.changeTracking().highestCommittedUsn()));
        for (int i = 1; i <= CHANGES; i++) {
            brent.setUserAccountControl(String.format("CN=Load User %05d,%s", i, USERS), 514);
        }
    }

    @Test
    void whenThereAreMoreChangesThanAPageThenEveryPageIsRead() throws LDAPException {
        long searchesBefore = brent.operationCount();

        DirectoryChangeSet changes = DirectoryChanges.changesSince(dc, USERS, known,
                new DirectoryChangeLimits(1_000, 10_000, Duration.ofMinutes(1)), Clock.systemUTC());

        assertThat(changes.complete()).isTrue();
        assertThat(changes.changedUsers()).hasSize(CHANGES)
                .allSatisfy(changed -> assertThat(changed.user().userAccountControl()).isEqualTo(514));
        // root DSE, NTDS Settings, three pages of 1,000, the Deleted Objects check
        assertThat(brent.operationCount() - searchesBefore).isEqualTo(6);
    }

    @Test
    void whenAPassMayReadFewerEntriesThanChangedThenItStopsWhereItSafelyGotAndTheNextPassesContinue()
            throws LDAPException {
        DirectoryChangeLimits limits = new DirectoryChangeLimits(500, 1_000, Duration.ofMinutes(1));
        Set<UUID> seen = new HashSet<>();
        DirectoryChangeSet pass = null;
        for (int i = 0; i < 3; i++) {
            pass = DirectoryChanges.changesSince(dc, USERS, known, limits, Clock.systemUTC());
            assertThat(pass.changedUsers()).hasSizeLessThanOrEqualTo(1_000);
            assertThat(pass.complete()).isEqualTo(i == 2);
            pass.changedUsers().stream().map(changed -> changed.user().objectGuid()).forEach(seen::add);
            known.put(pass.next().invocationId(), pass.next().usn());
        }

        assertThat(seen).hasSize(CHANGES);
        assertThat(pass.reached()).isEqualTo(pass.watermark().usn());
    }

    @Test
    void whenThePassRunsOutOfTimeThenItStopsAfterTheWindowItWasReading() throws LDAPException {
        // A slow DC: 300 ms a request, so of 25 pages of 100 at most a few fit in the pass's second.
        brent.responseDelay(Duration.ofMillis(300));

        DirectoryChangeSet changes = DirectoryChanges.changesSince(dc, USERS, known,
                new DirectoryChangeLimits(100, 10_000, Duration.ofSeconds(1)), Clock.systemUTC());

        assertThat(changes.complete()).isFalse();
        assertThat(changes.reached()).as("the one window was not finished")
                .isEqualTo(known.get(changes.watermark().invocationId()));
        assertThat(changes.changedUsers()).hasSizeLessThan(CHANGES);
    }

    @AfterEach
    void stop() {
        dc.close();
        brent.close();
    }
}
