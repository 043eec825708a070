package uk.boroughbroker.keycloak.roles;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.UserStoragePrivateUtil;
import uk.boroughbroker.keycloak.homecouncil.HomeCouncil;
import uk.boroughbroker.keycloak.directory.DirectoryAttributes;
import uk.boroughbroker.model.policy.CouncilPolicy;

/**
 * What a proposed policy would change: for the people the broker knows from a council directory,
 * the council roles they would gain and lose, computed by the same code that grants roles at sign-in
 * ({@link CouncilPolicy#realmRoles}) from the groups their directory last reported. Reads the
 * broker's own user store only, so a preview costs no directory traffic, and one page of people per
 * call ({@link Page}), so a call's work is bounded however many people the broker knows.
 *
 * <p>A person loses a role the proposed policy no longer gives, including one whose catalogue entry
 * it drops: roles are compared among those the current <em>or</em> the proposed policy manages.
 */
final class PolicyPreview {

    /**
     * One page of the broker's users (in username order, service accounts left out): people from no
     * council take a place on the page but are not compared.
     */
    record Page(int first, int max) {

        /** Most people one call compares: an answer an admin can read and a server can build at once. */
        static final int MAX = 1000;

        static Optional<Integer> first(String text) {
            return parse(text, 0, 0, Integer.MAX_VALUE);
        }

        static Optional<Integer> max(String text) {
            return parse(text, MAX, 1, MAX);
        }

        private static Optional<Integer> parse(String text, int absent, int low, int high) {
            if (text == null || text.isBlank()) {
                return Optional.of(absent);
            }
            try {
                int value = Integer.parseInt(text.strip());
                return value >= low && value <= high ? Optional.of(value) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    record Change(String user, String homeCouncil, Set<String> gains, Set<String> loses) {

        boolean any() {
            return !gains.isEmpty() || !loses.isEmpty();
        }
    }

    private final Page page;
    private final Integer next;
    private final int compared;
    private final List<Change> changes;

    private PolicyPreview(Page page, Integer next, int compared, List<Change> changes) {
        this.page = page;
        this.next = next;
        this.compared = compared;
        this.changes = changes;
    }

    static PolicyPreview compare(KeycloakSession session, RealmModel realm, CouncilPolicy proposed,
            Predicate<UserModel> mayView, Page page) {
        List<UserModel> users = UserStoragePrivateUtil.userLocalStorage(session).searchForUserStream(realm,
                Map.of(UserModel.INCLUDE_SERVICE_ACCOUNT, "false"), page.first(), page.max()).toList();
        return compare(realm, proposed, users, mayView, page);
    }

    /** The comparison for one page of people, {@code users}, as read from the realm's users. */
    static PolicyPreview compare(RealmModel realm, CouncilPolicy proposed, List<UserModel> users,
            Predicate<UserModel> mayView, Page page) {
        Optional<CouncilPolicy> current = RealmPolicy.of(realm);
        Predicate<String> managed = role -> proposed.manages(role) || current.map(c -> c.manages(role)).orElse(false);
        int compared = 0;
        List<Change> changes = new ArrayList<>();
        for (UserModel user : users) {
            // From the federation link, never an attribute (decision 0005).
            String council = HomeCouncil.of(realm, user).orElse(null);
            if (council == null || !mayView.test(user)) {
                continue;
            }
            compared++;
            Set<String> held = new TreeSet<>();
            user.getRealmRoleMappingsStream().map(RoleModel::getName).filter(managed).forEach(held::add);
            Change change = change(user.getUsername(), council, held,
                    proposed.realmRoles(council, user.getAttributeStream(DirectoryAttributes.GROUPS).toList()));
            if (change.any()) {
                changes.add(change);
            }
        }
        changes.sort(Comparator.comparing(Change::user));
        Integer next = users.size() == page.max() ? page.first() + page.max() : null;
        return new PolicyPreview(page, next, compared, changes);
    }

    /** Held now (roles either policy manages) against what the proposed policy would give. */
    static Change change(String user, String council, Set<String> held, Set<String> wanted) {
        Set<String> gains = new TreeSet<>(wanted);
        gains.removeAll(held);
        Set<String> loses = new TreeSet<>(held);
        loses.removeAll(wanted);
        return new Change(user, council, gains, loses);
    }

    Map<String, Object> toMap() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("first", page.first());
        answer.put("max", page.max());
        answer.put("next", next);
        answer.put("usersCompared", compared);
        answer.put("usersChanged", changes.size());
        answer.put("listed", changes.size());
        answer.put("changes", changes.stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("user", c.user());
            m.put("homeCouncil", c.homeCouncil());
            m.put("gains", c.gains());
            m.put("loses", c.loses());
            return m;
        }).toList());
        answer.put("basis", "the groups each person's directory last reported; people not yet signed in are not known;"
                + " this page only: ask again from 'next' until it is null");
        return answer;
    }
}
