package uk.boroughbroker.realms;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The borough systems that get accounts over SCIM (decision 0029), as loaded and validated from
 * {@code provisioning.yaml} (see {@link ProvisioningLoader}).
 */
public record Provisioning(Path source, List<ScimSystem> systems) {

    public Provisioning {
        systems = List.copyOf(systems);
    }

    /**
     * One system: the name of its {@code borough-scim-system} component and that component's settings,
     * keyed as {@link uk.boroughbroker.model.provisioning.ScimSystemKeys} says. Holds no secret, only
     * where the extension reads it.
     */
    public record ScimSystem(String name, Map<String, List<String>> config) {

        public ScimSystem {
            config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
        }
    }

    public List<String> names() {
        return systems.stream().map(ScimSystem::name).toList();
    }
}
