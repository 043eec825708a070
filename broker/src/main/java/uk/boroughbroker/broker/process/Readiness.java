package uk.boroughbroker.broker.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** Waiting, bounded, for a child's health endpoint to answer 200, and noticing when the child dies instead. */
public final class Readiness {

    /** How a wait ended. */
    public enum Outcome {
        READY, EXITED, TIMED_OUT, INTERRUPTED
    }

    private Readiness() {
    }

    /** Polls {@code url} (GET) every half second until it answers 200, the process exits, or {@code timeout} passes. */
    public static Outcome await(URI url, ChildProcess process, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Outcome.READY;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.INTERRUPTED;
            }
            if (process.waitForExit(Duration.ofMillis(500))) {
                return Outcome.EXITED;
            }
        }
        return Outcome.TIMED_OUT;
    }
}
