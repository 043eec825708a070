package uk.boroughbroker.keycloak.roles;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.boroughbroker.keycloak.roles.TestPeople.proxy;
import static uk.boroughbroker.keycloak.roles.TestPeople.role;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;
import uk.boroughbroker.model.policy.CouncilPolicy;

/**
 * The council-roles mapper as Keycloak runs it for one token request: the access token (narrowing,
 * then the claim) and the ID token, on one client session context. The full behaviour against a
 * running Keycloak is in {@code CouncilScopeIT} and {@code CouncilScopeEdgesIT}.
 */
@DisplayName("Council roles mapper, one token request")
class CouncilRolesMapperTest {

    private static final String APP = "borough-demo-service";
    private static final Set<String> HELD = Set.of("brent/revenues-benefits:officer", "lewisham/revenues-benefits:officer");

    private final CouncilRolesMapper mapper = new CouncilRolesMapper();
    private final ProtocolMapperModel model = new ProtocolMapperModel();
    private final AtomicInteger scopeReads = new AtomicInteger();
    private final AtomicInteger roleReads = new AtomicInteger();
    private final Map<String, Object> attributes = new HashMap<>();
    private KeycloakSession session;
    private UserSessionModel userSession;
    private ClientSessionContext context;

    @BeforeEach
    void aPersonWithRolesAtBrentAndLewishamAsksForBrent() {
        model.setConfig(Map.of("claim.name", "councils", "access.token.claim", "true", "id.token.claim", "true"));
        String policy = DemoPolicy.serverForm();
        RealmModel realm = proxy(RealmModel.class, (method, args) -> switch (method) {
            case "getAttribute" -> CouncilPolicy.REALM_ATTRIBUTE.equals(args[0]) ? policy : null;
            case "getId", "getName" -> "borough-mapper-test";
            default -> throw new UnsupportedOperationException(method);
        });
        ClientModel client = proxy(ClientModel.class, (method, args) -> switch (method) {
            case "getClientId" -> APP;
            case "getId" -> "app-id";
            case "getAttribute" -> null;
            default -> throw new UnsupportedOperationException(method);
        });
        UserModel person = proxy(UserModel.class, (method, args) -> switch (method) {
            case "getServiceAccountClientLink" -> null;
            case "getRealmRoleMappingsStream" -> {
                roleReads.incrementAndGet();
                yield HELD.stream().map(TestPeople::role);
            }
            default -> throw new UnsupportedOperationException(method);
        });
        userSession = proxy(UserSessionModel.class, (method, args) -> switch (method) {
            case "getRealm" -> realm;
            case "getUser" -> person;
            default -> throw new UnsupportedOperationException(method);
        });
        AuthenticatedClientSessionModel clientSession = proxy(AuthenticatedClientSessionModel.class,
                (method, args) -> switch (method) {
                    case "getClient" -> client;
                    default -> throw new UnsupportedOperationException(method);
                });
        ClientScopeModel brentScope = proxy(ClientScopeModel.class, (method, args) -> switch (method) {
            case "getName" -> "council:brent";
            default -> throw new UnsupportedOperationException(method);
        });
        context = proxy(ClientSessionContext.class, (method, args) -> switch (method) {
            case "getClientSession" -> clientSession;
            case "getClientScopesStream" -> {
                scopeReads.incrementAndGet();
                yield Stream.of(client, brentScope);
            }
            case "getAttribute" -> attributes.get((String) args[0]);
            case "setAttribute" -> attributes.put((String) args[0], args[1]);
            default -> throw new UnsupportedOperationException(method);
        });
        KeycloakContext keycloakContext = proxy(KeycloakContext.class, (method, args) -> switch (method) {
            case "getClient" -> client;
            default -> throw new UnsupportedOperationException(method);
        });
        session = proxy(KeycloakSession.class, (method, args) -> switch (method) {
            case "getAttribute" -> null;
            case "getContext" -> keycloakContext;
            default -> throw new UnsupportedOperationException(method);
        });
    }

    @Nested
    @DisplayName("when the access token and the ID token are built")
    class BothTokens {

        private AccessToken access;
        private IDToken id;

        @BeforeEach
        void buildBoth() {
            access = new AccessToken();
            access.setScope("openid council:brent");
            access.setRealmAccess(new AccessToken.Access());
            HELD.forEach(access.getRealmAccess()::addRole);
            mapper.transformAccessToken(access, model, session, userSession, context);
            id = mapper.transformIDToken(new IDToken(), model, session, userSession, context);
        }

        @Test
        void thenBothShowBrentOnly() {
            assertThat(access.getOtherClaims().get("councils")).isEqualTo(Map.of("brent", Set.of("revenues-benefits:officer")));
            assertThat(id.getOtherClaims().get("councils")).isEqualTo(Map.of("brent", Set.of("revenues-benefits:officer")));
            assertThat(access.getRealmAccess().getRoles()).containsExactly("brent/revenues-benefits:officer");
            assertThat(access.getScope()).isEqualTo("openid council:brent");
        }

        @Test
        void thenTheAppsScopesAndThePersonsGrantAreWorkedOutOnceForTheRequest() {
            assertThat(scopeReads).hasValue(1);
            assertThat(roleReads).as("the person's realm roles, read for the grant, both claims and the narrowing")
                    .hasValue(1);
        }
    }

    @Test
    void whenTheNextRequestComesThenItsOwnContextIsWorkedOutAgain() {
        mapper.transformAccessToken(new AccessToken(), model, session, userSession, context);
        attributes.clear(); // a new request: Keycloak builds a new context

        mapper.transformAccessToken(new AccessToken(), model, session, userSession, context);

        assertThat(scopeReads).hasValue(2);
    }
}
