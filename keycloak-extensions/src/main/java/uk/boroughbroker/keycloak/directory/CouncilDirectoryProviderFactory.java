package uk.boroughbroker.keycloak.directory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.UserStorageProviderFactory;

/**
 * {@value #PROVIDER_ID}: a council's Active Directory as a Keycloak user federation, one component
 * per council, named by council id. Owns one {@link CouncilConnection} (pool, failover, breaker)
 * per component, rebuilt when its connection settings change and closed with the factory.
 */
public final class CouncilDirectoryProviderFactory implements UserStorageProviderFactory<CouncilDirectoryProvider> {

    public static final String PROVIDER_ID = "borough-council-directory";

    private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
            .property().name(CouncilDirectoryConfig.DISPLAY_NAME).label("Council name")
            .helpText("How the council is named to its staff on the login page, such as London Borough of Brent.")
            .type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(CouncilDirectoryConfig.UPN_SUFFIXES).label("UPN suffixes")
            .helpText("The council's user principal name suffixes, such as brent.gov.uk. Staff sign in as user@suffix; "
                    + "the first is used when an account has no UPN. Each suffix belongs to one council only.")
            .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).add()
            .property().name(CouncilDirectoryConfig.EMAIL_DOMAINS).label("Staff email domains")
            .helpText("Other email domains of this council's staff; sign-in by email searches only this council.")
            .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).add()
            .property().name(CouncilDirectoryConfig.NETBIOS_NAME).label("NetBIOS domain name")
            .helpText("The down-level domain name, such as BRENT, so that BRENT\\jsmith reaches this council.")
            .type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(CouncilDirectoryConfig.CONNECTION_URLS).label("Domain controllers")
            .helpText("LDAP URLs of the council's domain controllers in failover order, such as ldaps://dc1.brent.local:636.")
            .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).add()
            .property().name(CouncilDirectoryConfig.USERS_DN).label("Users DN")
            .helpText("Where staff accounts are, such as OU=Staff,DC=brent,DC=gov,DC=uk.")
            .type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(CouncilDirectoryConfig.BIND_DN).label("Bind DN")
            .helpText("The broker's service account in this directory.")
            .type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(CouncilDirectoryConfig.BIND_CREDENTIAL).label("Bind credential")
            .helpText("The service account's password.")
            .type(ProviderConfigProperty.PASSWORD).secret(true).add()
            .property().name(CouncilDirectoryConfig.CONNECT_TIMEOUT).label("Connect timeout (ms)")
            .helpText("How long to wait for a domain controller to accept a connection.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Integer.toString(CouncilDirectoryConfig.DEFAULT_CONNECT_TIMEOUT)).add()
            .property().name(CouncilDirectoryConfig.READ_TIMEOUT).label("Read timeout (ms)")
            .helpText("How long to wait for any answer from a domain controller.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Integer.toString(CouncilDirectoryConfig.DEFAULT_READ_TIMEOUT)).add()
            .property().name(CouncilDirectoryConfig.DEADLINE).label("Deadline per request (ms)")
            .helpText("The longest one sign-in waits for this directory, its searches, group reads and password check "
                    + "together, whatever the number of domain controllers: then its staff are told the directory is "
                    + "unavailable. Longer than the connect and read timeouts, so a hung first DC still leaves the next "
                    + "one time to answer.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Integer.toString(CouncilDirectoryConfig.DEFAULT_DEADLINE)).add()
            .property().name(CouncilDirectoryConfig.FAILURE_THRESHOLD).label("Failures before unavailable")
            .helpText("Consecutive failures to reach the directory before its staff are told it is unavailable.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Integer.toString(CouncilDirectoryConfig.DEFAULT_FAILURE_THRESHOLD)).add()
            .property().name(CouncilDirectoryConfig.UNAVAILABLE_SECONDS).label("Seconds before retrying")
            .helpText("How long an unavailable directory is left alone before one request tries it again.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Integer.toString(CouncilDirectoryConfig.DEFAULT_UNAVAILABLE_SECONDS)).add()
            .property().name(CouncilDirectoryConfig.GROUP_NESTING_DEPTH).label("Group nesting depth")
            .helpText("How many levels of groups inside groups are followed (0: direct memberships only).")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Integer.toString(CouncilDirectoryConfig.DEFAULT_GROUP_NESTING_DEPTH)).add()
            .property().name(CouncilDirectoryConfig.MAX_CONNECTIONS).label("Maximum connections")
            .helpText("Connections to this council's directory that the broker may keep open.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Integer.toString(CouncilDirectoryConfig.DEFAULT_MAX_CONNECTIONS)).add()
            .property().name(CouncilDirectoryConfig.START_TLS).label("StartTLS")
            .helpText("Upgrade ldap:// connections to TLS before binding (not needed with ldaps://).")
            .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add()
            .property().name(CouncilDirectoryConfig.ALLOW_PLAINTEXT).label("Allow plain LDAP")
            .helpText("Off (default): ldap:// without StartTLS is refused, because staff passwords would cross the "
                    + "network in clear. On only for a directory on loopback or an otherwise protected link.")
            .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add()
            .property().name(CouncilDirectoryConfig.TRUSTED_CERTIFICATES).label("Council CA certificates (PEM)")
            .helpText("The CA that signed the domain controllers' certificates. Empty: the broker's trust store "
                    + "(truststore-paths). Certificates are always verified, host name included.")
            .type(ProviderConfigProperty.TEXT_TYPE).add()
            .property().name(CouncilDirectoryConfig.GROUP_RESOLUTION).label("Nested groups")
            .helpText("auto: AD's in-chain matching rule where the directory is Active Directory, else the broker walks "
                    + "memberOf (bounded by the nesting depth); in-chain or walk to force one.")
            .type(ProviderConfigProperty.LIST_TYPE).options("auto", "in-chain", "walk").defaultValue("auto").add()
            .property().name(CouncilDirectoryConfig.REVEAL_LOCKOUT).label("Tell staff their account is locked")
            .helpText("On: a person whose account AD has locked is told so. Off: they get 'invalid username or password', "
                    + "as for a wrong password (AD reports a lockout whatever the password, so telling it confirms "
                    + "that the account exists).")
            .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true").add()
            .build();

    private final Map<String, CouncilConnection> connections = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();
    /**
     * Background probes of directories whose circuit is open: at most one per council at a time
     * (the breaker reserves it), on daemon threads that end when idle.
     */
    private final ExecutorService probes = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "borough-directory-probe");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "A council's Active Directory, asked only for its own staff, with domain-controller failover and "
                + "fail-fast when it is unreachable. Name the federation by council id (for example brent).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public CouncilDirectoryProvider create(KeycloakSession session, ComponentModel model) {
        CouncilDirectoryConfig config = new CouncilDirectoryConfig(model);
        return new CouncilDirectoryProvider(session, model, config, connection(session, model.getId(), config), clock);
    }

    private CouncilConnection connection(KeycloakSession session, String componentId, CouncilDirectoryConfig config) {
        ConnectionSettings settings = config.connection();
        return connections.compute(componentId, (id, existing) -> {
            if (existing != null && existing.settings().equals(settings)) {
                return existing;
            }
            if (existing != null) {
                existing.close();
            }
            return new CouncilConnection(settings, clock, keycloakTruststore(session), probes);
        });
    }

    /** The connection of the council federation a broker user comes from, if it is one of ours. */
    static Optional<CouncilConnection> connectionOf(KeycloakSession session, UserModel user) {
        String link = user.getFederationLink();
        RealmModel realm = session.getContext().getRealm();
        ComponentModel federation = link == null || realm == null ? null : realm.getComponent(link);
        if (federation == null || !PROVIDER_ID.equals(federation.getProviderId())
                || !(session.getKeycloakSessionFactory().getProviderFactory(UserStorageProvider.class, PROVIDER_ID)
                        instanceof CouncilDirectoryProviderFactory factory)) {
            return Optional.empty();
        }
        return Optional.of(factory.connection(session, federation.getId(), new CouncilDirectoryConfig(federation)));
    }

    /** The broker's view of a council's directory, for admins: health and a connection test. */
    record Health(String council, List<String> domainControllers, String state, String lastProblem) {
    }

    Health health(ComponentModel model) {
        CouncilDirectoryConfig config = new CouncilDirectoryConfig(model);
        CouncilConnection connection = connections.get(model.getId());
        if (connection == null) {
            return new Health(config.councilId(), config.connectionUrls(), "not used yet", "");
        }
        String state = switch (connection.state()) {
            case CLOSED -> "available";
            case OPEN -> "unavailable";
            case HALF_OPEN -> "retrying";
        };
        return new Health(config.councilId(), config.connectionUrls(), state, connection.lastCause());
    }

    /** @return how long the test took, in milliseconds */
    long test(KeycloakSession session, ComponentModel model) throws DirectoryUnavailableException {
        long start = System.nanoTime();
        connection(session, model.getId(), new CouncilDirectoryConfig(model)).test();
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Keycloak's trust store (truststore-paths), if it has one. */
    private static java.security.KeyStore keycloakTruststore(KeycloakSession session) {
        if (session == null) {
            return null;
        }
        org.keycloak.truststore.TruststoreProvider truststore = session.getProvider(org.keycloak.truststore.TruststoreProvider.class);
        return truststore == null ? null : truststore.getTruststore();
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        List<String> problems = new CouncilDirectoryConfig(model).problems();
        if (!problems.isEmpty()) {
            throw new ComponentValidationException(String.join(" ", problems));
        }
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        CouncilConnection old = connections.remove(newModel.getId());
        if (old != null) {
            old.close();
        }
    }

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        CouncilConnection old = connections.remove(model.getId());
        if (old != null) {
            old.close();
        }
    }

    @Override
    public void close() {
        probes.shutdownNow();
        connections.values().forEach(CouncilConnection::close);
        connections.clear();
    }
}
