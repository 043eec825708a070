package uk.boroughbroker.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command as a newcomer runs it: the launcher jar that {@code ./broker.sh} builds
 * and runs, on ports the OS chose, with the copy-paste {@code curl} it prints run through a shell.
 */
@DisplayName("broker up, as a newcomer runs it")
class BrokerUpIT {

    static final Path JAR = Path.of(System.getProperty("broker.jar", "target/borough-broker.jar")).toAbsolutePath();
    static final Path REALMS = Path.of("..", "realms").toAbsolutePath().normalize();
    static final Duration START = Duration.ofMinutes(5);

    /** One running launcher process and everything it printed. */
    static final class Broker {
        final Process process;
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        Broker(List<String> args, Path workDir) throws IOException {
            List<String> command = new ArrayList<>();
            if (interruptIgnored()) {
                // This run was started with SIGINT ignored (a background job of a non-interactive
                // shell, as CI runners do); children inherit that and the JVM then cannot handle
                // Ctrl-C (JDK-8222316). Give the launcher the default disposition a terminal gives it.
                command.addAll(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die $!"));
            }
            command.addAll(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
            command.addAll(args);
            process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null;) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("(reader failed: " + e + ")");
                }
            }, "broker-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits (bounded) for a printed line; fails with everything printed so far. */
        String await(Predicate<String> wanted, Duration timeout) throws InterruptedException {
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                Optional<String> line = find(wanted);
                if (line.isPresent()) {
                    return line.get();
                }
                if (process.waitFor(200, TimeUnit.MILLISECONDS)) {
                    Optional<String> last = find(wanted);
                    if (last.isPresent()) {
                        return last.get();
                    }
                    throw new AssertionError("broker exited (" + process.exitValue() + ") before printing the line:\n"
                            + output());
                }
            }
            throw new AssertionError("broker did not print the line within " + timeout + ":\n" + output());
        }

        Optional<String> find(Predicate<String> wanted) {
            synchronized (lines) {
                return lines.stream().filter(wanted).findFirst();
            }
        }

        String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }

        int exit(Duration timeout) throws InterruptedException {
            assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
                    .as("broker still running after " + timeout + ":\n" + output()).isTrue();
            return process.exitValue();
        }
    }

    /** Whether this JVM inherited SIGINT as ignored (bit 2 of SigIgn in /proc/self/status). */
    static boolean interruptIgnored() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseLong(line.substring(7).strip(), 16) & 0x2) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // No /proc: assume a normal terminal.
        }
        return false;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String shell(String script) throws IOException, InterruptedException {
        Process sh = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    static String printed(Broker broker, String prefix) {
        return broker.find(l -> l.strip().startsWith(prefix)).orElseThrow(
                () -> new AssertionError("no line starting with " + prefix + " in:\n" + broker.output())).strip();
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    @DisplayName("from a fresh home to Ctrl-C, then a restart and broker down")
    class Lifecycle {

        Path home;
        int httpPort;
        int managementPort;

        @BeforeAll
        void home() throws IOException {
            home = Files.createTempDirectory("broker-home");
            httpPort = freePort();
            managementPort = freePort();
        }

        @AfterAll
        void cleanUp() throws IOException {
            BrokerCli.down(home, System.out);
            KeycloakInstallation.deleteTree(home);
        }

        List<String> up() {
            return List.of("up", "--http-port", Integer.toString(httpPort), "--management-port",
                    Integer.toString(managementPort), "--home", home.toString(), "--realms", REALMS.toString());
        }

        @Test
        @Order(1)
        void whenStartedThenThePrintedCurlGetsATokenSayingBrentAndCtrlCLeavesNothingBehind() throws Exception {
            Broker broker = new Broker(up(), REALMS.getParent());
            broker.await(l -> l.contains("Stop: Ctrl-C"), START);

            String token = shell(printed(broker, "curl -s http://localhost:" + httpPort + "/realms/borough/protocol/openid-connect/token"));
            assertThat(token).contains("\"access_token\"").contains("\"id_token\"");
            String claims = shell(printed(broker, "TOKEN=$(") + "\n" + printed(broker, "curl -s http://localhost:"
                    + httpPort + "/realms/borough/protocol/openid-connect/userinfo"));
            assertThat(claims).contains("\"home_council\":\"brent\"").contains("\"preferred_username\":\"aokafor@brent.gov.uk\"");
            String metrics = shell("curl -s " + printed(broker, "Metrics, health").split("\\s+")[2]);
            assertThat(metrics).as("the printed metrics URL").contains("borough_signins_total{council=\"brent\",outcome=\"success\"");
            theDemoHousingSystemGetsCamdenAndIslingtonStaffOverScimBeforeTheyEverSignIn(broker);

            List<ProcessHandle> tree = broker.process.descendants().toList();
            assertThat(tree).as("Keycloak runs as a child of the launcher").isNotEmpty();
            shell("kill -INT " + broker.process.pid());

            assertThat(broker.exit(Duration.ofSeconds(60))).isEqualTo(130);
            assertThat(broker.output()).contains("Borough Broker stopped.");
            for (ProcessHandle child : tree) {
                assertThat(child.onExit()).succeedsWithin(Duration.ofSeconds(10));
            }
            assertThat(portIsFree(httpPort)).isTrue();
            assertThat(portIsFree(managementPort)).isTrue();
            assertThat(home.resolve("run").resolve("broker.pid")).doesNotExist();
        }

        /**
         * The demo's borough system: a realm of the same Keycloak with its SCIM API on. The background sync
         * imports everyone at start, and Camden's and Islington's people get accounts there, nobody else.
         */
        void theDemoHousingSystemGetsCamdenAndIslingtonStaffOverScimBeforeTheyEverSignIn(Broker broker)
                throws Exception {
            assertThat(printed(broker, "Borough system")).contains("camden-housing over SCIM 2.0");
            uk.boroughbroker.realms.AdminApi admin = BrokerSecrets.loadOrCreate(home)
                    .admin("http://localhost:" + httpPort);
            DemoSignIns.Person camden = DemoSignIns.read("camden", REALMS.resolve("demo").resolve("camden.ldif")).example();
            String search = "/realms/camden-housing/users?briefRepresentation=false&exact=true&username=";
            Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
            com.fasterxml.jackson.databind.JsonNode account = admin.get(search + camden.username());
            while (account.isEmpty() && Instant.now().isBefore(deadline)) {
                assertThat(broker.process.waitFor(500, TimeUnit.MILLISECONDS)).as(broker.output()).isFalse();
                account = admin.get(search + camden.username());
            }
            assertThat(account).as("%s's account at the housing system", camden.username()).hasSize(1);
            assertThat(account.get(0).path("attributes").path("externalId").path(0).asText())
                    .as("the broker user id, not a name").matches("[0-9a-f-]{36}");
            assertThat(account.get(0).path("enabled").asBoolean()).isTrue();
            assertThat(admin.get(search + "jsmith@brent.gov.uk")).as("Brent is not one of the system's councils").isEmpty();

            String[] status = cli("provisioning", "status", "--home", home.toString());
            assertThat(status[0]).as(status[1]).isEqualTo("0");
            assertThat(status[1]).contains("camden-housing").doesNotContain("settings invalid");
        }

        /** councils list / test / apply --dry-run / apply, adding a seventh council to the running broker. */
        void councilCommandsWorkOnTheRunningBroker() throws Exception {
            String[] list = cli("councils", "list", "--home", home.toString());
            assertThat(list[0]).as(list[1]).isEqualTo("0");
            assertThat(list[1]).contains("brent").contains("haringey").contains("ldap://127.0.0.1:")
                    .contains("PLAINTEXT (allowPlaintext)");

            shell("curl -s http://localhost:" + httpPort + "/realms/borough/protocol/openid-connect/token"
                    + " -d grant_type=password -d client_id=borough-demo-service -d client_secret="
                    + BrokerSecrets.loadOrCreate(home).demoServiceSecret()
                    + " -d username=jsmith@brent.gov.uk -d 'password=Brent!jsmith1'");
            String[] why = cli("roles", "why", "jsmith@brent.gov.uk", "revenues-benefits:officer", "lewisham", "--home",
                    home.toString());
            assertThat(why[0]).as(why[1]).isEqualTo("0");
            assertThat(why[1]).contains("jsmith@brent.gov.uk holds revenues-benefits:officer at lewisham because:")
                    .contains("CN=GG-RevBen-Officers,OU=Groups,DC=brent,DC=gov,DC=uk").contains("policy.yaml:");

            String[] test = cli("councils", "test", "brent", "--home", home.toString());
            assertThat(test[0]).as(test[1]).isEqualTo("0");
            assertThat(test[1]).contains("brent: directory reachable");

            Path work = Files.createTempDirectory("barnet");
            Path ldif = work.resolve("barnet.ldif");
            Files.writeString(ldif, """
                    dn: CN=Priya Shah,OU=Staff,DC=barnet,DC=gov,DC=uk
                    objectClass: top
                    objectClass: person
                    objectClass: organizationalPerson
                    objectClass: user
                    cn: Priya Shah
                    givenName: Priya
                    sn: Shah
                    displayName: Priya Shah
                    sAMAccountName: pshah
                    userPrincipalName: pshah@barnet.gov.uk
                    mail: priya.shah@barnet.gov.uk
                    userAccountControl: 512
                    userPassword: Barnet!pshah1
                    """);
            try (uk.boroughbroker.directory.CouncilDirectory barnet = uk.boroughbroker.directory.CouncilDirectory
                    .builder("barnet", "DC=barnet,DC=gov,DC=uk").ldif(ldif).start()) {
                Files.writeString(work.resolve("barnet.secret"), barnet.bindPassword());
                Path councils = work.resolve("councils.yaml");
                Files.writeString(councils, Files.readString(REALMS.resolve("demo").resolve("councils.yaml")) + """

                          - id: barnet
                            displayName: London Borough of Barnet
                            upnSuffixes: [barnet.gov.uk]
                            directory:
                              urls: ["%s"]
                              baseDn: DC=barnet,DC=gov,DC=uk
                              usersDn: OU=Staff,DC=barnet,DC=gov,DC=uk
                              bindDn: %s
                              bindCredentialFile: barnet.secret
                              allowPlaintext: true
                        """.formatted(barnet.url(), barnet.bindDn()));

                String[] dryRun = cli("councils", "apply", "--councils", councils.toString(), "--dry-run", "--home",
                        home.toString());
                assertThat(dryRun[0]).as(dryRun[1]).isEqualTo("0");
                assertThat(dryRun[1]).contains("Would change (dry run, nothing applied)")
                        .contains("would create federation 'barnet'");
                assertThat(cli("councils", "list", "--home", home.toString())[1]).as("a dry run changes nothing")
                        .doesNotContain("barnet");

                String[] apply = cli("councils", "apply", "--councils", councils.toString(), "--home", home.toString());
                assertThat(apply[0]).as(apply[1]).isEqualTo("0");
                assertThat(apply[1]).contains("Applied:").contains("created federation 'barnet'");
                assertThat(cli("councils", "apply", "--councils", councils.toString(), "--home", home.toString())[1])
                        .contains("nothing to change");

                // What a new council runs next: its people imported before their first sign-in.
                String[] sync = cli("councils", "sync", "barnet", "--home", home.toString());
                assertThat(sync[0]).as(sync[1]).isEqualTo("0");
                assertThat(sync[1]).contains("barnet: 1 read").contains("0 refused");
                assertThat(cli("councils", "sync", "croydon", "--home", home.toString())[1])
                        .contains("No council directory named 'croydon'");

                String token = shell("curl -s http://localhost:" + httpPort + "/realms/borough/protocol/openid-connect/token"
                        + " -d grant_type=password -d client_id=borough-demo-service -d client_secret="
                        + BrokerSecrets.loadOrCreate(home).demoServiceSecret()
                        + " -d username=pshah@barnet.gov.uk -d 'password=Barnet!pshah1'");
                assertThat(token).contains("\"access_token\"");
                String claims = new String(java.util.Base64.getUrlDecoder().decode(
                        token.replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1").split("\\.")[1]),
                        StandardCharsets.UTF_8);
                assertThat(claims).contains("\"home_council\":\"barnet\"");

                // A policy edit with a mistake: refused whole, and the broker keeps the last good policy.
                Files.writeString(work.resolve("policy.yaml"), Files.readString(REALMS.resolve("demo").resolve("policy.yaml"))
                        .replace("role: housing:caseworker", "role: housing:case-worker"));
                String[] badPolicy = cli("councils", "apply", "--councils", councils.toString(), "--home", home.toString());
                assertThat(badPolicy[0]).isEqualTo("1");
                assertThat(badPolicy[1]).contains(work.resolve("policy.yaml") + ":")
                        .contains("role 'housing:case-worker' is not in the catalogue").contains("nothing of it was applied");
                assertThat(cli("roles", "why", "jsmith@brent.gov.uk", "revenues-benefits:officer", "lewisham", "--home",
                        home.toString())[1]).as("the previous policy is still in force").contains("holds");

                // A good edit, previewed: Brent's revenues officers would keep the role at Brent only.
                Files.writeString(work.resolve("policy.yaml"), Files.readString(REALMS.resolve("demo").resolve("policy.yaml"))
                        .replace("role: revenues-benefits:officer\n      scope: shared-service",
                                "role: revenues-benefits:officer\n      scope: own"));
                String[] preview = cli("councils", "apply", "--councils", councils.toString(), "--dry-run", "--home",
                        home.toString());
                assertThat(preview[0]).as(preview[1]).isEqualTo("0");
                assertThat(preview[1]).contains("Would change (dry run, nothing applied)").contains("would update council policy")
                        .contains("would gain or lose roles");
                // Everyone is in the preview, not only people who signed in: the background sync imported them.
                java.util.regex.Matcher block = java.util.regex.Pattern
                        .compile("  jsmith@brent\\.gov\\.uk \\(brent\\)\\n((    .*\\n)*)").matcher(preview[1]);
                assertThat(block.find()).as(preview[1]).isTrue();
                String jsmith = block.group(1);
                assertThat(jsmith).contains("- lewisham/revenues-benefits:officer")
                        .contains("- southwark/revenues-benefits:officer").doesNotContain("- brent/revenues-benefits:officer");
                assertThat(preview[1]).contains("jsmith@lewisham.gov.uk (lewisham)");
                assertThat(cli("roles", "why", "jsmith@brent.gov.uk", "revenues-benefits:officer", "lewisham", "--home",
                        home.toString())[1]).as("a dry run changes nothing").contains("holds");
                Files.delete(work.resolve("policy.yaml"));

                Files.writeString(councils, Files.readString(councils).replace("upnSuffixes: [barnet.gov.uk]",
                        "upnSuffixes: [brent.gov.uk]"));
                String[] broken = cli("councils", "apply", "--councils", councils.toString(), "--home", home.toString());
                assertThat(broken[0]).isEqualTo("1");
                assertThat(broken[1]).contains(councils + ":").contains("already belongs to council 'brent'");
            }
        }

        @Test
        @Order(2)
        void whenStartedAgainThenNoRebuildTheDirectoriesMoveAndBrokerDownStopsEverything() throws Exception {
            Broker broker = new Broker(up(), REALMS.getParent());
            broker.await(l -> l.contains("Stop: Ctrl-C"), START);

            assertThat(broker.output()).contains("extensions unchanged, no rebuild");
            // The directories came up on new ports: the realm was updated to follow them.
            assertThat(broker.output()).contains("Realm: updated federation 'brent'");
            String token = shell(printed(broker, "curl -s http://localhost:" + httpPort + "/realms/borough/protocol/openid-connect/token"));
            assertThat(token).contains("\"access_token\"");

            councilCommandsWorkOnTheRunningBroker();

            List<ProcessHandle> tree = broker.process.descendants().toList();
            assertThat(BrokerCli.run(new String[] {"down", "--home", home.toString()}, System.out, System.err))
                    .isZero();

            broker.exit(Duration.ofSeconds(60));
            for (ProcessHandle child : tree) {
                assertThat(child.onExit()).succeedsWithin(Duration.ofSeconds(10));
            }
            assertThat(portIsFree(httpPort)).isTrue();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @DisplayName("with real Active Directory (--real-ad)")
    class RealActiveDirectory {

        Path home;
        int httpPort;
        int managementPort;

        @BeforeAll
        void home() throws IOException {
            uk.boroughbroker.directory.samba.SambaSupport.unavailableReason().ifPresent(reason -> {
                if ("required".equalsIgnoreCase(System.getenv("BOROUGH_REAL_AD"))) {
                    org.junit.jupiter.api.Assertions.fail("BOROUGH_REAL_AD=required, but " + reason);
                }
                org.junit.jupiter.api.Assumptions.abort("--real-ad not tested: " + reason);
            });
            home = Files.createTempDirectory("broker-real-ad");
            httpPort = freePort();
            managementPort = freePort();
        }

        @AfterAll
        void cleanUp() throws IOException {
            if (home != null) {
                BrokerCli.down(home, System.out);
                KeycloakInstallation.deleteTree(home);
            }
        }

        @Test
        void whenStartedWithRealAdThenBothJsmithsSignInAgainstDomainControllersAndCtrlCStopsThemToo() throws Exception {
            Broker broker = new Broker(List.of("up", "--real-ad", "--http-port", Integer.toString(httpPort),
                    "--management-port", Integer.toString(managementPort), "--home", home.toString(), "--realms",
                    REALMS.toString()), REALMS.getParent());
            broker.await(l -> l.contains("Stop: Ctrl-C"), START);

            assertThat(broker.output()).contains("real Active Directory: Samba AD domain controllers")
                    .contains("ldaps://127.0.0.11:636").contains("ldap://127.0.0.12:389 (StartTLS)");
            String curl = printed(broker, "curl -s http://localhost:" + httpPort + "/realms/borough/protocol/openid-connect/token");
            assertThat(shell(curl)).contains("\"access_token\"");
            for (String[] jsmith : new String[][] {{"jsmith@brent.gov.uk", "Brent!jsmith1"},
                    {"jsmith@lewisham.gov.uk", "Lewisham!jsmith1"}}) {
                assertThat(shell(curl.replaceAll("-d username=\\S+ -d 'password=[^']+'", "-d username=" + jsmith[0]
                        + " -d 'password=" + jsmith[1] + "'"))).as(jsmith[0]).contains("\"access_token\"");
            }
            assertThat(shell(curl.replaceAll("-d username=\\S+ -d 'password=[^']+'",
                    "-d username=mustchange@brent.gov.uk -d 'password=Brent!mustchange1'")))
                    .contains("You must change your password");

            shell("kill -INT " + broker.process.pid());
            assertThat(broker.exit(Duration.ofSeconds(60))).isEqualTo(130);
            assertThat(shell("pgrep -x samba || echo none").strip()).as("no domain controller left running")
                    .isEqualTo("none");
        }
    }

    /** Runs a CLI command in-process, as ./broker.sh would, and returns its exit code and output. */
    static String[] cli(String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = BrokerCli.run(args, new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)};
    }

    @Nested
    @DisplayName("clear errors before anything starts")
    class Errors {

        @TempDir
        Path home;

        @Test
        void whenTheHttpPortIsBusyThenTheErrorNamesThePortAndTheOption() throws Exception {
            try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                Broker broker = new Broker(List.of("up", "--http-port", Integer.toString(busy.getLocalPort()),
                        "--management-port", Integer.toString(freePort()), "--home", home.toString(),
                        "--realms", REALMS.toString()), REALMS.getParent());

                assertThat(broker.exit(Duration.ofSeconds(60))).isEqualTo(1);
                assertThat(broker.output()).contains("Port " + busy.getLocalPort() + " (Keycloak HTTP) is already in use")
                        .contains("--http-port").doesNotContain("Exception").doesNotContain("\tat ");
            }
        }

        @Test
        void whenTheCouncilsFileIsBrokenThenTheErrorNamesFileLineAndFieldAndNothingIsLeftRunning() throws Exception {
            Path realms = home.resolve("realms");
            copyTree(REALMS.resolve("borough"), realms.resolve("borough"));
            copyTree(REALMS.resolve("demo"), realms.resolve("demo"));
            Path councils = realms.resolve("demo").resolve("councils.yaml");
            Files.writeString(councils, Files.readString(councils).replace("usersDn: OU=Staff,DC=camden,DC=gov,DC=uk",
                    "usersDn: OU=Staff,,DC=camden"));

            Broker broker = new Broker(List.of("up", "--http-port", Integer.toString(freePort()), "--management-port",
                    Integer.toString(freePort()), "--home", home.resolve("h").toString(), "--realms", realms.toString()),
                    REALMS.getParent());

            assertThat(broker.exit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(broker.output()).contains(councils + ":").contains("council 'camden': directory.usersDn")
                    .contains("is not a valid DN").doesNotContain("\tat ");
            assertThat(broker.process.descendants().filter(ProcessHandle::isAlive).count()).isZero();
        }

        private void copyTree(Path from, Path to) throws IOException {
            try (var files = Files.walk(from)) {
                files.forEach(f -> {
                    try {
                        Path target = to.resolve(from.relativize(f).toString());
                        if (Files.isDirectory(f)) {
                            Files.createDirectories(target);
                        } else {
                            Files.copy(f, target);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
