package uk.boroughbroker.keycloak.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.keycloak.testframework.server.KeycloakUrls;

/**
 * Keycloak's management port (9000) as a monitoring system sees it: {@code /metrics} in the
 * Prometheus text format, read into series, and the health endpoints.
 */
public final class ManagementPort {

    private static final Pattern SERIES = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String metricsUrl;

    public ManagementPort(KeycloakUrls urls) {
        this.metricsUrl = urls.getMetric();
    }

    /** One series of a scrape: its name, labels and value. */
    public record Series(String name, Map<String, String> labels, double value) {
    }

    /** One reading of {@code /metrics}. */
    public record Scrape(String text, List<Series> series) {

        /** The value of the one series with this name and (at least) these labels; fails when there is none. */
        public double value(String name, String... labelPairs) {
            return find(name, labelPairs).orElseThrow(() -> new AssertionError("no series " + name
                    + " " + List.of(labelPairs) + " on /metrics")).value();
        }

        /** As {@link #value}, or zero when the series is not there (yet). */
        public double valueOrZero(String name, String... labelPairs) {
            return find(name, labelPairs).map(Series::value).orElse(0.0);
        }

        private java.util.Optional<Series> find(String name, String... labelPairs) {
            return series.stream().filter(s -> s.name().equals(name)).filter(s -> {
                for (int i = 0; i < labelPairs.length; i += 2) {
                    if (!labelPairs[i + 1].equals(s.labels().get(labelPairs[i]))) {
                        return false;
                    }
                }
                return true;
            }).findFirst();
        }
    }

    public Scrape scrape() {
        HttpResponse<String> response = get(metricsUrl);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + metricsUrl + ": " + response.statusCode() + " " + response.body());
        }
        List<Series> series = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            Matcher m = SERIES.matcher(line);
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            Matcher label = LABEL.matcher(m.group(2) == null ? "" : m.group(2));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            series.add(new Series(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return new Scrape(response.body(), series);
    }

    /** {@code /health/ready}: what a load balancer asks before sending a node traffic. */
    public HttpResponse<String> ready() {
        return get(metricsUrl.replaceFirst("/metrics$", "/health/ready"));
    }

    private HttpResponse<String> get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
