package uk.boroughbroker.keycloak.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import uk.boroughbroker.keycloak.testing.AgainstTheDemoBroker;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;
import uk.boroughbroker.realms.AdminApi;
import uk.boroughbroker.realms.AdminApiException;
import uk.boroughbroker.realms.RealmApplier;
import uk.boroughbroker.realms.RealmDefinition;
import uk.boroughbroker.realms.Variables;

/**
 * A realm deleted while its councils' sync passes import people: Keycloak's delete locks the realm
 * row, and every sync transaction holds that row too ({@code RealmRowLock}), so the delete waits for
 * the transaction under way and the pass then stops. Before, the delete could fail with a 500 on a
 * foreign key to the users a pass had just inserted (seen in CI in ProvisioningApplyIT's clean-up,
 * issue 13). The race window is milliseconds wide: without the lock this test failed in none of one
 * run's five attempts, so it guards against a regression by chance, not by construction.
 */
@KeycloakIntegrationTest(config = BoroughServerConfig.class)
@DisplayName("A realm deleted during its councils' sync passes")
class RealmDeletedDuringSyncIT extends AgainstTheDemoBroker {

    static final String REALM = "borough-deleted-during-sync";
    static final String BASE = "/realms/" + REALM;
    static final Path REALMS = Path.of("..", "realms");
    static final List<String> COUNCILS = List.of("brent", "lewisham", "southwark", "camden", "islington", "haringey");

    @Test
    void isDeletedWithoutAnErrorWhileEveryCouncilIsBeingImported() {
        AdminApi admin = broker.admin();
        Map<String, String> values = OwnRealm.variables(broker);
        OwnRealm.deleteIfPresent(admin, BASE);
        for (int attempt = 1; attempt <= 5; attempt++) {
            RealmDefinition realm = RealmDefinition.forCouncils(REALMS.resolve("borough"),
                    REALMS.resolve("demo").resolve("councils.yaml"), Variables.only(values)).withRealmName(REALM);
            new RealmApplier(admin).apply(realm);
            // Every council's full import starts now, on the councils' own threads.
            COUNCILS.forEach(council -> startSync(admin, council));

            admin.delete(BASE); // AdminApi throws on any answer but 2xx: a 500 fails the test here

            assertThat(admin.find(BASE)).as("attempt " + attempt).isEmpty();
        }
    }

    private static void startSync(AdminApi admin, String council) {
        try {
            admin.postForJson(BASE + "/borough-councils/" + council + "/sync");
        } catch (AdminApiException e) {
            // 409: the schedule's first pass of a new council is already running, which is as good.
            if (e.status() != 409) {
                throw e;
            }
        }
    }
}
