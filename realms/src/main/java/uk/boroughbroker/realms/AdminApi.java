package uk.boroughbroker.realms;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A small client for Keycloak's Admin REST API over {@link HttpClient}: JSON trees in and out, an
 * access token from the master realm renewed before it expires. See docs/decisions/0004 for why
 * not keycloak-admin-client.
 */
public final class AdminApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String baseUrl;
    private final Map<String, String> tokenForm;
    private String token;
    private Instant tokenExpires = Instant.MIN;

    private AdminApi(String baseUrl, Map<String, String> tokenForm, SSLContext tls) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.tokenForm = Map.copyOf(tokenForm);
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        this.http = (tls == null ? http : http.sslContext(tls)).build();
    }

    /** Signs in as a master-realm client with a service account (Keycloak's bootstrap admin client). */
    public static AdminApi withClient(String baseUrl, String clientId, String clientSecret) {
        return withClient(baseUrl, clientId, clientSecret, null);
    }

    /**
     * The same, over HTTPS that trusts {@code tls}'s certificates (a broker elsewhere, behind a load
     * balancer with a private CA); {@code null} for the JVM's default trust.
     */
    public static AdminApi withClient(String baseUrl, String clientId, String clientSecret, SSLContext tls) {
        return new AdminApi(baseUrl, Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", clientSecret), tls);
    }

    /** Signs in as a master-realm admin user through the admin-cli client. */
    public static AdminApi withUser(String baseUrl, String username, String password) {
        return new AdminApi(baseUrl, Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", username, "password", password), null);
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** GET; empty when the resource does not exist (404). */
    public Optional<JsonNode> find(String path) {
        HttpResponse<String> response = send(request(path).GET(), path);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(parse(check(response, "GET", path)));
    }

    public JsonNode get(String path) {
        return find(path).orElseThrow(() -> new AdminApiException(404, "GET " + path + ": not found"));
    }

    /** POST; returns the id from the Location header of a 201, if any. */
    public Optional<String> post(String path, JsonNode body) {
        HttpResponse<String> response = send(request(path).POST(body(body)).header("Content-Type", "application/json"), path);
        check(response, "POST", path);
        return response.headers().firstValue("Location").map(l -> l.substring(l.lastIndexOf('/') + 1));
    }

    /** POST without a body, returning the JSON answer (actions such as a connection test). */
    public JsonNode postForJson(String path) {
        HttpResponse<String> response = send(request(path).POST(HttpRequest.BodyPublishers.noBody()), path);
        return parse(check(response, "POST", path));
    }

    /**
     * POST without a body, waiting up to {@code timeout} for the answer instead of the usual 30 s: for
     * long-running actions such as a federation's full user sync.
     */
    public JsonNode postForJson(String path, Duration timeout) {
        HttpResponse<String> response = send(request(path).timeout(timeout).POST(HttpRequest.BodyPublishers.noBody()),
                path);
        return parse(check(response, "POST", path));
    }

    /** POST a JSON body, returning the JSON answer (a query that needs a body, such as a policy preview). */
    public JsonNode postForJson(String path, JsonNode body) {
        HttpResponse<String> response = send(request(path).POST(body(body)).header("Content-Type", "application/json"),
                path);
        return parse(check(response, "POST", path));
    }

    public void put(String path, JsonNode body) {
        check(send(request(path).PUT(body(body)).header("Content-Type", "application/json"), path), "PUT", path);
    }

    public void put(String path) {
        check(send(request(path).PUT(HttpRequest.BodyPublishers.noBody()), path), "PUT", path);
    }

    public void delete(String path) {
        check(send(request(path).DELETE(), path), "DELETE", path);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/admin" + path))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token());
    }

    private synchronized String token() {
        // Master-realm admin tokens live 60 s by default: renew with a margin.
        if (token != null && Instant.now().isBefore(tokenExpires)) {
            return token;
        }
        String form = tokenForm.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String path = "/realms/master/protocol/openid-connect/token";
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response = send(request, path);
        if (response.statusCode() != 200) {
            throw new AdminApiException(response.statusCode(), "Keycloak refused the admin credentials ("
                    + response.statusCode() + " " + errorText(response.body()) + ")");
        }
        JsonNode body = parse(response.body());
        token = body.path("access_token").asText();
        tokenExpires = Instant.now().plusSeconds(Math.max(5, body.path("expires_in").asLong(60) - 15));
        return token;
    }

    private HttpResponse<String> send(HttpRequest.Builder builder, String path) {
        return send(builder.build(), path);
    }

    private HttpResponse<String> send(HttpRequest request, String path) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AdminApiException(0, "Keycloak at " + baseUrl + " cannot be reached (" + e + ") for " + path);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminApiException(0, "interrupted while calling Keycloak for " + path);
        }
    }

    private static String check(HttpResponse<String> response, String method, String path) {
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw new AdminApiException(status, method + " " + path + " failed: " + status + " "
                    + errorText(response.body()));
        }
        return response.body();
    }

    private static String errorText(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode json = JSON.readTree(body);
            for (String field : new String[] {"errorMessage", "error_description", "error"}) {
                if (json.hasNonNull(field)) {
                    return json.get(field).asText();
                }
            }
        } catch (IOException e) {
            // Not JSON: fall through to a shortened raw body.
        }
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    private static HttpRequest.BodyPublisher body(JsonNode body) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new AdminApiException(0, "Keycloak answered with something that is not JSON: " + e.getMessage());
        }
    }
}
