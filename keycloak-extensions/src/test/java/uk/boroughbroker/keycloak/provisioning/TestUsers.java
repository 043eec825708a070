package uk.boroughbroker.keycloak.provisioning;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import uk.boroughbroker.model.provisioning.ScimSystemKeys;

/** Stand-ins for Keycloak's models in the provisioning unit tests: only what the code reads answers. */
final class TestUsers {

    private TestUsers() {
    }

    /** A broker user with these fields, attributes and realm roles; anything else throws. */
    static UserModel user(String id, String username, String first, String last, String email, boolean enabled,
            Map<String, String> attributes, List<String> roles) {
        Map<String, String> attrs = new HashMap<>(attributes);
        return (UserModel) Proxy.newProxyInstance(UserModel.class.getClassLoader(), new Class<?>[] {UserModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> id;
                    case "getUsername" -> username;
                    case "getFirstName" -> first;
                    case "getLastName" -> last;
                    case "getEmail" -> email;
                    case "isEnabled" -> enabled;
                    case "getFirstAttribute" -> attrs.get((String) args[0]);
                    case "getRealmRoleMappingsStream" -> roles.stream().map(TestUsers::role);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static RoleModel role(String name) {
        return (RoleModel) Proxy.newProxyInstance(RoleModel.class.getClassLoader(), new Class<?>[] {RoleModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getName" -> name;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A borough-scim-system component with these settings (single values; lists split on commas). */
    static ComponentModel system(Map<String, String> settings) {
        ComponentModel model = new ComponentModel();
        model.setId("system-1");
        model.setName("housing");
        model.setProviderId(ScimSystemProviderFactory.PROVIDER_ID);
        model.setProviderType(ScimSystemProvider.class.getName());
        settings.forEach((key, value) -> {
            if (key.equals(ScimSystemKeys.COUNCILS) || key.equals(ScimSystemKeys.ROLES)) {
                model.getConfig().put(key, value.isEmpty() ? List.of() : Stream.of(value.split(",")).toList());
            } else {
                model.put(key, value);
            }
        });
        return model;
    }

    /** Settings that are valid: bearer file auth, Lewisham's housing officers, over https. */
    static Map<String, String> validSettings() {
        Map<String, String> settings = new HashMap<>();
        settings.put(ScimSystemKeys.BASE_URL, "https://housing.example.gov.uk/scim/v2/");
        settings.put(ScimSystemKeys.AUTH, ScimSystemKeys.AUTH_BEARER_FILE);
        settings.put(ScimSystemKeys.BEARER_TOKEN_FILE, "/run/secrets/housing-token");
        settings.put(ScimSystemKeys.COUNCILS, "lewisham");
        settings.put(ScimSystemKeys.ROLES, "lewisham/housing:officer");
        return settings;
    }
}
