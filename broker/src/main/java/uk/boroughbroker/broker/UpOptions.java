package uk.boroughbroker.broker;

import java.nio.file.Path;
import java.util.List;

/**
 * Options of {@code broker up} (and {@code down}, which only needs {@code home}).
 *
 * @param home           the launcher's working folder: Keycloak installation, its data, secrets, logs
 * @param realms         the realm files (realms/ of the project)
 * @param loadUsers      extra generated users per council, for load work
 * @param ldapPort       the first demo directory's port (the others follow), or 0 for ports the OS chooses
 * @param realAd         real Active Directory (Samba AD domain controllers) instead of the embedded directories
 * @param cluster        the production topology instead of one dev-mode Keycloak: PostgreSQL, two
 *                       nodes, HAProxy with TLS (decision 0024)
 */
record UpOptions(int httpPort, int managementPort, Path home, Path realms, int loadUsers, int ldapPort, boolean realAd,
        boolean cluster) {

    UpOptions(int httpPort, int managementPort, Path home, Path realms, int loadUsers, int ldapPort, boolean realAd) {
        this(httpPort, managementPort, home, realms, loadUsers, ldapPort, realAd, false);
    }

    UpOptions(int httpPort, int managementPort, Path home, Path realms, int loadUsers, int ldapPort) {
        this(httpPort, managementPort, home, realms, loadUsers, ldapPort, false);
    }

    static final int DEFAULT_HTTP_PORT = 8080;
    static final int DEFAULT_MANAGEMENT_PORT = 9000;
    static final int MAX_LOAD_USERS = 200_000;

    static UpOptions defaults() {
        return new UpOptions(DEFAULT_HTTP_PORT, DEFAULT_MANAGEMENT_PORT, Path.of(".broker"), Path.of("realms"), 0, 0);
    }

    private static final java.util.Set<String> NAMES = java.util.Set.of("--http-port", "--management-port", "--home",
            "--realms", "--load-users", "--ldap-port", "--real-ad", "--cluster");

    /** Default home of {@code up --real-ad}: its realm federates other directories than the demo's. */
    static final Path REAL_AD_HOME = Path.of(".broker-real-ad");

    static UpOptions parse(List<String> args) {
        UpOptions o = defaults();
        boolean homeGiven = false;
        boolean portsGiven = false;
        boolean cluster = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            boolean inline = arg.contains("=");
            String name = inline ? arg.substring(0, arg.indexOf('=')) : arg;
            // Check the name before taking a value, so "up --bogus" says unknown option, not missing value.
            if (!NAMES.contains(name)) {
                throw new UsageException("unknown option '" + name + "'");
            }
            if (name.equals("--cluster")) {
                if (inline) {
                    throw new UsageException("--cluster takes no value");
                }
                cluster = true;
                continue;
            }
            if (name.equals("--real-ad")) {
                if (inline) {
                    throw new UsageException("--real-ad takes no value");
                }
                o = new UpOptions(o.httpPort, o.managementPort, o.home, o.realms, o.loadUsers, o.ldapPort, true);
                continue;
            }
            String value;
            if (inline) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException("option " + name + " needs a value");
            }
            homeGiven |= name.equals("--home");
            portsGiven |= name.equals("--http-port") || name.equals("--management-port");
            o = switch (name) {
                case "--http-port" -> new UpOptions(port(name, value), o.managementPort, o.home, o.realms, o.loadUsers,
                        o.ldapPort, o.realAd);
                case "--management-port" -> new UpOptions(o.httpPort, port(name, value), o.home, o.realms, o.loadUsers,
                        o.ldapPort, o.realAd);
                case "--home" -> new UpOptions(o.httpPort, o.managementPort, path(name, value), o.realms, o.loadUsers,
                        o.ldapPort, o.realAd);
                case "--realms" -> new UpOptions(o.httpPort, o.managementPort, o.home, path(name, value), o.loadUsers,
                        o.ldapPort, o.realAd);
                case "--ldap-port" -> new UpOptions(o.httpPort, o.managementPort, o.home, o.realms, o.loadUsers,
                        number(name, value, 1, 65000), o.realAd);
                default -> new UpOptions(o.httpPort, o.managementPort, o.home, o.realms,
                        number(name, value, 0, MAX_LOAD_USERS), o.ldapPort, o.realAd);
            };
        }
        if (o.realAd && !homeGiven) {
            o = new UpOptions(o.httpPort, o.managementPort, REAL_AD_HOME, o.realms, o.loadUsers, o.ldapPort, true);
        }
        if (o.realAd && (o.loadUsers > 0 || o.ldapPort > 0)) {
            throw new UsageException("--load-users and --ldap-port are for the embedded directories, not --real-ad");
        }
        if (cluster && portsGiven) {
            throw new UsageException("--http-port and --management-port are for the single Keycloak; the cluster's "
                    + "ports are fixed (front door 18443, nodes 18081-18082, health 19001-19002)");
        }
        if (cluster) {
            o = new UpOptions(o.httpPort, o.managementPort, o.home, o.realms, o.loadUsers, o.ldapPort, o.realAd, true);
        }
        if (o.httpPort == o.managementPort) {
            throw new UsageException("--http-port and --management-port must differ (both are " + o.httpPort + ")");
        }
        return o;
    }

    /** A blank path would mean the current folder: for --home, reset would then delete the project. */
    private static Path path(String name, String value) {
        if (value.isBlank()) {
            throw new UsageException(name + " needs a folder, not an empty value");
        }
        return Path.of(value);
    }

    private static int port(String name, String value) {
        return number(name, value, 1, 65535);
    }

    private static int number(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(name + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
    }

    String baseUrl() {
        return "http://localhost:" + httpPort;
    }
}
