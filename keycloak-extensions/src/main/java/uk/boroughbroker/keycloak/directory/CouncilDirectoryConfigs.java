package uk.boroughbroker.keycloak.directory;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.keycloak.component.ComponentModel;

/**
 * Each council federation's parsed configuration, by component id, reused while the component's name
 * and configuration are unchanged.
 *
 * <p>Why: Keycloak asks every enabled federation about every typed name, by email and by username
 * ({@code UserStorageManager.tryResolveFederatedUser}), creating each federation's provider for the
 * request from a fresh copy of its component. Parsing the configuration there cost every sign-in a
 * parse per council, most of them for councils the name is not at.
 *
 * <p>A cached view is used only while the component says the same as when it was parsed, compared by
 * content on every use, as Keycloak's own {@code LDAPIdentityStoreRegistry.getLdapStore} compares a
 * new {@code LDAPConfig} with the one its {@code LDAPIdentityStore} was built from. So a changed
 * federation takes effect at the next lookup on every node: {@code onUpdate} runs only on the node
 * where an admin saved the change, and the others learn of it from their realm cache. The factory's
 * {@code onUpdate} and {@code preRemove} still {@link #forget} the entry, so a removed federation's
 * view (with its bind credential) is not kept on that node.
 */
final class CouncilDirectoryConfigs {

    /** A parsed configuration and the component it was parsed from. */
    private record Parsed(ComponentModel source, CouncilDirectoryConfig config) {

        boolean describes(ComponentModel model) {
            return Objects.equals(source.getName(), model.getName()) && Objects.equals(source.getConfig(), model.getConfig());
        }
    }

    private final Map<String, Parsed> byComponentId = new ConcurrentHashMap<>();

    /** The federation's parsed configuration, as the component says it now. */
    CouncilDirectoryConfig of(ComponentModel model) {
        String id = model.getId();
        if (id == null) {
            return new CouncilDirectoryConfig(model);
        }
        Parsed cached = byComponentId.get(id);
        if (cached != null && cached.describes(model)) {
            return cached.config();
        }
        // A copy: what was parsed must stay what is compared, whatever happens to the caller's model.
        ComponentModel source = new ComponentModel(model);
        CouncilDirectoryConfig parsed = new CouncilDirectoryConfig(source);
        byComponentId.put(id, new Parsed(source, parsed));
        return parsed;
    }

    void forget(String componentId) {
        byComponentId.remove(componentId);
    }

    void clear() {
        byComponentId.clear();
    }
}
