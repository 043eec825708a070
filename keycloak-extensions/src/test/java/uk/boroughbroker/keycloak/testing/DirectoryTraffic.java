package uk.boroughbroker.keycloak.testing;

import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import uk.boroughbroker.directory.CouncilDirectory;

/**
 * The requests an action caused at the demo councils' directories. Each council's background sync
 * (decision 0030) also asks its directory, every few seconds: an action during which a pass ran is
 * measured again, so that what is counted is the action's alone.
 */
public final class DirectoryTraffic {

    private static final int ATTEMPTS = 10;

    private DirectoryTraffic() {
    }

    /** What the action returned, and the requests it caused per council (councils it did not ask left out). */
    public record Measured<T>(T result, Map<String, Long> traffic) {
    }

    public static <T> Measured<T> of(DemoBroker broker, Supplier<T> action) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Map<String, String> passes = syncPasses(broker);
            Map<String, Long> before = counts(broker);
            T result = action.get();
            Map<String, Long> after = counts(broker);
            if (!passes.containsValue("running") && passes.equals(syncPasses(broker))) {
                return new Measured<>(result, after.entrySet().stream().filter(e -> e.getValue() > before.get(e.getKey()))
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue() - before.get(e.getKey()))));
            }
        }
        throw new AssertionError("a council's sync pass ran during each of " + ATTEMPTS + " attempts");
    }

    private static Map<String, Long> counts(DemoBroker broker) {
        return broker.directories().councils().values().stream()
                .collect(Collectors.toMap(CouncilDirectory::councilId, CouncilDirectory::operationCount));
    }

    /** Each council's last sync pass: running, or when it started. */
    private static Map<String, String> syncPasses(DemoBroker broker) {
        return broker.directories().councils().keySet().stream().collect(Collectors.toMap(c -> c, c -> {
            JsonNode pass = broker.admin().get("/realms/borough/borough-councils/" + c + "/sync");
            return "running".equals(pass.path("state").asText()) ? "running" : pass.path("startedAt").asText();
        }));
    }
}
