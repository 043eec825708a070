package uk.boroughbroker.keycloak.roles;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * Keeps a person's council roles ({@code council/service:function} realm roles) equal to what the
 * council policy gives their directory groups: granted when a group grants them, revoked when no
 * group does any more. Roles the policy does not manage are never touched.
 */
public final class CouncilRoles {

    private static final Logger LOG = Logger.getLogger(CouncilRoles.class);

    private CouncilRoles() {
    }

    /** Called whenever the person's directory entry has been read (sign-in, refresh of the entry). */
    public static void sync(RealmModel realm, UserModel user, String homeCouncil, Collection<String> groupDns) {
        CouncilPolicy.of(realm).ifPresent(policy -> {
            Set<String> wanted = policy.realmRoles(homeCouncil, groupDns);
            List<RoleModel> held = user.getRealmRoleMappingsStream().filter(r -> policy.manages(r.getName())).toList();
            for (RoleModel role : held) {
                if (!wanted.contains(role.getName())) {
                    user.deleteRoleMapping(role);
                }
            }
            Set<String> heldNames = held.stream().map(RoleModel::getName).collect(java.util.stream.Collectors.toSet());
            for (String name : wanted) {
                if (!heldNames.contains(name)) {
                    RoleModel role = realm.getRole(name);
                    if (role == null) {
                        LOG.warnf("Realm %s has no role %s yet; apply the realm files to create it", realm.getName(), name);
                    } else {
                        user.grantRole(role);
                    }
                }
            }
        });
    }
}
