package uk.boroughbroker.broker;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import uk.boroughbroker.realms.Council;
import uk.boroughbroker.realms.Councils;

/** What {@code broker up} prints once everything is ready: where things are and how to try them. */
final class Banner {

    /** One council's directory as the banner shows it. */
    record Directory(String url, int staff) {
    }

    /**
     * How a client reaches Keycloak: its base URL and what curl needs for it ({@code --cacert
     * <test CA> } behind cluster mode's HTTPS front door, nothing for the single node's HTTP).
     */
    record Access(String base, String curlOptions) {
    }

    private Banner() {
    }

    static void print(PrintStream out, UpOptions o, BuildInfo build, String realm, Councils councils,
            Map<String, Directory> directories, List<DemoSignIns> signIns, BrokerSecrets secrets,
            String systems, Path log, Duration took) {
        out.println();
        out.printf("Borough Broker is up: Keycloak %s, realm '%s', %d council directories (%d s).%n",
                build.keycloakVersion(), realm, directories.size(), Math.max(1, took.toSeconds()));
        out.println();
        Access access = new Access(o.baseUrl(), "");
        consoles(out, access, realm, secrets);
        out.printf("  Metrics, health   http://127.0.0.1:%d/metrics  http://127.0.0.1:%d/health/ready%n",
                o.managementPort(), o.managementPort());
        out.print(systems);
        out.println();
        directoriesAndSignIns(out, access, realm, o.realAd(), councils, directories, signIns, secrets);
        out.printf("  Keycloak log: %s     Stop: Ctrl-C (or ./broker.sh down)%n", log);
        out.flush();
    }

    /** The admin and account consoles and the discovery document. */
    static void consoles(PrintStream out, Access access, String realm, BrokerSecrets secrets) {
        String realmUrl = access.base() + "/realms/" + realm;
        out.printf("  Admin console     %s/admin/  (user %s, password %s)%n", access.base(), BrokerSecrets.ADMIN_USER,
                secrets.adminPassword());
        out.printf("  Account console   %s/account/%n", realmUrl);
        out.printf("  OIDC discovery    %s/.well-known/openid-configuration%n", realmUrl);
    }

    /** The directories, the demo sign-ins and a copy-paste token request. */
    static void directoriesAndSignIns(PrintStream out, Access access, String realm, boolean realAd, Councils councils,
            Map<String, Directory> directories, List<DemoSignIns> signIns, BrokerSecrets secrets) {
        String realmUrl = access.base() + "/realms/" + realm;
        out.println(realAd ? "  Council directories (real Active Directory: Samba AD domain controllers on loopback):"
                : "  Council directories (Active Directory-shaped LDAP on loopback):");
        for (Council council : councils.councils()) {
            Directory directory = directories.get(council.id());
            if (directory != null) {
                out.printf("    %-10s %-34s %5d staff   %s%n", council.id(), directory.url(), directory.staff(),
                        council.displayName());
            }
        }
        out.println();
        out.println("  Demo sign-ins (username / password; every demo password is <Council>!<account>1,");
        out.println("  and both jsmith@brent.gov.uk and jsmith@lewisham.gov.uk sign in, each as themselves):");
        for (DemoSignIns council : signIns) {
            DemoSignIns.Person p = council.example();
            out.printf("    %-10s %-26s / %-20s %s, %s%n", council.council(), p.username(), p.password(),
                    p.displayName(), p.title());
        }
        signIns.stream().flatMap(s -> s.disabled().stream().map(p -> s.council() + " " + p.username())).findFirst()
                .ifPresent(d -> out.println("    (disabled accounts are refused by design, e.g. " + d + ")"));
        out.println();
        DemoSignIns.Person example = signIns.get(0).example();
        String token = "curl -s " + access.curlOptions() + realmUrl + "/protocol/openid-connect/token -d grant_type=password"
                + " -d client_id=borough-demo-service -d client_secret=" + secrets.demoServiceSecret()
                + " -d scope=openid -d username=" + example.username() + " -d 'password=" + example.password() + "'";
        out.printf("  A token for %s (copy and paste):%n", example.username());
        out.println("    " + token);
        out.println("  ... and the claims a partner app sees (home_council):");
        out.println("    TOKEN=$(" + token + " | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')");
        out.println("    curl -s " + access.curlOptions() + realmUrl + "/protocol/openid-connect/userinfo"
                + " -H \"Authorization: Bearer $TOKEN\"");
        out.println();
    }
}
