package uk.boroughbroker.keycloak.roles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.storage.UserStoragePrivateUtil;
import uk.boroughbroker.keycloak.directory.DirectoryAttributes;

/**
 * What a proposed policy would change: for every person the broker knows from a council directory,
 * the council roles they would gain and lose, computed by the same code that grants roles at sign-in
 * ({@link CouncilPolicy#realmRoles}) from the groups their directory last reported. Reads the
 * broker's own user store only, so a preview costs no directory traffic.
 */
final class PolicyPreview {

    /** Bound on the people listed (all are counted): an answer an admin can read and a server can build. */
    static final int MAX_LISTED = 1000;
    private static final int PAGE = 500;

    record Change(String user, String homeCouncil, Set<String> gains, Set<String> loses) {
    }

    private final int compared;
    private final int changed;
    private final List<Change> changes;

    private PolicyPreview(int compared, int changed, List<Change> changes) {
        this.compared = compared;
        this.changed = changed;
        this.changes = changes;
    }

    static PolicyPreview compare(KeycloakSession session, RealmModel realm, CouncilPolicy proposed,
            Predicate<UserModel> mayView) {
        Set<String> councils = new TreeSet<>(proposed.councils());
        CouncilPolicy.of(realm).ifPresent(current -> councils.addAll(current.councils()));
        UserProvider local = UserStoragePrivateUtil.userLocalStorage(session);
        int compared = 0;
        int changed = 0;
        List<Change> changes = new ArrayList<>();
        for (String council : councils) {
            for (int first = 0; ; first += PAGE) {
                List<UserModel> page = local.searchForUserStream(realm,
                        Map.of(DirectoryAttributes.COUNCIL, council, UserModel.EXACT, "true",
                                UserModel.INCLUDE_SERVICE_ACCOUNT, "false"), first, PAGE)
                        .toList();
                for (UserModel user : page) {
                    if (!council.equals(user.getFirstAttribute(DirectoryAttributes.COUNCIL)) || !mayView.test(user)) {
                        continue;
                    }
                    compared++;
                    Change change = change(user, council, proposed);
                    if (!change.gains().isEmpty() || !change.loses().isEmpty()) {
                        changed++;
                        if (changes.size() < MAX_LISTED) {
                            changes.add(change);
                        }
                    }
                }
                if (page.size() < PAGE) {
                    break;
                }
            }
        }
        changes.sort(java.util.Comparator.comparing(Change::user));
        return new PolicyPreview(compared, changed, changes);
    }

    /** Held now (roles the proposed policy manages) against what it would give. */
    private static Change change(UserModel user, String council, CouncilPolicy proposed) {
        Set<String> wanted = proposed.realmRoles(council, user.getAttributeStream(DirectoryAttributes.GROUPS).toList());
        Set<String> held = new TreeSet<>();
        user.getRealmRoleMappingsStream().map(RoleModel::getName).filter(proposed::manages).forEach(held::add);
        Set<String> gains = new TreeSet<>(wanted);
        gains.removeAll(held);
        Set<String> loses = new TreeSet<>(held);
        loses.removeAll(wanted);
        return new Change(user.getUsername(), council, gains, loses);
    }

    Map<String, Object> toMap() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("usersCompared", compared);
        answer.put("usersChanged", changed);
        answer.put("listed", changes.size());
        answer.put("changes", changes.stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("user", c.user());
            m.put("homeCouncil", c.homeCouncil());
            m.put("gains", c.gains());
            m.put("loses", c.loses());
            return m;
        }).toList());
        answer.put("basis", "the groups each person's directory last reported; people not yet signed in are not known");
        return answer;
    }
}
