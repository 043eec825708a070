package uk.boroughbroker.realms;

import static uk.boroughbroker.realms.Representations.encode;
import static uk.boroughbroker.realms.Representations.isSubset;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Makes a running Keycloak match a {@link RealmDefinition}: creates the realm when it is missing;
 * otherwise brings its settings, required actions and user profile in line with the files, and has
 * the other appliers do the rest, in this order: {@link FlowApplier}, {@link ClientApplier},
 * {@link PolicyApplier}, {@link FederationApplier}, {@link ProvisioningApplier}. Idempotent: applying the same definition twice
 * changes nothing the second time. A dry run ({@code dryRun}) reads Keycloak, writes nothing, and
 * says what it would do ("would create ...").
 *
 * <p>All or nothing (decision 0016): every name the files use is checked against Keycloak before
 * the first write ({@link ReferenceCheck}); if Keycloak still refuses a write, every write this
 * apply made is put back ({@link UndoLog}) and an {@link ApplyException} says so.
 *
 * <p>What the files declare wins over what an admin changed by hand. What the files do not declare
 * (users, a client added in the console) is left alone. Council roles of catalogue roles the policy
 * dropped are the exception: they are revoked and deleted. A federation for a council no longer
 * listed is left alone too, and {@link #notices()} says so, unless the applier is
 * {@linkplain #pruning(Clock) pruning}: then the council is retired, kept for the retention and
 * deleted after it ({@link FederationPruner}, decision 0031).
 */
public final class RealmApplier {

    /** Parts of a realm representation that are applied piece by piece, not with the realm PUT. */
    private static final Set<String> NOT_REALM_SETTINGS = Set.of("components", "clients", "clientScopes",
            "defaultDefaultClientScopes", "defaultOptionalClientScopes", "users", "groups", "roles",
            "identityProviders", "identityProviderMappers", "authenticationFlows", "authenticatorConfig",
            "requiredActions", "scopeMappings", "clientScopeMappings");
    private static final List<String> FLOW_FIELDS = List.of("authenticationFlows", "browserFlow", "directGrantFlow",
            "registrationFlow", "resetCredentialsFlow", "clientAuthenticationFlow", "dockerAuthenticationFlow",
            "firstBrokerLoginFlow");

    private final AdminApi api;
    private final boolean dryRun;
    /** Set when councils the files no longer declare are retired and, after the retention, deleted. */
    private final Clock pruneClock;
    private Writes writes;
    private FederationPruner pruner;
    private ProvisioningApplier systems;
    private List<String> notices = List.of();

    public RealmApplier(AdminApi api) {
        this(api, false);
    }

    /** @param dryRun only read Keycloak and report what would change; write nothing */
    public RealmApplier(AdminApi api, boolean dryRun) {
        this(api, dryRun, null);
    }

    private RealmApplier(AdminApi api, boolean dryRun, Clock pruneClock) {
        this.api = api;
        this.dryRun = dryRun;
        this.pruneClock = pruneClock;
    }

    /**
     * The same applier, which also retires the councils the files no longer declare, and deletes
     * those retired longer than the retention ago, by {@code clock} ({@code councils apply --prune}).
     */
    public RealmApplier pruning(Clock clock) {
        return new RealmApplier(api, dryRun, clock);
    }

    /**
     * What the last apply noticed without changing it: councils the files no longer declare, and
     * retired ones held for their retention. Empty before the first apply.
     */
    public synchronized List<String> notices() {
        return notices;
    }

    /**
     * @return one line per change made (or, in a dry run, that would be made); empty when Keycloak
     *         already matched
     * @throws ConfigurationException when the files name something that does not exist; nothing written
     * @throws ApplyException when Keycloak refused a write; what was written was put back
     */
    public synchronized List<String> apply(RealmDefinition definition) {
        writes = new Writes(api, dryRun);
        notices = List.of();
        try {
            List<String> changes = applyAll(definition);
            changes.addAll(writes.log().commit());
            if (pruner != null) {
                // After the rest committed: retiring and deleting cannot be put back (FederationPruner).
                List<String> noticed = new ArrayList<>(pruneClock == null ? pruner.notices() : pruner.prune(changes));
                noticed.addAll(systems.undeclared(pruneClock != null, changes));
                notices = List.copyOf(noticed);
            }
            return changes;
        } catch (RuntimeException e) {
            if (writes.log().isEmpty()) {
                throw e;
            }
            List<String> notPutBack = writes.log().rollBack();
            throw new ApplyException(reason(e), notPutBack, e);
        } finally {
            writes = null;
            pruner = null;
            systems = null;
        }
    }

    private static String reason(RuntimeException e) {
        return e instanceof AdminApiException || e instanceof ConfigurationException ? e.getMessage()
                : "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private List<String> applyAll(RealmDefinition definition) {
        ObjectNode wanted = definition.representation();
        String realm = definition.realmName();
        String base = "/realms/" + encode(realm);
        List<String> changes = new ArrayList<>();
        Optional<JsonNode> current = api.find(base);
        ReferenceCheck.check(api, current.isPresent() ? base : null, definition);
        if (current.isEmpty()) {
            // Flows are created through the flow API below, for new and existing realms alike, so the
            // realm is created without them and without bindings to them.
            ObjectNode creation = wanted.deepCopy();
            creation.remove(FLOW_FIELDS);
            writes.create("/realms", creation, "created realm '" + realm + "'", id -> () -> api.delete(base));
            changes.add(writes.line(Verb.CREATE, "realm '" + realm + "' with federations "
                    + definition.federationNames()));
            if (dryRun) {
                // Nothing of the realm to read: all of it would be created.
                return changes;
            }
            current = api.find(base);
        }

        String realmId = current.orElseThrow().path("id").asText();
        pruner = new FederationPruner(api, base, realmId, definition, dryRun,
                (pruneClock == null ? Clock.systemUTC() : pruneClock).instant());
        FederationApplier federations = new FederationApplier(writes, base, realmId);
        federations.checkTypes(definition.federations());
        for (RequiredActions.Update update : RequiredActions.plan(api, base, wanted.path("requiredActions"))) {
            writes.update(update.path(), update.updated(), update.current(), update.verb().line(false, update.what()));
            changes.add(writes.line(update.verb(), update.what()));
        }
        new FlowApplier(writes, base).apply(wanted.path("authenticationFlows"), changes);
        applyRealmSettings(base, wanted, current.orElseThrow(), changes);
        new ClientApplier(writes, base).apply(wanted, changes);
        applyUserProfile(base, definition.userProfile(), changes);
        PolicyApplier policies = new PolicyApplier(writes, base);
        definition.policy().ifPresent(policy -> policies.apply(definition.councils(), policy, changes));
        federations.apply(definition.federations(), changes);
        (systems = new ProvisioningApplier(writes, base, realmId)).apply(definition.provisioning(), changes);
        // Last: the only step that takes something from people, once everything else is in place.
        definition.policy().ifPresent(policy -> policies.dropRemovedRoles(policy, changes));
        if (pruneClock != null && definition.policy().isPresent()) {
            policies.dropRolesAt(pruner.councils(), changes);
        }
        return changes;
    }

    private void applyRealmSettings(String base, ObjectNode wanted, JsonNode current, List<String> changes) {
        ObjectNode settings = wanted.deepCopy();
        settings.remove(NOT_REALM_SETTINGS);
        if (settings.path("attributes") instanceof ObjectNode attributes) {
            // Only meaningful when a realm is created.
            attributes.remove("CreateDefaultClientScopes");
        }
        if (!isSubset(settings, current)) {
            writes.update(base, settings, Writes.previous(settings, current), "updated realm settings");
            changes.add(writes.line(Verb.UPDATE, "realm settings"));
        }
    }

    /** Merges the declared top-level settings into the realm's user profile configuration. */
    private void applyUserProfile(String base, ObjectNode declared, List<String> changes) {
        if (declared.isEmpty()) {
            return;
        }
        JsonNode current = api.get(base + "/users/profile");
        if (isSubset(declared, current)) {
            return;
        }
        ObjectNode merged = ((ObjectNode) current).deepCopy();
        merged.setAll(declared);
        writes.update(base + "/users/profile", merged, current, "updated user profile settings");
        changes.add(writes.line(Verb.UPDATE, "user profile settings "
                + declared.propertyStream().map(Map.Entry::getKey).toList()));
    }
}
