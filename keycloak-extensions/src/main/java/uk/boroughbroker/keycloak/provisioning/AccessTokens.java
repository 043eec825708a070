package uk.boroughbroker.keycloak.provisioning;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The bearer token for one borough system, read where the secret lives and only when needed: a
 * token file is re-read on every call (so rotating the file needs no restart); an OAuth client
 * credentials token is cached until shortly before it expires, or until the system refuses it.
 * Secrets never appear in the component, the outbox or a log line.
 */
final class AccessTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RENEW_BEFORE = Duration.ofSeconds(30);

    private final ScimSystemConfig.Auth auth;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;
    private String token;
    private Instant expires = Instant.MIN;

    AccessTokens(ScimSystemConfig.Auth auth, Duration connectTimeout, Duration readTimeout, Clock clock) {
        this.auth = auth;
        this.timeout = readTimeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    /** The token to send now. */
    synchronized String get() throws CredentialException {
        if (auth instanceof ScimSystemConfig.BearerFile file) {
            return read(file.tokenFile(), "bearer token file");
        }
        if (token == null || !clock.instant().isBefore(expires)) {
            fetch((ScimSystemConfig.ClientCredentials) auth);
        }
        return token;
    }

    /** The system refused the token (401): fetch a new one next time. */
    synchronized void forget() {
        token = null;
    }

    private void fetch(ScimSystemConfig.ClientCredentials credentials) throws CredentialException {
        String secret = credentials.secretFile() != null ? read(credentials.secretFile(), "client secret file")
                : System.getenv(credentials.secretEnv());
        if (secret == null || secret.isBlank()) {
            throw new CredentialException("the environment variable " + credentials.secretEnv() + " is not set");
        }
        String form = "grant_type=client_credentials&client_id=" + encode(credentials.clientId()) + "&client_secret="
                + encode(secret);
        HttpRequest request = HttpRequest.newBuilder(credentials.tokenUrl()).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CredentialException("the token endpoint " + credentials.tokenUrl() + " cannot be reached ("
                    + e.getClass().getSimpleName() + ")", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CredentialException("interrupted while fetching a token", true);
        }
        if (response.statusCode() != 200) {
            // 5xx: the token service is down, try again later; 4xx: wrong client or secret.
            throw new CredentialException("the token endpoint " + credentials.tokenUrl() + " answered "
                    + response.statusCode() + " for client " + credentials.clientId(), response.statusCode() >= 500);
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            token = body.path("access_token").asText(null);
            long lifetime = body.path("expires_in").asLong(60);
            expires = clock.instant().plusSeconds(lifetime).minus(RENEW_BEFORE);
        } catch (IOException e) {
            token = null;
        }
        if (token == null) {
            throw new CredentialException("the token endpoint " + credentials.tokenUrl() + " sent no access_token");
        }
    }

    private static String read(Path file, String what) throws CredentialException {
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw new CredentialException("the " + what + " " + file + " is empty");
            }
            return value;
        } catch (IOException e) {
            throw new CredentialException("the " + what + " " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** No token could be had; {@code transient} when trying again later may help. */
    static final class CredentialException extends Exception {
        private final boolean transientFailure;

        CredentialException(String message) {
            this(message, false);
        }

        CredentialException(String message, boolean transientFailure) {
            super(message);
            this.transientFailure = transientFailure;
        }

        boolean isTransient() {
            return transientFailure;
        }
    }
}
