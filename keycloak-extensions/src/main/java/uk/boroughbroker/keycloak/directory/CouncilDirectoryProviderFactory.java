package uk.boroughbroker.keycloak.directory;

import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.Metrics;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.UserStorageProviderFactory;
import org.keycloak.storage.UserStorageProviderModel;
import org.keycloak.storage.user.ImportSynchronization;
import org.keycloak.storage.user.SynchronizationResult;

import uk.boroughbroker.model.directory.DirectorySetting;
import uk.boroughbroker.model.directory.DirectorySettings;

/**
 * {@value #PROVIDER_ID}: a council's Active Directory as a Keycloak user federation, one component
 * per council, named by council id. Owns one {@link CouncilConnection} (pool, failover, breaker)
 * per component, rebuilt when its connection settings change and closed with the factory, and with
 * it the council's meters in Keycloak's registry ({@link Metrics#globalRegistry}, which Keycloak
 * exports on {@code /metrics} as it does for its own user-event meters; decision 0026).
 */
public final class CouncilDirectoryProviderFactory
        implements UserStorageProviderFactory<CouncilDirectoryProvider>, ImportSynchronization {

    public static final String PROVIDER_ID = "borough-council-directory";

    private static final Logger LOG = Logger.getLogger(CouncilDirectoryProviderFactory.class);
    /** The admin form, derived from the settings' one declaration ({@link DirectorySettings}). */
    private static final List<ProviderConfigProperty> CONFIG = configProperties();

    private final Map<String, CouncilConnection> connections = new ConcurrentHashMap<>();
    private final CouncilDirectoryConfigs configs = new CouncilDirectoryConfigs();
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
    /** Joiners, movers and leavers: each council's directory followed in the background (issue 14). */
    private final SyncRunner syncs = new SyncRunner(this::connection, clock);
    private final FederationSweep sweep = new FederationSweep();

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

    private static List<ProviderConfigProperty> configProperties() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create();
        for (DirectorySetting setting : DirectorySettings.ALL) {
            var property = builder.property().name(setting.key()).label(setting.label()).helpText(setting.help())
                    .type(switch (setting.kind()) {
                        case TEXT, NUMBER -> ProviderConfigProperty.STRING_TYPE;
                        case LIST -> ProviderConfigProperty.MULTIVALUED_STRING_TYPE;
                        case SECRET -> ProviderConfigProperty.PASSWORD;
                        case PEM -> ProviderConfigProperty.TEXT_TYPE;
                        case FLAG -> ProviderConfigProperty.BOOLEAN_TYPE;
                        case CHOICE -> ProviderConfigProperty.LIST_TYPE;
                    });
            if (setting.kind() == DirectorySetting.Kind.SECRET) {
                property.secret(true);
            }
            if (setting.kind() == DirectorySetting.Kind.CHOICE) {
                property.options(setting.choices());
            }
            if (!setting.defaultValue().isEmpty()) {
                property.defaultValue(setting.defaultValue());
            }
            property.add();
        }
        return builder.build();
    }

    @Override
    public CouncilDirectoryProvider create(KeycloakSession session, ComponentModel model) {
        // Keycloak creates every federation's provider for every typed name: see CouncilDirectoryConfigs.
        CouncilDirectoryConfig config = configs.of(model);
        return new CouncilDirectoryProvider(session, model, config, connection(session, model, config), clock);
    }

    private CouncilConnection connection(KeycloakSession session, ComponentModel model, CouncilDirectoryConfig config) {
        String componentId = model.getId();
        ConnectionSettings settings = config.connection();
        // Read without a lock first: compute() locks the entry, and every request asks for every council's.
        // While the federation is unchanged its settings are the very instance the connection was built from.
        CouncilConnection current = connections.get(componentId);
        if (current != null && (current.settings() == settings || current.settings().equals(settings))) {
            return current;
        }
        return connections.compute(componentId, (id, existing) -> {
            if (existing != null && existing.settings().equals(settings)) {
                return existing;
            }
            if (existing != null) {
                existing.close();
            }
            return new CouncilConnection(settings, clock, keycloakTruststore(session), probes,
                    new DirectoryMeters(Metrics.globalRegistry, realmName(session, model), settings.councilId()));
        });
    }

    /**
     * The federation's realm by name, for its meters: the same council id in two realms (a staging
     * realm beside the live one, or realm files applied under another name) is two federations, and
     * one's meters must neither count the other's sign-ins nor vanish when the other is removed.
     */
    private static String realmName(KeycloakSession session, ComponentModel model) {
        RealmModel realm = model.getParentId() == null ? null : session.realms().getRealm(model.getParentId());
        return realm == null ? "unknown" : realm.getName();
    }

    /** The realm's council federations, enabled or not. */
    static java.util.stream.Stream<ComponentModel> federations(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), UserStorageProvider.class.getName())
                .filter(c -> PROVIDER_ID.equals(c.getProviderId()));
    }

    /** The realm's enabled council federations: the ones staff are routed to and synced (a retired one is not). */
    static java.util.stream.Stream<ComponentModel> enabledFederations(RealmModel realm) {
        return federations(realm).filter(c -> !"false".equals(c.get("enabled")));
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
        return Optional.of(factory.connection(session, federation, factory.configs.of(federation)));
    }

    /** The broker's view of a council's directory, for admins: health and a connection test. */
    record Health(String council, List<String> domainControllers, String state, String lastProblem) {
    }

    Health health(ComponentModel model) {
        CouncilDirectoryConfig config = configs.of(model);
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
        connection(session, model, configs.of(model)).test();
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
    public void postInit(KeycloakSessionFactory factory) {
        syncs.start(factory, live -> sweep.gone(connections.keySet(), live).forEach(id -> {
            LOG.infof("Council federation %s is gone or disabled (changed on another node): its directory "
                    + "connections are closed here", id);
            release(id);
        }));
    }

    /** Keycloak's "sync all users" (admin console, {@code user-storage/{id}/sync?action=triggerFullSync}). */
    @Override
    public SynchronizationResult sync(KeycloakSessionFactory factory, String realmId, UserStorageProviderModel model) {
        try {
            return syncs.runLocked(realmId, model, true).map(CouncilDirectoryProviderFactory::result)
                    .orElseGet(SynchronizationResult::ignored);
        } catch (DirectoryUnavailableException e) {
            SynchronizationResult failed = new SynchronizationResult();
            failed.setFailed(1);
            return failed;
        }
    }

    /** Keycloak's "sync changed users": the same pass, which reads only changes once it has a watermark. */
    @Override
    public SynchronizationResult syncSince(Date lastSync, KeycloakSessionFactory factory, String realmId,
            UserStorageProviderModel model) {
        return sync(factory, realmId, model);
    }

    private static SynchronizationResult result(SyncSummary summary) {
        SynchronizationResult result = new SynchronizationResult();
        result.setAdded(summary.imported());
        result.setUpdated(summary.updated());
        result.setRemoved(summary.left());
        result.setFailed(summary.refused());
        return result;
    }

    /** Starts a council's sync in the background (the admin's {@code councils sync}); false if one runs. */
    boolean startSync(String realmId, ComponentModel model) {
        return syncs.startNow(realmId, model);
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
        configs.forget(newModel.getId());
        CouncilConnection old = connections.remove(newModel.getId());
        if (old != null) {
            old.close();
        }
    }

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        release(model.getId());
    }

    /** Lets go of a federation: its sync thread, its parsed settings and its directory connections. */
    private void release(String federationId) {
        syncs.forget(federationId);
        configs.forget(federationId);
        CouncilConnection old = connections.remove(federationId);
        if (old != null) {
            old.close();
        }
    }

    @Override
    public void close() {
        syncs.close();
        probes.shutdownNow();
        connections.values().forEach(CouncilConnection::close);
        connections.clear();
        configs.clear();
    }
}
