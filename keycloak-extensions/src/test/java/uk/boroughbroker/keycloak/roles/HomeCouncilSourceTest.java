package uk.boroughbroker.keycloak.roles;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.boroughbroker.keycloak.roles.TestPeople.proxy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import uk.boroughbroker.keycloak.directory.DirectoryAttributes;

/**
 * The roles endpoints take a person's council from their federation link, as the token mapper does,
 * never from the {@code council} attribute (decision 0005, issue 12 item 6): an attribute is what an
 * admin or an import wrote, not where the person signs in.
 */
@DisplayName("a person's home council in the roles endpoints")
class HomeCouncilSourceTest {

    private RealmModel realm;

    /** Local, no federation link: a council attribute and Brent's officers group, as if an admin had set them. */
    private final UserModel local = TestPeople.person("local-admin-made", null, Map.of(
            DirectoryAttributes.COUNCIL, List.of("brent"),
            DirectoryAttributes.GROUPS, List.of(DemoPolicy.BRENT_RB_OFFICERS)));

    /** From Brent's directory, in Brent's officers group, with an attribute that says Lewisham. */
    private final UserModel brentPerson = TestPeople.person("jsmith@brent.gov.uk", TestPeople.BRENT_FEDERATION, Map.of(
            DirectoryAttributes.COUNCIL, List.of("lewisham"),
            DirectoryAttributes.GROUPS, List.of(DemoPolicy.BRENT_RB_OFFICERS)));

    @BeforeEach
    void borough() throws Exception {
        realm = TestPeople.realm(DemoPolicy.serverForm());
    }

    @Nested
    @DisplayName("roles why")
    class Why {

        @SuppressWarnings("unchecked")
        private Map<String, Object> why(UserModel user) {
            UserProvider users = proxy(UserProvider.class, (method, args) -> switch (method) {
                case "getUserByUsername" -> user.getUsername().equals(args[1]) ? user : null;
                default -> throw new UnsupportedOperationException(method);
            });
            KeycloakSession session = proxy(KeycloakSession.class, (method, args) -> switch (method) {
                case "users" -> users;
                default -> throw new UnsupportedOperationException(method);
            });
            return (Map<String, Object>) new CouncilRolesResource(session, realm, viewer())
                    .why(user.getUsername(), "revenues-benefits:officer", "brent").getEntity();
        }

        /** An admin who may view every user. */
        private static AdminPermissionEvaluator viewer() {
            try {
                Class<?> userPermissions = AdminPermissionEvaluator.class.getMethod("users").getReturnType();
                Object users = proxy(userPermissions, (method, args) -> switch (method) {
                    case "requireView" -> null;
                    case "canView" -> true;
                    default -> throw new UnsupportedOperationException(method);
                });
                return proxy(AdminPermissionEvaluator.class, (method, args) -> switch (method) {
                    case "users" -> users;
                    default -> throw new UnsupportedOperationException(method);
                });
            } catch (NoSuchMethodException e) {
                throw new AssertionError(e);
            }
        }

        @Test
        void whenALocalUserCarriesACouncilAttributeThenWhyGivesThemNoCouncilAndNoRole() {
            Map<String, Object> answer = why(local);

            assertThat(answer.get("homeCouncil")).isNull();
            assertThat(answer.get("holds")).isEqualTo(false);
        }

        @Test
        void whenABrentPersonsAttributeSaysLewishamThenWhyAnswersForBrent() {
            Map<String, Object> answer = why(brentPerson);

            assertThat(answer.get("homeCouncil")).isEqualTo("brent");
            assertThat(answer.get("holds")).isEqualTo(true);
        }
    }

    @Nested
    @DisplayName("the policy preview")
    class Preview {

        @SuppressWarnings("unchecked")
        private List<Map<String, Object>> changes(Map<String, Object> preview) {
            return (List<Map<String, Object>>) preview.get("changes");
        }

        private Map<String, Object> preview(UserModel user) throws Exception {
            return PolicyPreview.compare(realm, DemoPolicy.evaluator(), List.of(user), u -> true,
                    new PolicyPreview.Page(0, 1000)).toMap();
        }

        @Test
        void whenALocalUserCarriesACouncilAttributeThenThePreviewComparesNobody() throws Exception {
            Map<String, Object> preview = preview(local);

            assertThat(preview.get("usersCompared")).isEqualTo(0);
            assertThat(changes(preview)).isEmpty();
        }

        @Test
        void whenABrentPersonsAttributeSaysLewishamThenThePreviewGivesThemBrentsRoles() throws Exception {
            List<Map<String, Object>> changes = changes(preview(brentPerson));

            assertThat(changes).hasSize(1);
            assertThat(changes.get(0).get("homeCouncil")).isEqualTo("brent");
            assertThat((java.util.Collection<String>) changes.get(0).get("gains"))
                    .containsAll(DemoPolicy.SHARED_SERVICE_OFFICER);
        }
    }
}
