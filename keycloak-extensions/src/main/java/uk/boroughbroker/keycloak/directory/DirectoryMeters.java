package uk.boroughbroker.keycloak.directory;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.keycloak.models.KeycloakSession;

/**
 * One council's meters (decision 0026), in the registry Keycloak exports on its management port
 * ({@code /metrics}, with {@code metrics-enabled}): sign-ins by what the directory said, directory
 * requests and their latency by kind and result, the circuit's state and failovers, and the
 * background sync's people by outcome, failures and last finished pass. Every meter is
 * tagged with the realm and the council id only, never a name a person typed, so there are as many
 * series as configured federations (a council in two realms is two: each counts its own and is
 * removed on its own). Owned by the council's {@link CouncilConnection}, which the provider factory
 * owns; {@link #close()} takes the meters out of the registry (a replaced connection starts at zero).
 *
 * <p>The names below are the only definition of them; the alert rules and the dashboard in
 * docker/monitoring read them in their Prometheus form (dots become underscores, counters end in
 * {@code _total}, the timer in {@code _seconds_*}), which a unit test checks.
 */
final class DirectoryMeters implements AutoCloseable {

    static final String SIGN_INS = "borough.signins";
    static final String REQUESTS = "borough.directory.requests";
    static final String CIRCUIT = "borough.directory.circuit.state";
    static final String FAILOVERS = "borough.directory.failovers";
    static final String SYNC_PEOPLE = "borough.directory.sync.people";
    static final String SYNC_FAILURES = "borough.directory.sync.failures";
    static final String SYNC_LAST_SUCCESS = "borough.directory.sync.last.success.time";
    static final String COUNCIL = "council";
    static final String REALM = "realm";

    /** The latency buckets: from a DC on the same site to well past the default deadline (5.5 s). */
    private static final Duration[] BUCKETS = List.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
            .stream().map(Duration::ofMillis).toArray(Duration[]::new);
    /** Counts one sign-in per request, whichever step of it heard the directory first. */
    private static final String COUNTED = "borough.metrics.signInCounted";

    /** What a password check against the council's directory came to. */
    enum SignIn {
        /** The directory accepted the password (the broker may still refuse, e.g. an account disabled in it). */
        SUCCESS,
        /** A wrong password. */
        INVALID,
        /** A name routed to this council that its directory does not know (or no longer knows). */
        UNKNOWN_USER,
        /** AD has locked the account (775). */
        LOCKED,
        /** Keycloak's brute-force protection refused the person before any password check. */
        BROKER_LOCKED,
        DISABLED, EXPIRED, PASSWORD_EXPIRED, PASSWORD_MUST_CHANGE,
        /** The directory could not be reached (outage, open circuit, the request's deadline). */
        UNAVAILABLE;

        static SignIn of(AccountState state) {
            return switch (state) {
                case ACTIVE -> SUCCESS;
                case INVALID_CREDENTIALS -> INVALID;
                case LOCKED -> LOCKED;
                case DISABLED -> DISABLED;
                case EXPIRED -> EXPIRED;
                case PASSWORD_EXPIRED -> PASSWORD_EXPIRED;
                case PASSWORD_MUST_CHANGE -> PASSWORD_MUST_CHANGE;
            };
        }
    }

    /** The question a request asked the directory. */
    enum Kind { SEARCH, BIND, GROUPS }

    /** How a request ended: answered, refused (the directory is up either way), no answer, or not sent. */
    enum Result { ANSWERED, REFUSED, UNAVAILABLE, SKIPPED }

    private final MeterRegistry registry;
    private final Tags federation;
    private final Map<SignIn, Counter> signIns = new ConcurrentHashMap<>();
    private final Map<String, Timer> requests = new ConcurrentHashMap<>();
    private final Counter failovers;
    private final Map<String, Counter> syncPeople = new ConcurrentHashMap<>();
    private final Counter syncFailures;
    /** Epoch seconds of the last pass that finished; its gauge exists once a pass has run on this node. */
    private final java.util.concurrent.atomic.AtomicLong lastSync = new java.util.concurrent.atomic.AtomicLong();
    private final List<Meter> registered = new CopyOnWriteArrayList<>();

    DirectoryMeters(MeterRegistry registry, String realm, String council) {
        this.registry = registry;
        this.federation = Tags.of(REALM, realm, COUNCIL, council);
        // Sign-ins and failovers exist from the start at zero, so that rates and alerts see them.
        for (SignIn outcome : SignIn.values()) {
            signIns.put(outcome, keep(Counter.builder(SIGN_INS).description("Password checks against a council's "
                    + "directory, by what the directory said").tags(federation).tag("outcome", label(outcome))
                    .register(registry)));
        }
        failovers = keep(Counter.builder(FAILOVERS).description("Domain controllers skipped for the next one "
                + "when opening a connection").tags(federation).register(registry));
        for (String outcome : List.of("imported", "updated", "left", "refused")) {
            syncPeople.put(outcome, keep(Counter.builder(SYNC_PEOPLE).description("People a council's sync passes "
                    + "imported (joiners), updated (movers, renames), disabled (leavers) or refused").tags(federation)
                    .tag("outcome", outcome).register(registry)));
        }
        syncFailures = keep(Counter.builder(SYNC_FAILURES).description("Sync passes of a council that could not "
                + "read its directory").tags(federation).register(registry));
    }

    /** A sync pass that finished on this node (decision 0030). */
    void syncPass(SyncSummary summary) {
        syncPeople.get("imported").increment(summary.imported());
        syncPeople.get("updated").increment(summary.updated());
        syncPeople.get("left").increment(summary.left());
        syncPeople.get("refused").increment(summary.refused());
        if (lastSync.getAndSet(System.currentTimeMillis() / 1000) == 0) {
            keep(Gauge.builder(SYNC_LAST_SUCCESS, lastSync, java.util.concurrent.atomic.AtomicLong::doubleValue)
                    .description("When a sync pass of the council last finished on this node, epoch seconds")
                    .tags(federation).strongReference(true).register(registry));
        }
    }

    /** A sync pass that could not read the council's directory. */
    void syncFailed() {
        syncFailures.increment();
    }

    /** Meters nobody reads: for connections built without Keycloak (unit tests, tools). */
    static DirectoryMeters unread(String council) {
        return new DirectoryMeters(new CompositeMeterRegistry(), "none", council);
    }

    /** The circuit's state as a number: 0 closed (available), 1 retrying (half open), 2 open (unavailable). */
    void circuit(Supplier<CircuitBreaker.State> state) {
        keep(Gauge.builder(CIRCUIT, state, s -> switch (s.get()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        }).description("A council directory's circuit: 0 available, 1 retrying, 2 unavailable")
                .tags(federation).strongReference(true).register(registry));
    }

    /** One request to the directory, timed from when it was sent (zero when it was not). */
    void request(Kind kind, Result result, long nanos) {
        requests.computeIfAbsent(kind + "/" + result, key -> keep(Timer.builder(REQUESTS)
                .description("Requests to a council's directory, by kind and result").tags(federation)
                .tag("kind", label(kind)).tag("result", label(result)).serviceLevelObjectives(BUCKETS)
                .register(registry))).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A connection opened on a later domain controller: {@code skipped} DCs before it did not answer. */
    void failover(int skipped) {
        failovers.increment(skipped);
    }

    /** Counts the request's sign-in once: the first outcome a step of it reports is the one counted. */
    void signIn(KeycloakSession session, SignIn outcome) {
        if (session.getAttribute(COUNTED) == null) {
            session.setAttribute(COUNTED, Boolean.TRUE);
            signIns.get(outcome).increment();
        }
    }

    private <M extends Meter> M keep(M meter) {
        registered.add(meter);
        return meter;
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        registered.forEach(registry::remove);
        registered.clear();
    }
}
