package uk.boroughbroker.realms;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The checks both file loaders make over a {@link LocatedYaml}: every problem is collected as
 * {@code file:line: whose: what}, so that all of them are reported at once; a read of a wrong value
 * adds its problem and gives nothing (null or an empty list), and the loader goes on.
 */
final class YamlChecks {

    private final LocatedYaml yaml;
    private final List<String> problems = new ArrayList<>();

    YamlChecks(LocatedYaml yaml) {
        this.yaml = yaml;
    }

    Path file() {
        return yaml.file();
    }

    JsonNode root() {
        return yaml.root();
    }

    /** "file:line" of the node at the JSON pointer (see {@link LocatedYaml#at}). */
    String at(String pointer) {
        return yaml.at(pointer);
    }

    /** @param who whose field it is ("council 'brent': "), or empty */
    void problem(String pointer, String who, String message) {
        problems.add(yaml.at(pointer) + ": " + who + message);
    }

    /** @throws ConfigurationException starting with {@code heading}, listing every problem, when there is one */
    void failIfAny(String heading) {
        if (!problems.isEmpty()) {
            throw new ConfigurationException(heading + ":\n  - " + String.join("\n  - ", problems));
        }
    }

    /** A problem for every field of {@code node} not in {@code allowed}, naming those allowed. */
    void onlyFields(JsonNode node, String pointer, String who, Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                problem(pointer + "/" + name, who, "unknown field '" + name + "' (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    /** @return the field's text, stripped; null when it is left out or not non-empty text */
    String text(JsonNode node, String pointer, String field, String who, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problem(pointer, who, "'" + field + "' is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            problem(pointer + "/" + field, who, "'" + field + "' must be non-empty text");
            return null;
        }
        return value.asText().strip();
    }

    /** @return the field's list of texts, stripped, without the wrong ones; empty when left out or not a list */
    List<String> textList(JsonNode node, String pointer, String field, String who, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problem(pointer, who, "'" + field + "' is required (a list)");
            }
            return List.of();
        }
        if (!value.isArray() || (required && value.isEmpty())) {
            problem(pointer + "/" + field, who, "'" + field + "' must be a non-empty list");
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                problem(pointer + "/" + field + "/" + i, who, field + "[" + i + "] must be non-empty text");
            } else {
                values.add(item.asText().strip());
            }
        }
        return values;
    }
}
