package uk.boroughbroker.broker;

import java.nio.file.Path;

import uk.boroughbroker.realms.AdminApi;

/**
 * A broker started with {@code ./broker.sh up}, as another tool (the token-issuance benchmark in
 * bench/) reaches it: read from its home through the launcher's own {@link RunState} and
 * {@link BrokerSecrets}, so the run files' format lives in one place. The counterpart of
 * {@link EmbeddedKeycloak} for a broker this process did not start.
 */
public final class RunningBroker {

    /** Where {@code ./broker.sh up} keeps its home unless told {@code --home}. */
    public static final Path DEFAULT_HOME = UpOptions.defaults().home();

    private final RunState state;
    private final BrokerSecrets secrets;

    private RunningBroker(RunState state, BrokerSecrets secrets) {
        this.state = state;
        this.secrets = secrets;
    }

    /** @throws BrokerException when no broker runs from {@code home}; the message says how to start one */
    public static RunningBroker at(Path home) {
        RunState state = RunState.load(home);
        return new RunningBroker(state, BrokerSecrets.loadOrCreate(home));
    }

    /** {@code http://127.0.0.1:<port>}, as {@code up} wrote it */
    public String baseUrl() {
        return state.baseUrl();
    }

    /** The realm the broker serves. */
    public String realm() {
        return state.realm();
    }

    /** The Admin REST API as the bootstrap admin client (master realm). */
    public AdminApi admin() {
        return AdminApi.withClient(baseUrl(), BrokerSecrets.ADMIN_CLIENT, secrets.adminClientSecret());
    }

    /** The secret of {@code borough-demo-service}, the confidential demo client. */
    public String serviceSecret() {
        return secrets.demoServiceSecret();
    }

    @Override
    public String toString() {
        return "RunningBroker[" + state + "]";
    }
}
