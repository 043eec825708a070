package uk.boroughbroker.keycloak.roles;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.UserStorageProvider;
import uk.boroughbroker.model.policy.CouncilPolicy;

/** Stand-ins for Keycloak's models in the roles tests: only what the code under test reads answers. */
final class TestPeople {

    /** The id of Brent's directory federation in {@link #realm}. */
    static final String BRENT_FEDERATION = "brent-federation-id";

    private TestPeople() {
    }

    @FunctionalInterface
    interface Answers {
        Object answer(String method, Object[] args);
    }

    /** {@code type} answering each call through {@code answers}; anything else throws. */
    static <T> T proxy(Class<T> type, Answers answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> answers.answer(method.getName(), args)));
    }

    /** A realm role that only knows its name (and is equal to any role of that name). */
    static RoleModel role(String name) {
        return proxy(RoleModel.class, (method, args) -> switch (method) {
            case "getName" -> name;
            case "equals" -> args[0] instanceof RoleModel other && other.getName().equals(name);
            case "hashCode" -> name.hashCode();
            default -> throw new UnsupportedOperationException(method);
        });
    }

    /** The borough realm carrying {@code policy} (server form), with Brent's directory federation. */
    static RealmModel realm(String policy) {
        ComponentModel brent = new ComponentModel();
        brent.setId(BRENT_FEDERATION);
        brent.setName("brent");
        brent.setProviderType(UserStorageProvider.class.getName());
        return proxy(RealmModel.class, (method, args) -> switch (method) {
            case "getAttribute" -> CouncilPolicy.REALM_ATTRIBUTE.equals(args[0]) ? policy : null;
            case "getId", "getName" -> "borough-roles-test";
            case "getComponent" -> BRENT_FEDERATION.equals(args[0]) ? brent : null;
            default -> throw new UnsupportedOperationException(method);
        });
    }

    /**
     * A broker user holding no role, linked to {@code federation} (null: a local user), whose
     * attributes are {@code attributes}: what an admin or an import may have written, never proof of
     * a council.
     */
    static UserModel person(String username, String federation, Map<String, List<String>> attributes) {
        return proxy(UserModel.class, (method, args) -> switch (method) {
            case "getUsername" -> username;
            case "getFederationLink" -> federation;
            case "getFirstAttribute" -> attributes.getOrDefault((String) args[0], List.of()).stream().findFirst()
                    .orElse(null);
            case "getAttributeStream" -> attributes.getOrDefault((String) args[0], List.of()).stream();
            case "getRealmRoleMappingsStream" -> Stream.empty();
            default -> throw new UnsupportedOperationException(method);
        });
    }
}
