package uk.boroughbroker.keycloak.roles;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.boroughbroker.keycloak.roles.TestPeople.proxy;
import static uk.boroughbroker.keycloak.roles.TestPeople.role;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;
import uk.boroughbroker.keycloak.directory.DirectoryUserRead;
import uk.boroughbroker.model.policy.CouncilPolicy;

/**
 * Council roles follow a directory read through the listener the roles factory registers at
 * start-up (issue 12, item 3): the directory publishes, roles listen. Keycloak's own
 * {@code publish} calls each registered listener in turn; this test stands in for it.
 */
@DisplayName("Council roles on a directory read")
class CouncilRolesTest {

    private final List<ProviderEventListener> registered = new ArrayList<>();
    private final Set<String> held = new TreeSet<>();
    private RealmModel realm;
    private UserModel user;

    @BeforeEach
    void startTheRolesFactory() throws Exception {
        KeycloakSessionFactory sessions = proxy(KeycloakSessionFactory.class, (method, args) -> {
            if (method.equals("register")) {
                registered.add((ProviderEventListener) args[0]);
                return null;
            }
            throw new UnsupportedOperationException(method);
        });
        new CouncilRolesResourceProviderFactory().postInit(sessions);
        String policy = DemoPolicy.serverForm();
        realm = proxy(RealmModel.class, (method, args) -> switch (method) {
            case "getAttribute" -> CouncilPolicy.REALM_ATTRIBUTE.equals(args[0]) ? policy : null;
            case "getId", "getName" -> "borough-roles-test";
            case "getRole" -> role((String) args[0]);
            default -> throw new UnsupportedOperationException(method);
        });
        user = proxy(UserModel.class, (method, args) -> switch (method) {
            case "getRealmRoleMappingsStream" -> held.stream().map(TestPeople::role).toList().stream();
            case "grantRole" -> held.add(((RoleModel) args[0]).getName());
            case "deleteRoleMapping" -> held.remove(((RoleModel) args[0]).getName());
            default -> throw new UnsupportedOperationException(method);
        });
    }

    private void publish(ProviderEvent event) {
        registered.forEach(listener -> listener.onEvent(event));
    }

    @Test
    void whenABrentOfficersEntryIsReadThenTheSharedServiceRolesAreGranted() {
        publish(new DirectoryUserRead(null, realm, user, "brent", List.of(DemoPolicy.BRENT_RB_OFFICERS)));

        assertThat(held).containsAll(DemoPolicy.SHARED_SERVICE_OFFICER);
    }

    @Test
    void whenTheGroupIsGoneAtTheNextReadThenItsRolesGoAndOthersStay() {
        publish(new DirectoryUserRead(null, realm, user, "brent", List.of(DemoPolicy.BRENT_RB_OFFICERS)));
        assertThat(held).containsAll(DemoPolicy.SHARED_SERVICE_OFFICER);
        held.add("offline_access");

        publish(new DirectoryUserRead(null, realm, user, "brent", List.of()));

        assertThat(held).containsExactly("offline_access");
    }

    @Test
    void whenABulkImportJustCreatedThePersonThenTheirRolesAreGrantedWithoutReadingWhatTheyHold() {
        List<String> reads = new ArrayList<>();
        UserModel created = proxy(UserModel.class, (method, args) -> switch (method) {
            case "grantRole" -> held.add(((RoleModel) args[0]).getName());
            default -> {
                reads.add(method);
                throw new UnsupportedOperationException(method);
            }
        });

        publish(new DirectoryUserRead(null, realm, created, "brent", List.of(DemoPolicy.BRENT_RB_OFFICERS), true));

        assertThat(held).containsAll(DemoPolicy.SHARED_SERVICE_OFFICER);
        assertThat(reads).isEmpty();
    }

    @Test
    void whenAnotherCouncilsDirectoryNamesBrentsGroupThenNothingIsGranted() {
        publish(new DirectoryUserRead(null, realm, user, "lewisham", List.of(DemoPolicy.BRENT_RB_OFFICERS)));

        assertThat(held).isEmpty();
    }

    @Test
    void whenAnyOtherProviderEventIsPublishedThenRolesAreNotTouched() {
        held.add("brent/revenues-benefits:officer");

        publish(new ProviderEvent() { });

        assertThat(held).containsExactly("brent/revenues-benefits:officer");
    }
}
