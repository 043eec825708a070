package uk.boroughbroker.realms;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How the appliers compare what the files declare with what Keycloak answers, and name things in
 * admin REST paths.
 */
final class Representations {

    /** What Keycloak shows in place of a secret. */
    private static final String MASKED = "**********";

    private Representations() {
    }

    /** True when every field declared is already so in Keycloak (masked secrets count as equal). */
    static boolean isSubset(JsonNode declared, JsonNode current) {
        if (declared.isObject()) {
            if (!current.isObject()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> field : declared.properties()) {
                JsonNode other = current.get(field.getKey());
                if (field.getValue().isNull() && (other == null || other.isNull())) {
                    continue;
                }
                if (isEmptyList(field.getValue()) && (other == null || other.isNull() || isEmptyList(other))) {
                    // A setting sent empty to clear it: Keycloak then leaves it out (see RealmDefinition).
                    continue;
                }
                if (other == null || !isSubset(field.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (declared.isArray()) {
            if (!current.isArray() || current.size() != declared.size()) {
                return false;
            }
            if (allValues(declared) && allValues(current) && !current.toString().contains(MASKED)) {
                // Lists of plain values (redirect URIs, web origins) are sets to Keycloak: order is not kept.
                Set<String> a = new HashSet<>();
                Set<String> b = new HashSet<>();
                declared.forEach(v -> a.add(v.asText()));
                current.forEach(v -> b.add(v.asText()));
                return a.equals(b);
            }
            for (int i = 0; i < declared.size(); i++) {
                if (!isSubset(declared.get(i), current.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (MASKED.equals(current.asText(null))) {
            return true;
        }
        if (declared.isValueNode() && current.isValueNode()) {
            // Keycloak stores some numbers and booleans as text (attributes, config).
            return declared.asText().equals(current.asText());
        }
        return declared.equals(current);
    }

    private static boolean isEmptyList(JsonNode node) {
        return node.isArray() && node.isEmpty();
    }

    private static boolean allValues(JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isValueNode()) {
                return false;
            }
        }
        return true;
    }

    /** The items of a list answer by the text of one field (name, alias). */
    static Map<String, JsonNode> byField(JsonNode list, String field) {
        Map<String, JsonNode> map = new HashMap<>();
        for (JsonNode item : list) {
            map.put(item.path(field).asText(), item);
        }
        return map;
    }

    /** Whether a list answer holds an item of this id. */
    static boolean hasId(JsonNode list, String id) {
        for (JsonNode item : list) {
            if (id.equals(item.path("id").asText())) {
                return true;
            }
        }
        return false;
    }

    /** A name as one segment of an admin REST path or a query value. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
