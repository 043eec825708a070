package uk.boroughbroker.keycloak.provisioning;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * A borough system that fails on cue: WireMock on loopback, answering SCIM's shape for the calls the
 * broker makes (search by externalId, create, PATCH). Each test gets its own path under one server,
 * so that what one test's system received is told apart from another's.
 */
final class ScimStub implements AutoCloseable {

    static final String SCIM = "application/scim+json";
    static final String EMPTY_LIST = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],"
            + "\"totalResults\":0,\"startIndex\":1,\"itemsPerPage\":0,\"Resources\":[]}";

    private final WireMockServer server;
    final String prefix;

    ScimStub() {
        this(0, "/" + UUID.randomUUID().toString().substring(0, 8) + "/scim/v2");
    }

    /** On {@code port} (0: any free one) under {@code prefix}: the same system coming back after a stop. */
    ScimStub(int port, String prefix) {
        WireMockConfiguration options = WireMockConfiguration.options().bindAddress("127.0.0.1");
        this.server = new WireMockServer(port == 0 ? options.dynamicPort() : options.port(port));
        this.prefix = prefix;
        server.start();
    }

    int port() {
        return server.port();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port() + prefix;
    }

    WireMockServer server() {
        return server;
    }

    MappingBuilder search() {
        return get(urlPathEqualTo(prefix + "/Users")).withQueryParam("filter", containing("externalId"));
    }

    MappingBuilder create() {
        return post(urlPathEqualTo(prefix + "/Users"));
    }

    MappingBuilder patchOf(String id) {
        return patch(urlPathEqualTo(prefix + "/Users/" + id));
    }

    static ResponseDefinitionBuilder scim(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", SCIM).withBody(body);
    }

    static String user(String id, String userName, String externalId, String familyName, boolean active) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\"" + id + "\",\"userName\":\""
                + userName + "\",\"externalId\":\"" + externalId + "\",\"name\":{\"givenName\":\"Ann\",\"familyName\":\""
                + familyName + "\"},\"active\":" + active + "}";
    }

    static String listOf(String user) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"totalResults\":1,"
                + "\"startIndex\":1,\"itemsPerPage\":1,\"Resources\":[" + user + "]}";
    }

    static String error(int status, String detail) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"" + status
                + "\",\"detail\":\"" + detail + "\"}";
    }

    /** Writes (POST, PATCH, PUT, DELETE) this test's system received, oldest first. */
    List<LoggedRequest> writes() {
        return server.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getUrl().startsWith(prefix) && !r.getMethod().getName().equals("GET"))
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
    }

    void stop() {
        server.stop();
    }

    @Override
    public void close() {
        server.stop();
    }
}
