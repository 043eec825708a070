package uk.boroughbroker.keycloak.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * What a partner app does with the broker, over plain HTTP: reads the discovery document, gets tokens
 * (password grant, client credentials, authorization code with PKCE through the real login form),
 * and verifies token signatures against the realm's published keys with Nimbus JOSE+JWT.
 */
public final class PartnerApp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"",
            Pattern.DOTALL);
    private static final Pattern FORM_ACTION_FIRST = Pattern.compile("<form[^>]*action=\"([^\"]+)\"[^>]*id=\"kc-form-login\"",
            Pattern.DOTALL);

    private final String realmUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    /**
     * Cookies by name, kept by hand: Keycloak marks its login cookies Secure, and browsers send Secure
     * cookies to http://localhost (a secure context) while java.net.CookieManager does not.
     */
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private JsonNode discovery;

    PartnerApp(String realmUrl) {
        this.realmUrl = realmUrl;
    }

    /** A token endpoint answer: HTTP status and JSON body. */
    public record TokenResponse(int status, JsonNode body) {

        public String accessToken() {
            return body.path("access_token").asText(null);
        }

        public String idToken() {
            return body.path("id_token").asText(null);
        }

        public String error() {
            return body.path("error").asText(null);
        }
    }

    public JsonNode discovery() {
        if (discovery == null) {
            discovery = getJson(realmUrl + "/.well-known/openid-configuration", null);
        }
        return discovery;
    }

    public TokenResponse passwordGrant(String clientId, String secret, String username, String password) {
        return passwordGrant(clientId, secret, username, password, "openid");
    }

    /** The password grant asking for the given scope (space-separated, as sent). */
    public TokenResponse passwordGrant(String clientId, String secret, String username, String password,
            String scope) {
        return token(form("grant_type", "password", "client_id", clientId, "client_secret", secret,
                "username", username, "password", password, "scope", scope));
    }

    public TokenResponse refresh(String clientId, String secret, String refreshToken) {
        return token(form("grant_type", "refresh_token", "client_id", clientId, "client_secret", secret,
                "refresh_token", refreshToken));
    }

    public TokenResponse clientCredentials(String clientId, String secret) {
        return token(form("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    /** The client credentials grant asking for the given scope (space-separated, as sent). */
    public TokenResponse clientCredentials(String clientId, String secret, String scope) {
        return token(form("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret,
                "scope", scope));
    }

    /**
     * Authorization code flow with PKCE (S256), signing in through the broker's login page as a
     * browser would post it.
     */
    public TokenResponse authorizationCodeWithPkce(String clientId, String redirectUri, String username,
            String password) {
        return authorizationCode(clientId, redirectUri, username, password, true);
    }

    /** As {@link #authorizationCodeWithPkce}, but "forgets" the code verifier at the token endpoint. */
    public TokenResponse authorizationCodeWithoutVerifier(String clientId, String redirectUri, String username,
            String password) {
        return authorizationCode(clientId, redirectUri, username, password, false);
    }

    private TokenResponse authorizationCode(String clientId, String redirectUri, String username, String password,
            boolean sendVerifier) {
        String verifier = randomUrlSafe(48);
        String state = randomUrlSafe(16);
        String authorize = discovery().path("authorization_endpoint").asText() + "?" + form("response_type", "code",
                "client_id", clientId, "redirect_uri", redirectUri, "scope", "openid", "state", state,
                "code_challenge", s256(verifier), "code_challenge_method", "S256");
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(authorize)).GET().build());
        if (page.statusCode() != 200) {
            throw new IllegalStateException("Login page answered " + page.statusCode() + ": " + page.body());
        }
        String action = loginFormAction(page.body());
        HttpResponse<String> afterLogin = send(HttpRequest.newBuilder(URI.create(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form("username", username, "password", password,
                        "credentialId", "")))
                .build());
        String location = afterLogin.headers().firstValue("Location").orElse(null);
        if (afterLogin.statusCode() != 302 || location == null || !location.startsWith(redirectUri)) {
            return new TokenResponse(afterLogin.statusCode(), JSON.createObjectNode()
                    .put("error", "login_failed").put("page", afterLogin.body()));
        }
        Map<String, String> callback = query(URI.create(location).getRawQuery());
        if (!state.equals(callback.get("state"))) {
            throw new IllegalStateException("state mismatch in " + location);
        }
        Map<String, String> exchange = new LinkedHashMap<>();
        exchange.put("grant_type", "authorization_code");
        exchange.put("client_id", clientId);
        exchange.put("code", callback.get("code"));
        exchange.put("redirect_uri", redirectUri);
        if (sendVerifier) {
            exchange.put("code_verifier", verifier);
        }
        return token(encode(exchange));
    }

    /**
     * A sign-in through the broker's pages, step by step, as a browser posts its forms: start,
     * submit forms by id, then exchange the code (PKCE S256).
     */
    public final class BrowserLogin {
        private final String clientId;
        private final String redirectUri;
        private final String verifier = randomUrlSafe(48);
        private String page;
        private String code;

        private BrowserLogin(String clientId, String redirectUri, String scope) {
            this.clientId = clientId;
            this.redirectUri = redirectUri;
            String authorize = discovery().path("authorization_endpoint").asText() + "?" + form("response_type",
                    "code", "client_id", clientId, "redirect_uri", redirectUri, "scope", scope, "state", "s",
                    "code_challenge", s256(verifier), "code_challenge_method", "S256");
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(authorize)).GET().build());
            followed(response);
        }

        /** Whether the broker sent the browser back to the app with a code (e.g. at once, by single sign-on). */
        public boolean finished() {
            return code != null;
        }

        private void followed(HttpResponse<String> response) {
            String location = response.headers().firstValue("Location").orElse("");
            if (response.statusCode() == 302 && location.startsWith(redirectUri)) {
                code = query(URI.create(location).getRawQuery()).get("code");
                page = "";
            } else {
                page = response.body();
            }
        }

        /** The page the browser shows now (empty once the broker has redirected back with a code). */
        public String page() {
            return page;
        }

        public BrowserLogin submit(String formId, Map<String, String> fields) {
            Matcher m = Pattern.compile("<form[^>]*id=\"" + formId + "\"[^>]*action=\"([^\"]+)\"", Pattern.DOTALL)
                    .matcher(page);
            if (!m.find()) {
                m = Pattern.compile("<form[^>]*action=\"([^\"]+)\"[^>]*id=\"" + formId + "\"", Pattern.DOTALL)
                        .matcher(page);
                if (!m.find()) {
                    throw new AssertionError("No form " + formId + " in page:\n" + page);
                }
            }
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(m.group(1).replace("&amp;", "&")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(encode(new LinkedHashMap<>(fields)))).build());
            followed(response);
            return this;
        }

        public TokenResponse token() {
            if (code == null) {
                throw new AssertionError("No code: the sign-in did not finish. Page:\n" + page);
            }
            return PartnerApp.this.token(form("grant_type", "authorization_code", "client_id", clientId, "code", code,
                    "redirect_uri", redirectUri, "code_verifier", verifier));
        }
    }

    /** An authorization request a real browser can open: its URL and the PKCE verifier to redeem it. */
    public record AuthorizationRequest(String url, String verifier, String clientId, String redirectUri) {
    }

    public AuthorizationRequest authorizationRequest(String clientId, String redirectUri) {
        String verifier = randomUrlSafe(48);
        String url = discovery().path("authorization_endpoint").asText() + "?" + form("response_type", "code",
                "client_id", clientId, "redirect_uri", redirectUri, "scope", "openid", "state", "browser",
                "code_challenge", s256(verifier), "code_challenge_method", "S256");
        return new AuthorizationRequest(url, verifier, clientId, redirectUri);
    }

    /** Redeems the code from the URL the browser was sent back to. */
    public TokenResponse redeem(AuthorizationRequest request, String callbackUrl) {
        String code = query(URI.create(callbackUrl).getRawQuery()).get("code");
        return token(form("grant_type", "authorization_code", "client_id", request.clientId(), "code", code,
                "redirect_uri", request.redirectUri(), "code_verifier", request.verifier()));
    }

    public BrowserLogin startLogin(String clientId, String redirectUri) {
        return new BrowserLogin(clientId, redirectUri, "openid");
    }

    /** A sign-in asking for the given scope (space-separated, as sent). */
    public BrowserLogin startLogin(String clientId, String redirectUri, String scope) {
        return new BrowserLogin(clientId, redirectUri, scope);
    }

    static String loginFormAction(String html) {
        Matcher m = LOGIN_FORM.matcher(html);
        if (!m.find()) {
            m = FORM_ACTION_FIRST.matcher(html);
            if (!m.find()) {
                throw new IllegalStateException("No login form in page: " + html);
            }
        }
        return m.group(1).replace("&amp;", "&");
    }

    /** Verifies signature, issuer and expiry as a resource server would, against the realm's JWKS. */
    public JWTClaimsSet verify(String jwt) {
        try {
            JWKSource<SecurityContext> keys = JWKSourceBuilder
                    .create(new URL(discovery().path("jwks_uri").asText())).retrying(false).build();
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSTypeVerifier((type, context) -> { });
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
            processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                    new JWTClaimsSet.Builder().issuer(discovery().path("issuer").asText()).build(),
                    java.util.Set.of("sub", "iat", "exp")));
            return processor.process(jwt, null);
        } catch (IOException | ParseException | BadJOSEException | JOSEException e) {
            throw new AssertionError("Token does not verify against the realm's JWKS: " + e, e);
        }
    }

    /** The HTTP status of a GET with a bearer token, as an app calling an API would see it. */
    public int getStatus(String url, String bearer) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + bearer).GET().build())
                .statusCode();
    }

    public JsonNode userinfo(String accessToken) {
        return getJson(discovery().path("userinfo_endpoint").asText(), accessToken);
    }

    private TokenResponse token(String form) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(
                discovery().path("token_endpoint").asText()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        return new TokenResponse(response.statusCode(), parse(response.body()));
    }

    private JsonNode getJson(String url, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = send(request.build());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return parse(response.body());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            HttpRequest withCookies = request;
            if (!cookies.isEmpty()) {
                withCookies = HttpRequest.newBuilder(request, (name, value) -> true)
                        .header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                                .collect(Collectors.joining("; ")))
                        .build();
            }
            HttpResponse<String> response = http.send(withCookies, HttpResponse.BodyHandlers.ofString());
            for (String header : response.headers().allValues("Set-Cookie")) {
                String pair = header.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq).strip();
                String value = pair.substring(eq + 1).strip();
                if (value.isEmpty() || header.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return response;
        } catch (IOException e) {
            throw new AssertionError("Cannot reach " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("raw", body);
        }
    }

    private static String form(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return encode(map);
    }

    private static String encode(Map<String, String> map) {
        return map.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> map = new HashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            map.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return map;
    }

    private static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
