package uk.boroughbroker.keycloak.roles;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;
import uk.boroughbroker.keycloak.directory.DirectoryUserRead;

/**
 * Keeps a person's council roles ({@code council/service:function} realm roles) equal to what the
 * council policy gives their directory groups: granted when a group grants them, revoked when no
 * group does any more. Roles the policy does not manage are never touched.
 *
 * <p>Runs whenever a council's directory entry has been read ({@link DirectoryUserRead}), as a
 * listener that {@link CouncilRolesResourceProviderFactory} registers: the directory does not know
 * about roles (issue 12, item 3).
 */
final class CouncilRoles {

    private static final Logger LOG = Logger.getLogger(CouncilRoles.class);

    private CouncilRoles() {
    }

    /** Listens to Keycloak's provider events: syncs roles on each directory read, ignores the rest. */
    static void onEvent(ProviderEvent event) {
        if (event instanceof DirectoryUserRead read) {
            sync(read.realm(), read.user(), read.council(), read.groups(), read.created());
        }
    }

    /** After the person's directory entry has been read (sign-in, a re-read of the entry). */
    /** @param created the user was just created by a bulk import and holds no council role yet */
    private static void sync(RealmModel realm, UserModel user, String homeCouncil, Collection<String> groupDns,
            boolean created) {
        RealmPolicy.of(realm).ifPresent(policy -> {
            Set<String> wanted = policy.realmRoles(homeCouncil, groupDns);
            List<RoleModel> held = created ? List.of()
                    : user.getRealmRoleMappingsStream().filter(r -> policy.manages(r.getName())).toList();
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
