package uk.boroughbroker.realms;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The checks both file loaders make over a {@link LocatedYaml}: every problem is collected as
 * {@code file:line: whose: what}, so that all of them are reported at once; a read of a wrong value
 * adds its problem and gives nothing (null or an empty list), and the loader goes on.
 */
final class YamlChecks {

    private final LocatedYaml yaml;
    private final List<String> problems = new ArrayList<>();

    private YamlChecks(LocatedYaml yaml) {
        this.yaml = yaml;
    }

    /**
     * Reads a file with {@code reader}, which reports what is wrong through the checks it is given;
     * nothing is returned unless the whole file is valid.
     *
     * @param invalid ends the error's first line after the file name, such as " is not a valid councils file"
     * @throws ConfigurationException listing every problem in the file
     */
    static <T> T read(Path file, String invalid, Function<YamlChecks, T> reader) {
        YamlChecks checks = new YamlChecks(LocatedYaml.read(file));
        T value = reader.apply(checks);
        if (!checks.problems.isEmpty()) {
            throw new ConfigurationException(file + invalid + ":\n  - " + String.join("\n  - ", checks.problems));
        }
        return value;
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

    /** The same, with the file's absolute path (see {@link LocatedYaml#absoluteAt}). */
    String absoluteAt(String pointer) {
        return yaml.absoluteAt(pointer);
    }

    /** How many problems were found so far (a part is kept only if reading it found none). */
    int problemCount() {
        return problems.size();
    }

    /** @param who whose field it is ("council 'brent': "), or empty */
    void problem(String pointer, String who, String message) {
        problems.add(yaml.at(pointer) + ": " + who + message);
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

    /**
     * {@code raw} with its {@code ${VARIABLE}}s replaced; null (and a problem at {@code pointer}) when
     * one is not set.
     */
    String resolve(Variables variables, String raw, String pointer, String who, String field) {
        if (raw == null) {
            return null;
        }
        try {
            return variables.resolve(raw, field);
        } catch (ConfigurationException e) {
            problem(pointer, who, e.getMessage());
            return null;
        }
    }
}
