package uk.boroughbroker.bench.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import uk.boroughbroker.model.names.CouncilNames;

/** Reads one option's value, or says what is wrong with it naming the option. */
final class OptionValues {

    private OptionValues() {
    }

    static int number(String option, String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a whole number, got '" + value + "'");
        }
        if (n < min || n > max) {
            throw new UsageException(option + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    static String councilId(String value) {
        if (!CouncilNames.isCouncilId(value)) {
            throw new UsageException("--outage-council must be a council id such as southwark, got '" + value + "'");
        }
        return value;
    }

    static Set<String> groups(String value) {
        Set<String> chosen = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String part : value.split(",")) {
            String group = part.strip();
            if (SuiteOptions.GROUPS.contains(group) || SuiteOptions.SCENARIOS.values().stream().anyMatch(ids -> ids.contains(group))) {
                chosen.add(group);
            } else if (!group.isEmpty()) {
                unknown.add(group);
            }
        }
        if (!unknown.isEmpty() || chosen.isEmpty()) {
            throw new UsageException("--scenarios takes a comma-separated list of groups (load, resilience, sync) "
                    + "or scenario ids (such as client-credentials, directory-hung); got '" + value
                    + "'" + (unknown.isEmpty() ? "" : " (unknown: " + String.join(", ", unknown) + ")"));
        }
        return Set.copyOf(chosen);
    }

    static String heap(String value) {
        if (!value.strip().matches("(-X(ms|mx)\\d+[kKmMgG]?\\s*)+")) {
            throw new UsageException("--keycloak-heap takes -Xms/-Xmx settings such as \"-Xms1g -Xmx1g\", got '" + value
                    + "'");
        }
        return value.strip();
    }

    static Path path(String option, String value) {
        if (value.isBlank()) {
            throw new UsageException(option + " needs a folder");
        }
        return Path.of(value);
    }

    /** The choice whose id is the value, else an error naming the option and every choice. */
    static <E extends Enum<E>> E choice(String option, String value, E[] choices, Function<E, String> id) {
        for (E choice : choices) {
            if (id.apply(choice).equals(value)) {
                return choice;
            }
        }
        throw new UsageException(option + " must be " + Arrays.stream(choices).map(id)
                .collect(Collectors.joining(" or ")) + ", got '" + value + "'");
    }
}
