package uk.boroughbroker.keycloak.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import uk.boroughbroker.directory.AdGuid;
import uk.boroughbroker.directory.CouncilDirectory;
import uk.boroughbroker.keycloak.testing.AgainstTheDemoBroker;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;
import uk.boroughbroker.keycloak.testing.Eventually;
import uk.boroughbroker.keycloak.testing.PartnerApp.TokenResponse;

/**
 * Joiners, movers and leavers followed from a council's directory in the background (issue 14),
 * through the demo broker: changes made in Brent's directory as its AD admins would, then what staff
 * and apps see. Each test has people of its own, so tests never disturb each other's. Flat rather
 * than {@code @Nested}: the test framework injects only into the top-level test instance.
 */
@KeycloakIntegrationTest(config = BoroughServerConfig.class)
@DisplayName("Joiners, movers and leavers")
class JoinersMoversLeaversIT extends AgainstTheDemoBroker {

    /** The promise to council IT admins: a change in AD shows in the broker within a minute. */
    private static final Duration A_MINUTE = Duration.ofSeconds(60);
    private static final String OFFICERS = "CN=GG-RevBen-Officers,OU=Groups,DC=brent,DC=gov,DC=uk";
    private static final String OFFICER_ROLE = "brent/revenues-benefits:officer";

    // --- a joiner ---

    @Test
    void aNewDirectoryEntryIsABrokerUserWithItsCouncilRolesWithinAMinuteBeforeItsFirstSignIn() {
        Person joiner = brentPerson("joiner");
        brent().addMember(OFFICERS, joiner.dn());

        Eventually.Timed<JsonNode> user = Eventually.within(A_MINUTE, "the joiner imported",
                () -> broker.admin().find(users() + joiner.brokerId()));

        assertThat(user.value().path("username").asText()).isEqualTo(joiner.upn());
        assertThat(user.value().path("enabled").asBoolean()).isTrue();
        assertThat(realmRoles(joiner)).contains(OFFICER_ROLE);
    }

    // --- a leaver ---

    @Test
    void aPersonDisabledInTheDirectoryCannotRefreshWithinAMinuteAndTheirSessionsAreGone() {
        Person leaver = brentPerson("leaver");
        TokenResponse signedIn = signIn(leaver);
        brent().setUserAccountControl(leaver.dn(), 514);

        Eventually.Timed<TokenResponse> refused = refusedRefresh(signedIn);

        assertThat(refused.value().error()).isEqualTo("invalid_grant");
        JsonNode user = broker.admin().get(users() + leaver.brokerId());
        assertThat(user.path("enabled").asBoolean()).isFalse();
        assertThat(broker.admin().get(users() + leaver.brokerId() + "/sessions")).isEmpty();
        assertThat(app.getStatus(broker.realmUrl() + "/protocol/openid-connect/userinfo", signedIn.accessToken())).as("userinfo with the leaver's token").isEqualTo(401);
    }

    @Test
    void aPersonDeletedFromTheDirectoryIsDisabledNotDeletedAndCannotRefresh() {
        Person leaver = brentPerson("deleted");
        brent().addMember(OFFICERS, leaver.dn());
        TokenResponse signedIn = signIn(leaver);
        assertThat(realmRoles(leaver)).contains(OFFICER_ROLE);
        brent().delete(leaver.dn());

        refusedRefresh(signedIn);

        JsonNode user = broker.admin().get(users() + leaver.brokerId());
        assertThat(user.path("enabled").asBoolean()).isFalse();
        assertThat(realmRoles(leaver)).doesNotContain(OFFICER_ROLE);
        assertThat(user.path("username").asText()).as("the name freed for a new account")
                .isEqualTo("left." + leaver.brokerId());
        assertThat(user.path("attributes").path("directoryLeftAs").path(0).asText()).isEqualTo(leaver.upn());
    }

    @Test
    void appsWithABackChannelLogoutUrlAreToldWhenTheirUserLeaves() throws IOException {
        LinkedBlockingQueue<String> logoutTokens = new LinkedBlockingQueue<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/backchannel-logout", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                logoutTokens.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String clientId = "backchannel-" + UUID.randomUUID();
        String secret = UUID.randomUUID().toString();
        String id = createClient(clientId, secret,
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/backchannel-logout");
        try {
            Person leaver = brentPerson("told");
            TokenResponse signedIn = app.passwordGrant(clientId, secret, leaver.upn(),
                    leaver.password());
            assertThat(signedIn.status()).as(signedIn.body().toString()).isEqualTo(200);
            brent().setUserAccountControl(leaver.dn(), 514);

            String form = Eventually.within(A_MINUTE, "a back-channel logout call",
                    () -> Optional.ofNullable(poll(logoutTokens))).value();

            String token = java.net.URLDecoder.decode(form.substring(form.indexOf('=') + 1), StandardCharsets.UTF_8);
            assertThat(form).startsWith("logout_token=");
            assertThat(subjectOf(token)).isEqualTo(leaver.brokerId());
        } finally {
            broker.admin().delete("/realms/borough/clients/" + id);
            receiver.stop(0);
        }
    }

    @Test
    void aPersonWhoComesBackSignsInAgainAsTheSameBrokerUser() {
        Person returner = brentPerson("returner");
        String subject = subject(signIn(returner));
        brent().setUserAccountControl(returner.dn(), 514);
        Eventually.within(A_MINUTE, "the returner disabled", () -> enabled(returner, false));

        brent().setUserAccountControl(returner.dn(), 512);
        Eventually.within(A_MINUTE, "the returner enabled again", () -> enabled(returner, true));

        assertThat(subject(signIn(returner))).isEqualTo(subject);
    }

    // --- a mover ---

    @Test
    void aPersonRemovedFromAGroupLosesItsRoleAtTheNextRefreshWithinAMinute() {
        Person mover = brentPerson("mover");
        brent().addMember(OFFICERS, mover.dn());
        TokenResponse signedIn = signIn(mover);
        assertThat(roles(signedIn)).contains(OFFICER_ROLE);

        brent().removeMember(OFFICERS, mover.dn());

        Eventually.within(A_MINUTE, "the role gone from the broker user",
                () -> realmRoles(mover).contains(OFFICER_ROLE) ? Optional.empty() : Optional.of(true));
        TokenResponse refreshed = app.refresh(SERVICE, broker.serviceSecret(), signedIn.body().path("refresh_token").asText());
        assertThat(refreshed.status()).as(refreshed.body().toString()).isEqualTo(200);
        assertThat(roles(refreshed)).doesNotContain(OFFICER_ROLE);
    }

    // --- a sync asked for by an admin ---

    @Test
    void councilsSyncImportsJoinersAtOnceAndReportsWhatItDid() {
        Person joiner = brentPerson("asked");

        JsonNode started = Eventually.within(A_MINUTE, "a sync of Brent started", () -> {
            try {
                return Optional.of(broker.admin().postForJson("/realms/borough/borough-councils/brent/sync"));
            } catch (uk.boroughbroker.realms.AdminApiException running) {
                return Optional.empty();
            }
        }).value();
        long requestedAt = started.path("requestedAt").asLong();

        JsonNode done = Eventually.within(A_MINUTE, "the sync finished", () -> {
            JsonNode progress = broker.admin().get("/realms/borough/borough-councils/brent/sync");
            return "done".equals(progress.path("state").asText()) && progress.path("startedAt").asLong() >= requestedAt
                    ? Optional.of(progress) : Optional.empty();
        }).value();
        assertThat(done.path("council").asText()).isEqualTo("brent");
        assertThat(done.path("read").asInt()).isGreaterThan(10);
        assertThat(broker.admin().find(users() + joiner.brokerId())).isPresent();
    }

    /**
     * New people are imported many to a transaction without lookups (decision 0030); one that cannot be
     * stored so (an email another new person has) sends its batch back through the careful path.
     */
    @Test
    void joinersWhoShareAnEmailAreAllImportedAndOnlyOneOfThemHoldsIt() {
        String shared = "twins-" + UUID.randomUUID().toString().substring(0, 8) + "@brent.gov.uk";
        List<Person> twins = List.of(brentPerson("twa", Map.of("mail", shared)), brentPerson("twb", Map.of("mail", shared)));

        Eventually.within(A_MINUTE, "both imported", () -> twins.stream()
                .allMatch(p -> broker.admin().find(users() + p.brokerId()).isPresent()) ? Optional.of(true) : Optional.empty());

        List<String> emails = twins.stream().map(p -> broker.admin().get(users() + p.brokerId()).path("email").asText(""))
                .toList();
        assertThat(emails).as("one of them holds the address, the other none").containsOnlyOnce(shared)
                .containsOnly(shared, "");
    }

    @Test
    void anUnknownCouncilIsA404NamingIt() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                () -> broker.admin().postForJson("/realms/borough/borough-councils/croydon/sync")))
                .hasMessageContaining("404").hasMessageContaining("croydon");
    }

    private static final String SERVICE = uk.boroughbroker.keycloak.testing.DemoBroker.SERVICE_CLIENT;

    /** A Brent person of this test's own: password Brent!<account>1, a fresh objectGUID. */
    private Person brentPerson(String prefix) {
        return brentPerson(prefix, Map.of());
    }

    /** @param more attributes besides the usual ones (mail, ...) */
    private Person brentPerson(String prefix, Map<String, Object> more) {
        String account = prefix + UUID.randomUUID().toString().substring(0, 8);
        UUID guid = UUID.randomUUID();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("sAMAccountName", account);
        attributes.put("userPrincipalName", account + "@brent.gov.uk");
        attributes.put("givenName", "Test");
        attributes.put("sn", account);
        attributes.put("userAccountControl", "512");
        attributes.put("userPassword", "Brent!" + account + "1");
        attributes.put("objectGUID", AdGuid.toBytes(guid));
        attributes.putAll(more);
        String dn = brent().addPerson("Test " + account, attributes);
        return new Person(dn, account + "@brent.gov.uk", "Brent!" + account + "1",
                UUID.nameUUIDFromBytes(("borough:" + realmId() + ":brent:" + guid).getBytes(StandardCharsets.UTF_8)).toString());
    }

    private String realmId() {
        return broker.admin().get("/realms/borough").path("id").asText();
    }

    private record Person(String dn, String upn, String password, String brokerId) {
    }

    private TokenResponse signIn(Person person) {
        TokenResponse response = signIn(person.upn(), person.password());
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response;
    }

    private CouncilDirectory brent() {
        return broker.directories().council("brent");
    }

    private static String users() {
        return "/realms/borough/users/";
    }

    private List<String> realmRoles(Person person) {
        return broker.admin().get(users() + person.brokerId() + "/role-mappings/realm").findValuesAsText("name");
    }

    private Optional<Boolean> enabled(Person person, boolean wanted) {
        return broker.admin().find(users() + person.brokerId())
                .filter(user -> user.path("enabled").asBoolean() == wanted).map(user -> true);
    }

    /** Refreshes the chain (refresh tokens are single-use) until the broker refuses it. */
    private Eventually.Timed<TokenResponse> refusedRefresh(TokenResponse signedIn) {
        String[] refreshToken = {signedIn.body().path("refresh_token").asText()};
        return Eventually.within(A_MINUTE, "the refresh refused", () -> {
            TokenResponse refreshed = app.refresh(SERVICE, broker.serviceSecret(), refreshToken[0]);
            if (refreshed.status() == 200) {
                refreshToken[0] = refreshed.body().path("refresh_token").asText();
                return Optional.empty();
            }
            return Optional.of(refreshed);
        });
    }

    private List<String> roles(TokenResponse response) {
        try {
            Object access = app.verify(response.accessToken()).getClaim("realm_access");
            Object roles = access instanceof Map<?, ?> map ? map.get("roles") : null;
            return roles instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
        } catch (RuntimeException e) {
            throw new AssertionError("access token unreadable", e);
        }
    }

    private String createClient(String clientId, String secret, String backchannelUrl) {
        ObjectNode client = new ObjectMapper().createObjectNode().put("clientId", clientId)
                .put("protocol", "openid-connect").put("publicClient", false).put("secret", secret)
                .put("standardFlowEnabled", false).put("directAccessGrantsEnabled", true);
        client.putObject("attributes").put("backchannel.logout.url", backchannelUrl)
                .put("backchannel.logout.session.required", "true");
        return broker.admin().post("/realms/borough/clients", client).orElseThrow();
    }

    private static String poll(LinkedBlockingQueue<String> queue) {
        try {
            return queue.poll(0, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private String subject(TokenResponse response) {
        return app.verify(response.accessToken()).getSubject();
    }

    private static String subjectOf(String jwt) {
        try {
            return SignedJWT.parse(jwt).getJWTClaimsSet().getSubject();
        } catch (java.text.ParseException e) {
            throw new AssertionError("not a JWT: " + jwt, e);
        }
    }
}
