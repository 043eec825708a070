package uk.boroughbroker.broker;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import uk.boroughbroker.broker.cluster.FrontDoor;

/**
 * What partner apps do through the cluster's HTTPS front door, for the failover tests: password
 * and refresh grants with {@code borough-demo-service}, userinfo, and a browser sign-in with
 * {@code borough-demo-web} (authorization code + PKCE, cookies kept by hand). Each call gives a
 * {@link Reply} saying whether it worked, how it failed and which node answered (HAProxy's
 * X-Served-By); it never throws for a failed exchange, as a failover is expected to fail some.
 */
final class FrontDoorClient {

    static final String SERVICE_CLIENT = "borough-demo-service";
    static final String WEB_CLIENT = "borough-demo-web";
    /** One of borough-demo-web's redirect URIs (realms/borough/realm.json): nothing listens, the code is read from Location. */
    static final String REDIRECT_URI = "http://localhost:8000/callback";
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*>");
    private static final Pattern ACTION = Pattern.compile("action=\"([^\"]+)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @param failure     null when it worked, else "503", "400 invalid_grant", "timeout", "io ConnectException"...
     * @param servedBy    the node that answered the step that counts (for a browser sign-in, the login form's POST,
     *                    where the session is created)
     * @param preferredUsername from userinfo
     */
    record Reply(String failure, String servedBy, String accessToken, String refreshToken, String preferredUsername) {

        boolean ok() {
            return failure == null;
        }

        static Reply failed(String failure, String servedBy) {
            return new Reply(failure, servedBy, null, null, null);
        }
    }

    private final HttpClient http;
    private final String realmUrl;
    private final String serviceSecret;

    FrontDoorClient(String frontDoor, Path ca, String realm, String serviceSecret) {
        this.http = FrontDoor.client(ca);
        this.realmUrl = frontDoor + "/realms/" + realm;
        this.serviceSecret = serviceSecret;
    }

    Reply password(DemoSignIns.Person person) {
        return token(form("grant_type", "password", "client_id", SERVICE_CLIENT, "client_secret", serviceSecret,
                "scope", "openid", "username", person.username(), "password", person.password()));
    }

    /** A refresh as the app the session was started by: the service (confidential) or the web app (public). */
    Reply refresh(String refreshToken, String clientId) {
        return token(WEB_CLIENT.equals(clientId)
                ? form("grant_type", "refresh_token", "client_id", WEB_CLIENT, "refresh_token", refreshToken)
                : form("grant_type", "refresh_token", "client_id", SERVICE_CLIENT, "client_secret", serviceSecret,
                        "refresh_token", refreshToken));
    }

    Reply userinfo(String accessToken) {
        return exchange(() -> {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(realmUrl
                    + "/protocol/openid-connect/userinfo")).header("Authorization", "Bearer " + accessToken).GET(), null);
            String node = servedBy(response);
            if (response.statusCode() != 200) {
                return Reply.failed(failure(response), node);
            }
            return new Reply(null, node, accessToken, null, JSON.readTree(response.body()).path("preferred_username").asText());
        });
    }

    /** The login page, the form posted as a browser posts it, the code exchanged with the PKCE verifier. */
    Reply browser(DemoSignIns.Person person) {
        return exchange(() -> {
            Map<String, String> cookies = new LinkedHashMap<>();
            String verifier = random(48);
            String state = random(12);
            HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/auth?"
                    + form("response_type", "code", "client_id", WEB_CLIENT, "redirect_uri", REDIRECT_URI, "scope", "openid",
                            "state", state, "code_challenge", s256(verifier), "code_challenge_method", "S256"))).GET(),
                    cookies);
            Matcher form = LOGIN_FORM.matcher(page.body());
            Matcher action = form.find() ? ACTION.matcher(form.group()) : null;
            if (page.statusCode() != 200 || action == null || !action.find()) {
                return Reply.failed("login page " + page.statusCode(), servedBy(page));
            }
            HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form("username", person.username(), "password",
                            person.password(), "credentialId", ""))), cookies);
            String node = servedBy(login);
            String location = login.headers().firstValue("Location").orElse("");
            if (login.statusCode() != 302 || !location.startsWith(REDIRECT_URI)) {
                return Reply.failed("login form " + login.statusCode(), node);
            }
            Map<String, String> callback = query(URI.create(location).getRawQuery());
            if (!state.equals(callback.get("state")) || callback.get("code") == null) {
                return Reply.failed("redirect without code: " + location, node);
            }
            Reply tokens = token(form("grant_type", "authorization_code", "client_id", WEB_CLIENT, "code",
                    callback.get("code"), "redirect_uri", REDIRECT_URI, "code_verifier", verifier));
            return new Reply(tokens.failure(), node, tokens.accessToken(), tokens.refreshToken(), null);
        });
    }

    /** Which node serves the realm's discovery document now (HAProxy's X-Served-By), or the failure. */
    Reply discovery() {
        return exchange(() -> {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(realmUrl
                    + "/.well-known/openid-configuration")).GET(), null);
            return response.statusCode() == 200 ? new Reply(null, servedBy(response), null, null, null)
                    : Reply.failed(failure(response), servedBy(response));
        });
    }

    private Reply token(String form) {
        return exchange(() -> {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)), null);
            if (response.statusCode() != 200) {
                return Reply.failed(failure(response), servedBy(response));
            }
            JsonNode body = JSON.readTree(response.body());
            return new Reply(null, servedBy(response), body.path("access_token").asText(null),
                    body.path("refresh_token").asText(null), null);
        });
    }

    private interface Exchange {
        Reply run() throws IOException, InterruptedException;
    }

    private static Reply exchange(Exchange exchange) {
        try {
            return exchange.run();
        } catch (HttpTimeoutException e) {
            return Reply.failed("timeout", null);
        } catch (IOException e) {
            return Reply.failed("io " + e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.failed("interrupted", null);
        }
    }

    /** @param cookies the browser's cookies, sent and updated from Set-Cookie; null for an app's call */
    private HttpResponse<String> send(HttpRequest.Builder request, Map<String, String> cookies)
            throws IOException, InterruptedException {
        request.timeout(TIMEOUT);
        if (cookies == null) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                    .collect(Collectors.joining("; ")));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                String value = pair.substring(eq + 1).strip();
                if (value.isEmpty() || header.toLowerCase(Locale.ROOT).contains("max-age=0")) {
                    cookies.remove(pair.substring(0, eq).strip());
                } else {
                    cookies.put(pair.substring(0, eq).strip(), value);
                }
            }
        }
        return response;
    }

    private static String servedBy(HttpResponse<?> response) {
        return response.headers().firstValue("X-Served-By").orElse(null);
    }

    /** "503", "400 invalid_grant (Session not active)": the status and Keycloak's error, if it gave one. */
    private static String failure(HttpResponse<String> response) {
        try {
            JsonNode body = JSON.readTree(response.body());
            String error = body.path("error").asText("");
            String description = body.path("error_description").asText("");
            return (response.statusCode() + " " + error + (description.isEmpty() ? "" : " (" + description + ")")).strip();
        } catch (IOException | RuntimeException e) {
            return String.valueOf(response.statusCode());
        }
    }

    private static String form(String... pairs) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            out.append(i == 0 ? "" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                map.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return map;
    }

    private static String random(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
