package uk.boroughbroker.directory;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.boroughbroker.directory.DemoCouncils.connectAsService;

@DisplayName("A council directory answering slowly (injected response delay)")
class ResponseDelayTest {

    private static final String JSMITH = "(sAMAccountName=jsmith)";

    private CouncilDirectory brent;
    private LDAPConnection connection;

    @BeforeEach
    void startBrentAndConnect() throws Exception {
        brent = DemoCouncils.start("brent");
        connection = connectAsService(brent); // bound before any delay is set
    }

    @AfterEach
    void stop() {
        connection.close();
        brent.close();
    }

    @Test
    void whenNothingIsSetThenThereIsNoDelay() {
        assertThat(brent.responseDelay()).isEqualTo(Duration.ZERO);
    }

    @Test
    void whenADelayIsSetThenARequestIsAnsweredNoSoonerThanThatAndStillCorrectly() throws Exception {
        brent.responseDelay(Duration.ofMillis(300));

        long started = System.nanoTime();
        SearchResult result = connection.search(brent.usersDn(), SearchScope.SUB, JSMITH);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(brent.responseDelay()).isEqualTo(Duration.ofMillis(300));
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(result.getEntryCount()).isEqualTo(1);
    }

    @Test
    void whenTheDelayIsClearedThenARequestAlreadyHeldIsAnsweredAtOnce() throws Exception {
        brent.responseDelay(Duration.ofMinutes(5));
        long before = brent.operationCount();
        CompletableFuture<SearchResult> held = CompletableFuture.supplyAsync(() -> {
            try {
                return connection.search(brent.usersDn(), SearchScope.SUB, JSMITH);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        awaitArrival(before);
        assertThat(held).isNotDone();

        brent.responseDelay(Duration.ZERO);

        // Far below the five minutes it was held for: released, not timed out.
        assertThat(held.get(30, TimeUnit.SECONDS).getEntryCount()).isEqualTo(1);
    }

    @Test
    void whenTheDirectoryIsClosedThenHeldRequestsAreReleased() throws Exception {
        brent.responseDelay(Duration.ofMinutes(5));
        long before = brent.operationCount();
        CompletableFuture<Void> held = CompletableFuture.runAsync(() -> {
            try {
                connection.search(brent.usersDn(), SearchScope.SUB, JSMITH);
            } catch (Exception closedUnderIt) {
                // Either answer is fine; what matters is that the caller is not left waiting.
            }
        });
        awaitArrival(before);

        brent.close();

        held.get(30, TimeUnit.SECONDS);
        assertThat(held).isDone();
    }

    @Test
    void whenTheDelayIsNegativeNullOrAbsurdThenItIsRefusedWithTheReason() {
        assertThatThrownBy(() -> brent.responseDelay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 0 and 10 minutes").hasMessageContaining("PT-0.001S");
        assertThatThrownBy(() -> brent.responseDelay(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Duration.ZERO");
        assertThatThrownBy(() -> brent.responseDelay(Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT1H");
        assertThat(brent.responseDelay()).isEqualTo(Duration.ZERO);
    }

    /** Waits (bounded) until the directory has received the request sent from another thread. */
    private void awaitArrival(long countBefore) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (brent.operationCount() == countBefore) {
            assertThat(System.nanoTime()).as("the request reached the directory within 10 s").isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
