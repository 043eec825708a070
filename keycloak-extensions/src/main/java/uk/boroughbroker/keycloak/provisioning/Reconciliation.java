package uk.boroughbroker.keycloak.provisioning;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.types.UserResource;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.connections.jpa.support.EntityManagers;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.storage.UserStoragePrivateUtil;
import uk.boroughbroker.keycloak.homecouncil.HomeCouncil;

/**
 * A full comparison of what one system holds with what it should: every broker user of the system's
 * councils (their projection) against every account the system lists. Differences are reported as
 * what would be created, updated, deactivated or deleted; without dry run they are queued through
 * the outbox like any other change (same order, retries and events). Accounts the broker did not
 * make (no externalId of a broker user) are listed and never touched.
 */
final class Reconciliation {

    private static final int PAGE = 100;
    private static final int USERS_PAGE = 500;

    private Reconciliation() {
    }

    /**
     * Runs in Keycloak's JPA batch mode: every broker user of the councils is read into one transaction,
     * and without it each role read would first flush (and dirty-check) all of them: the square of a
     * council's size (decision 0030).
     */
    static Response run(KeycloakSession session, RealmModel realm, SystemRunner runner, boolean dryRun,
            String adminId, Runnable wakeAfterCommit) {
        Response[] answer = new Response[1];
        EntityManagers.runInBatch(session, () -> answer[0] = compare(session, realm, runner, dryRun, adminId,
                wakeAfterCommit), false);
        return answer[0];
    }

    private static Response compare(KeycloakSession session, RealmModel realm, SystemRunner runner, boolean dryRun,
            String adminId, Runnable wakeAfterCommit) {
        ScimSystemConfig system = runner.config();
        Map<String, UserModel> people = new LinkedHashMap<>();
        Map<String, ScimPerson> expected = expected(session, realm, system, people);
        Map<String, UserResource> held = new HashMap<>();
        List<String> notFromBroker = new ArrayList<>();
        try {
            String bearer = runner.bearer();
            for (int start = 1;; start += PAGE) {
                ListResponse<UserResource> page = runner.scim().searchRequest(ScimDelivery.USERS).page(start, PAGE)
                        .attributes(ScimDelivery.compared(system.groups())).header(HttpHeaders.AUTHORIZATION, bearer).invoke(UserResource.class);
                List<UserResource> accounts = page.getResources() == null ? List.of() : page.getResources();
                for (UserResource account : accounts) {
                    if (account.getExternalId() != null && expected.containsKey(account.getExternalId())) {
                        held.put(account.getExternalId(), account);
                    } else {
                        notFromBroker.add(String.valueOf(account.getUserName()));
                    }
                }
                if (accounts.isEmpty() || start + accounts.size() > page.getTotalResults()) {
                    break;
                }
            }
        } catch (ScimException | AccessTokens.CredentialException | jakarta.ws.rs.ProcessingException e) {
            return ProvisioningResource.error(Response.Status.BAD_GATEWAY, "system_unavailable", "SCIM system "
                    + system.name() + " could not be read: " + e.getMessage());
        }
        Map<String, List<String>> would = new LinkedHashMap<>();
        for (String key : List.of("create", "update", "deactivate", "delete")) {
            would.put(key, new ArrayList<>());
        }
        int queued = 0;
        for (Map.Entry<String, ScimPerson> entry : expected.entrySet()) {
            ScimPerson person = entry.getValue();
            Optional<ChangeKind> change = difference(system, person, held.get(entry.getKey()), would);
            if (change.isPresent() && !dryRun) {
                ChangeCapture.requeue(session, realm, system, people.get(entry.getKey()), change.get(), person);
                queued++;
            }
        }
        if (queued > 0) {
            wakeAfterCommit.run();
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("system", system.name());
        details.put("step", dryRun ? "reconcile-dry-run" : "reconcile");
        would.forEach((k, v) -> details.put(k, String.valueOf(v.size())));
        ProvisioningEvents.adminAction(session, realm, system, adminId, details);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("system", system.name());
        answer.put("dryRun", dryRun);
        answer.put("compared", expected.size());
        would.forEach((k, v) -> answer.put((dryRun ? "wouldBe" : "queuedTo") + Character.toUpperCase(k.charAt(0))
                + k.substring(1), v));
        answer.put("notFromBroker", notFromBroker);
        return Response.ok(answer, MediaType.APPLICATION_JSON).build();
    }

    /** The change the system needs for this person, noted under its verb; empty when it holds the truth. */
    private static Optional<ChangeKind> difference(ScimSystemConfig system, ScimPerson person, UserResource account,
            Map<String, List<String>> would) {
        boolean deleting = !person.active() && system.leaverAction() == ScimSystemConfig.LeaverAction.DELETE;
        if (account == null) {
            if (!person.active()) {
                return Optional.empty();
            }
            would.get("create").add(person.userName());
            return Optional.of(ChangeKind.PROVISION);
        }
        if (deleting) {
            would.get("delete").add(person.userName());
            return Optional.of(ChangeKind.DELETE);
        }
        if (ScimDelivery.changes(account, person).isEmpty()
                && (!system.groups() || ScimGroups.same(account.getGroups(), person.groups()))) {
            return Optional.empty();
        }
        boolean heldActive = account.getActive() == null || account.getActive();
        would.get(heldActive && !person.active() ? "deactivate" : "update").add(person.userName());
        return Optional.of(ChangeKind.PROVISION);
    }

    /** Every broker user of the system's councils, by broker id, with what the system should hold. */
    private static Map<String, ScimPerson> expected(KeycloakSession session, RealmModel realm, ScimSystemConfig system,
            Map<String, UserModel> people) {
        UserProvider local = UserStoragePrivateUtil.userLocalStorage(session);
        Map<String, ScimPerson> expected = new LinkedHashMap<>();
        for (int first = 0;; first += USERS_PAGE) {
            List<UserModel> page = local.searchForUserStream(realm, Map.of(UserModel.SEARCH, "*"), first, USERS_PAGE)
                    .toList();
            for (UserModel user : page) {
                HomeCouncil.of(realm, user).filter(system.councils()::contains).ifPresent(council -> {
                    Set<String> roles = ScimPerson.realmRoles(user);
                    boolean qualifies = user.isEnabled() && system.qualifies(council, roles);
                    expected.put(user.getId(), ScimPerson.of(user, qualifies, roles, system));
                    people.put(user.getId(), user);
                });
            }
            if (page.size() < USERS_PAGE) {
                return expected;
            }
        }
    }
}
