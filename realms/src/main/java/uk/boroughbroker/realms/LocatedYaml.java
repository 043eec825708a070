package uk.boroughbroker.realms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A YAML (or JSON) file read into a tree that remembers the line of every node, so that validation
 * errors can say "councils.yaml:14" rather than just "somewhere in councils.yaml".
 */
final class LocatedYaml {

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(YAML);

    private final Path file;
    private final JsonNode root;
    private final Map<String, Integer> lines;

    private LocatedYaml(Path file, JsonNode root, Map<String, Integer> lines) {
        this.file = file;
        this.root = root;
        this.lines = lines;
    }

    static LocatedYaml read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(file + ": file not found");
        } catch (IOException e) {
            throw new ConfigurationException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        try {
            JsonNode root = MAPPER.readTree(text);
            Map<String, Integer> lines = new HashMap<>();
            try (JsonParser parser = YAML.createParser(text)) {
                if (parser.nextToken() != null) {
                    walk(parser, "", lines);
                }
            }
            return new LocatedYaml(file, root == null ? MAPPER.nullNode() : root, lines);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? file.toString() : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new ConfigurationException(where + ": not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigurationException(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    private static void walk(JsonParser parser, String pointer, Map<String, Integer> lines) throws IOException {
        lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String child = pointer + "/" + parser.currentName();
                // The key's line is where a reader looks for the field.
                lines.put(child, parser.currentTokenLocation().getLineNr());
                parser.nextToken();
                walk(parser, child, lines);
            }
        } else if (token == JsonToken.START_ARRAY) {
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                walk(parser, pointer + "/" + index++, lines);
            }
        }
    }

    Path file() {
        return file;
    }

    JsonNode root() {
        return root;
    }

    /** "file:line" of the node at the JSON pointer, or of its nearest located parent. */
    String at(String pointer) {
        return at(file, pointer);
    }

    /**
     * The same with the file's absolute path: a location that stays the same whichever folder the
     * file was read from (the policy's rules carry it into the realm, which must not change when
     * only the working directory did).
     */
    String absoluteAt(String pointer) {
        return at(file.toAbsolutePath().normalize(), pointer);
    }

    private String at(Path shown, String pointer) {
        String p = pointer;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return shown + ":" + line;
            }
            int cut = p.lastIndexOf('/');
            if (cut < 0) {
                return shown.toString();
            }
            p = p.substring(0, cut);
        }
    }
}
