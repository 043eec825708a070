package uk.boroughbroker.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
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

import uk.boroughbroker.bench.environment.Target;

/**
 * What a partner app does at the token endpoint and the login page, over plain HTTP, reduced to what
 * load needs: did it work, and if not, how did it fail ({@code "401 invalid_grant"}, {@code "timeout"},
 * ...). Responses are not parsed beyond that, so the client costs little CPU beside the server.
 *
 * <p>The login-page steps follow keycloak-extensions' PartnerApp test helper (copied, not shared:
 * bench must not depend on test classes).
 */
public final class OidcClient {

    /** Bounds every request: a hung directory behind Keycloak must not hang the driver. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern ERROR = Pattern.compile("\"error\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern DESCRIPTION = Pattern.compile("\"error_description\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern REFRESH = Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern FORM_ID_FIRST = Pattern.compile(
            "<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"", Pattern.DOTALL);
    private static final Pattern FORM_ACTION_FIRST = Pattern.compile(
            "<form[^>]*action=\"([^\"]+)\"[^>]*id=\"kc-form-login\"", Pattern.DOTALL);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpClient http;

    /** A client for Keycloak on plain HTTP. */
    public OidcClient() {
        this(HttpClient.newBuilder());
    }

    /** @param base the transport (the cluster's front door: TLS trusting its test CA); HTTP/1.1, no redirects added here */
    public OidcClient(HttpClient.Builder base) {
        this.http = base.version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The outcome of one sign-in or token request. */
    public record Result(String failure, String refreshToken) {

        static Result ok(String refreshToken) {
            return new Result(null, refreshToken);
        }

        static Result failed(String failure) {
            return new Result(failure, null);
        }

        public boolean ok() {
            return failure == null;
        }
    }

    public Result password(Target target, String username, String password) {
        return token(target, form("grant_type", "password", "client_id", Target.SERVICE_CLIENT,
                "client_secret", target.serviceSecret(), "username", username, "password", password, "scope", "openid"));
    }

    public Result clientCredentials(Target target) {
        return token(target, form("grant_type", "client_credentials", "client_id", Target.SERVICE_CLIENT,
                "client_secret", target.serviceSecret()));
    }

    public Result refresh(Target target, String refreshToken) {
        return token(target, form("grant_type", "refresh_token", "client_id", Target.SERVICE_CLIENT,
                "client_secret", target.serviceSecret(), "refresh_token", refreshToken));
    }

    /**
     * A browser sign-in: authorization request with PKCE (S256), the login form posted as a browser
     * posts it, the code from the redirect exchanged at the token endpoint. Three round trips; cookies
     * kept by hand for this one sign-in (Keycloak marks them Secure, which java.net's cookie manager
     * would not send over http://).
     */
    public Result browserLogin(Target target, String username, String password) {
        Map<String, String> cookies = new LinkedHashMap<>();
        String verifier = randomUrlSafe(48);
        String state = randomUrlSafe(12);
        String authorize = target.authorizationUrl() + "?" + form("response_type", "code", "client_id", Target.WEB_CLIENT,
                "redirect_uri", Target.REDIRECT_URI, "scope", "openid", "state", state,
                "code_challenge", s256(verifier), "code_challenge_method", "S256");
        return guarded(() -> {
            HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(authorize)).GET(), cookies);
            if (page.statusCode() != 200) {
                return Result.failed("login page " + page.statusCode());
            }
            String action = loginFormAction(page.body());
            if (action == null) {
                return Result.failed("login page without a login form");
            }
            HttpResponse<String> afterLogin = send(HttpRequest.newBuilder(URI.create(action))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form("username", username, "password", password,
                            "credentialId", ""))), cookies);
            String location = afterLogin.headers().firstValue("Location").orElse("");
            if (afterLogin.statusCode() != 302 || !location.startsWith(Target.REDIRECT_URI)) {
                return Result.failed("login form " + afterLogin.statusCode() + pageError(afterLogin.body()));
            }
            Map<String, String> callback = query(URI.create(location).getRawQuery());
            if (!state.equals(callback.get("state")) || callback.get("code") == null) {
                return Result.failed("redirect without code or with another state");
            }
            return token(target, form("grant_type", "authorization_code", "client_id", Target.WEB_CLIENT,
                    "code", callback.get("code"), "redirect_uri", Target.REDIRECT_URI, "code_verifier", verifier));
        });
    }

    private Result token(Target target, String form) {
        return guarded(() -> {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(target.tokenUrl()))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            if (response.statusCode() == 200 && body.contains("\"access_token\"")) {
                Matcher refresh = REFRESH.matcher(body);
                return Result.ok(refresh.find() ? refresh.group(1) : null);
            }
            return Result.failed(failure(response.statusCode(), body));
        });
    }

    /** One exchange with Keycloak, which may fail on the way. */
    private interface Exchange {
        Result run() throws IOException, InterruptedException;
    }

    /** How the transport failed, as a result's failure: "timeout", "io ConnectException", "interrupted". */
    private static Result guarded(Exchange exchange) {
        try {
            return exchange.run();
        } catch (HttpTimeoutException e) {
            return Result.failed("timeout");
        } catch (IOException e) {
            return Result.failed("io " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed("interrupted");
        }
    }

    /**
     * "400 invalid_grant (Invalid user credentials)": the description tells apart failures that share
     * an error code, such as a wrong password and an account refused by the directory.
     */
    static String failure(int status, String body) {
        Matcher error = ERROR.matcher(body);
        Matcher description = DESCRIPTION.matcher(body);
        return status + (error.find() ? " " + error.group(1) : "")
                + (description.find() ? " (" + description.group(1) + ")" : "");
    }

    private HttpResponse<String> send(HttpRequest.Builder request, Map<String, String> cookies)
            throws IOException, InterruptedException {
        request.timeout(REQUEST_TIMEOUT);
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                    .collect(Collectors.joining("; ")));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = pair.substring(0, eq).strip();
            String value = pair.substring(eq + 1).strip();
            if (value.isEmpty() || header.toLowerCase(Locale.ROOT).contains("max-age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return response;
    }

    static String loginFormAction(String html) {
        Matcher m = FORM_ID_FIRST.matcher(html);
        if (!m.find()) {
            m = FORM_ACTION_FIRST.matcher(html);
            if (!m.find()) {
                return null;
            }
        }
        return m.group(1).replace("&amp;", "&");
    }

    /** The login page's message when it shows the form again (wrong password, unavailable directory). */
    static String pageError(String html) {
        Matcher m = Pattern.compile("id=\"input-error[^\"]*\"[^>]*>\\s*([^<]+)<").matcher(html);
        if (m.find()) {
            return " (" + m.group(1).strip() + ")";
        }
        return html.contains("unavailable") ? " (directory unavailable page)" : "";
    }

    private static String form(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> map = new LinkedHashMap<>();
        if (raw == null) {
            return map;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                map.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return map;
    }

    private static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
