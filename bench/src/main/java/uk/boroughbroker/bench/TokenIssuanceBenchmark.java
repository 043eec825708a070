package uk.boroughbroker.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import uk.boroughbroker.broker.RunningBroker;
import uk.boroughbroker.realms.AdminApi;

/**
 * Token issuance with the {@code borough-council-roles} mapper on and off, alternating in one run
 * against a running broker ({@code ./broker.sh up}), so both see the same machine, JVM and data.
 *
 * <p>Issues tokens by refresh-token grant (no directory bind: the mapper's cost is not drowned in
 * LDAP), on several threads, each following its own refresh-token chain. Prints tokens per second
 * per round and the ratio of the medians (on / off). Restores the mapper however it ends.
 *
 * <p>Finds the broker through the launcher's own run state and secrets ({@link RunningBroker}).
 *
 * <p>Usage: {@code java -jar bench/target/borough-bench.jar [--home .broker] [--seconds 10]
 * [--rounds 3] [--threads 2] [--warmup 40]}
 */
public final class TokenIssuanceBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCOPE = "council";
    private static final String MAPPER = "council roles";

    private final String tokenUrl;
    private final String serviceSecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TokenIssuanceBenchmark(String baseUrl, String realm, String serviceSecret) {
        this.tokenUrl = baseUrl + "/realms/" + realm + "/protocol/openid-connect/token";
        this.serviceSecret = serviceSecret;
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        Path home = Path.of(option(a, "--home", RunningBroker.DEFAULT_HOME.toString()));
        int seconds = Integer.parseInt(option(a, "--seconds", "10"));
        int rounds = Integer.parseInt(option(a, "--rounds", "3"));
        int threads = Integer.parseInt(option(a, "--threads", "2"));
        int warmup = Integer.parseInt(option(a, "--warmup", "40"));
        RunningBroker broker = RunningBroker.at(home);
        String realm = broker.realm();
        AdminApi admin = broker.admin();
        TokenIssuanceBenchmark bench = new TokenIssuanceBenchmark(broker.baseUrl(), realm, broker.serviceSecret());

        String scopeId = null;
        for (JsonNode scope : admin.get("/realms/" + realm + "/client-scopes")) {
            if (SCOPE.equals(scope.path("name").asText())) {
                scopeId = scope.path("id").asText();
            }
        }
        String mappers = "/realms/" + realm + "/client-scopes/" + scopeId + "/protocol-mappers/models";
        ObjectNode mapper = null;
        for (JsonNode m : admin.get(mappers)) {
            if (MAPPER.equals(m.path("name").asText())) {
                mapper = ((ObjectNode) m).deepCopy();
            }
        }
        if (mapper == null) {
            throw new IllegalStateException("client scope '" + SCOPE + "' has no mapper '" + MAPPER + "'");
        }
        mapper.remove("id");

        System.out.printf("Token issuance (refresh grant, %d threads, %d s per round), mapper %s on vs off%n", threads,
                seconds, mapper.path("protocolMapper").asText());
        // Warm-up, not counted: Keycloak's JIT needs tens of seconds of load before rounds compare
        // (with 3 s, the first rounds ran at a fifth of the rate of the last ones).
        System.out.printf("  warming up for %d s...%n", warmup);
        bench.measure(threads, Math.max(1, warmup));
        List<Double> on = new ArrayList<>();
        List<Double> off = new ArrayList<>();
        boolean mapperOn = true;
        try {
            for (int round = 1; round <= rounds; round++) {
                on.add(bench.measure(threads, seconds));
                System.out.printf("  round %d  on : %8.1f tokens/s%n", round, on.get(on.size() - 1));
                deleteMapper(admin, mappers);
                mapperOn = false;
                off.add(bench.measure(threads, seconds));
                System.out.printf("  round %d  off: %8.1f tokens/s%n", round, off.get(off.size() - 1));
                admin.post(mappers, mapper);
                mapperOn = true;
            }
        } finally {
            if (!mapperOn) {
                admin.post(mappers, mapper);
            }
        }
        double ratio = median(on) / median(off);
        System.out.printf("median on %.1f, median off %.1f tokens/s: ratio on/off = %.3f (target >= 0.95)%n",
                median(on), median(off), ratio);
    }

    private static void deleteMapper(AdminApi admin, String mappers) {
        for (JsonNode m : admin.get(mappers)) {
            if (MAPPER.equals(m.path("name").asText())) {
                admin.delete(mappers + "/" + m.path("id").asText());
            }
        }
    }

    /** Tokens per second over {@code seconds}, on {@code threads} refresh chains. */
    private double measure(int threads, int seconds) throws InterruptedException {
        AtomicLong issued = new AtomicLong();
        // Sign in one after another, before the clock starts: only refreshes are timed.
        List<String> chains = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            chains.add(signIn());
        }
        Instant end = Instant.now().plusSeconds(seconds);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String first = chains.get(t);
            Thread worker = new Thread(() -> {
                String refresh = first;
                while (Instant.now().isBefore(end)) {
                    refresh = refresh(refresh);
                    issued.incrementAndGet();
                }
            });
            worker.start();
            workers.add(worker);
        }
        Instant start = Instant.now();
        for (Thread worker : workers) {
            worker.join();
        }
        return issued.get() / (Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }

    private String signIn() {
        return post("grant_type=password&client_id=borough-demo-service&client_secret=" + enc(serviceSecret)
                + "&username=" + enc("jsmith@brent.gov.uk") + "&password=" + enc("Brent!jsmith1"));
    }

    private String refresh(String refreshToken) {
        return post("grant_type=refresh_token&client_id=borough-demo-service&client_secret=" + enc(serviceSecret)
                + "&refresh_token=" + enc(refreshToken));
    }

    private String post(String form) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(tokenUrl))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (!body.has("refresh_token")) {
                throw new IllegalStateException("token endpoint answered " + response.statusCode() + ": " + body);
            }
            return body.path("refresh_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }
}
