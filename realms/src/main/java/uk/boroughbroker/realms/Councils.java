package uk.boroughbroker.realms;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Every council the broker federates, as loaded and validated from a councils file. */
public record Councils(Path source, List<SharedService> sharedServices, List<Council> councils) {

    public Councils {
        sharedServices = List.copyOf(sharedServices);
        councils = List.copyOf(councils);
    }

    public Optional<Council> find(String councilId) {
        return councils.stream().filter(c -> c.id().equals(councilId)).findFirst();
    }

    public List<String> ids() {
        return councils.stream().map(Council::id).toList();
    }
}
