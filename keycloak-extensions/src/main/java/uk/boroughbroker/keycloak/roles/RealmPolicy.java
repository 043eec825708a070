package uk.boroughbroker.keycloak.roles;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

import uk.boroughbroker.model.policy.CouncilPolicy;

/**
 * The council policy a realm carries (attribute {@value CouncilPolicy#REALM_ATTRIBUTE}, written by
 * the realm tooling only after the policy file validated), parsed once per realm and policy version
 * for the one evaluator, {@link CouncilPolicy}.
 */
final class RealmPolicy {

    private static final Logger LOG = Logger.getLogger(RealmPolicy.class);
    private static final Map<String, Parsed> BY_REALM = new ConcurrentHashMap<>();

    private record Parsed(String text, CouncilPolicy policy) {
    }

    private RealmPolicy() {
    }

    /** The realm's policy, if it has one that can be read. */
    static Optional<CouncilPolicy> of(RealmModel realm) {
        String text = realm.getAttribute(CouncilPolicy.REALM_ATTRIBUTE);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Parsed cached = BY_REALM.get(realm.getId());
        if (cached != null && cached.text().equals(text)) {
            return Optional.of(cached.policy());
        }
        try {
            CouncilPolicy parsed = CouncilPolicy.parse(text);
            BY_REALM.put(realm.getId(), new Parsed(text, parsed));
            return Optional.of(parsed);
        } catch (IOException | RuntimeException e) {
            LOG.errorf("Realm %s: the council policy attribute cannot be read (%s); council roles are left as they are",
                    realm.getName(), e.getMessage());
            return Optional.empty();
        }
    }
}
