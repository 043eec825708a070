package uk.boroughbroker.bench.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A benchmark domain controller: stopped, hung, slowed and restored on its own port")
class DomainControllerTest {

    private static final Path BRENT = Path.of("..", "realms", "demo", "brent.ldif");
    private static final String SERVICE = "CN=svc-borough-broker,OU=Service Accounts,DC=brent,DC=gov,DC=uk";

    private DomainController dc;

    @BeforeEach
    void start() {
        dc = DomainController.start(new BenchCouncils.Directory("brent", "DC=brent,DC=gov,DC=uk", BRENT), "brent-dc1", 20,
                "Load!2026", "service-password-1");
    }

    @AfterEach
    void stop() {
        dc.close();
    }

    private long searchAsService() throws LDAPException {
        int port = Integer.parseInt(dc.url().substring(dc.url().lastIndexOf(':') + 1));
        try (LDAPConnection c = new LDAPConnection("127.0.0.1", port, SERVICE, "service-password-1")) {
            return c.search("OU=Staff,DC=brent,DC=gov,DC=uk", SearchScope.SUB, "(sAMAccountName=loaduser00020)")
                    .getEntryCount();
        }
    }

    @Test
    void whenStoppedThenConnectionsAreRefusedAndWhenRestoredItServesTheSameDataOnTheSamePort() throws Exception {
        String url = dc.url();
        assertThat(searchAsService()).isEqualTo(1);
        long counted = dc.operationCount();

        dc.stop();
        assertThatThrownBy(this::searchAsService).isInstanceOf(LDAPException.class);
        dc.restore();

        assertThat(dc.url()).isEqualTo(url);
        assertThat(searchAsService()).isEqualTo(1);
        assertThat(dc.operationCount()).as("counts carry on across restarts").isEqualTo(counted + 2);
    }

    @Test
    void whenHungThenItAcceptsConnectionsAndNeverAnswers() throws Exception {
        dc.hang();
        int port = Integer.parseInt(dc.url().substring(dc.url().lastIndexOf(':') + 1));

        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.getOutputStream().write(new byte[] {0x30, 0x0c, 0x02, 0x01, 0x01}); // the start of a bind
            socket.setSoTimeout(300);
            InputStream in = socket.getInputStream();
            assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
        }
        dc.restore();
        assertThat(searchAsService()).isEqualTo(1);
    }

    @Test
    void whenSlowedThenItAnswersLateAndWhenRestoredAtOnceAgain() throws Exception {
        dc.slow(Duration.ofMillis(200));
        long started = System.nanoTime();
        searchAsService();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));

        dc.restore();

        assertThatThrownBy(() -> { dc.stop(); dc.slow(Duration.ofMillis(1)); })
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("brent-dc1");
    }

    @Test
    void whenABaselineDelayIsSetThenEveryRequestIsLateAndARestoreAfterAFaultKeepsIt() throws Exception {
        dc.baseline(Duration.ofMillis(150));
        long started = System.nanoTime();
        searchAsService(); // bind + search
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        dc.stop();
        dc.restore();

        started = System.nanoTime();
        searchAsService();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("restored to its baseline, not to no delay")
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
}
