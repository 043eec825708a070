package uk.boroughbroker.realms;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every write of an apply goes through here: in a dry run none is made; otherwise each one made
 * registers in the {@link UndoLog} how to put it back. Change lines are worded here for what this
 * is ({@link Verb}): "created ..." when applied, "would create ..." in a dry run.
 */
final class Writes {

    private final AdminApi api;
    private final boolean dryRun;
    private final UndoLog log = new UndoLog();

    Writes(AdminApi api, boolean dryRun) {
        this.api = api;
        this.dryRun = dryRun;
    }

    AdminApi api() {
        return api;
    }

    boolean dryRun() {
        return dryRun;
    }

    UndoLog log() {
        return log;
    }

    /** A change line: {@code verb} done ("created client 'x'"), or in a dry run, that it would be. */
    String line(Verb verb, String what) {
        return verb.line(dryRun, what);
    }

    /**
     * POSTs to a collection; put back by deleting the item Keycloak created (its id from Location).
     *
     * @return the id Keycloak gave; empty in a dry run, where nothing is created
     */
    Optional<String> create(String collection, JsonNode body, String what) {
        return create(collection, body, what, id -> () -> api.delete(collection + "/" + id.orElseThrow(
                () -> new IllegalStateException("Keycloak did not say which id it gave"))));
    }

    /** {@link #create(String, JsonNode, String)} of {@code what}; @return its change line ("created client 'x'") */
    String created(String collection, JsonNode body, String what) {
        create(collection, body, Verb.CREATE.line(false, what));
        return line(Verb.CREATE, what);
    }

    /** POSTs; {@code putBack} makes, from the id Keycloak gave (if any), how to undo it. Empty in a dry run. */
    Optional<String> create(String path, JsonNode body, String what, Function<Optional<String>, Runnable> putBack) {
        if (dryRun) {
            return Optional.empty();
        }
        Optional<String> id = api.post(path, body);
        log.add(what, putBack.apply(id));
        return id;
    }

    /** PUTs; put back by PUTting {@code previous} (the fields the update changes, as they were). */
    void update(String path, JsonNode body, JsonNode previous, String what) {
        if (dryRun) {
            return;
        }
        api.put(path, body);
        log.add(what, () -> api.put(path, previous));
    }

    /** PUT without a body (a link, such as a default client scope); put back by DELETE of the same path. */
    void link(String path, String what) {
        if (dryRun) {
            return;
        }
        api.put(path);
        log.add(what, () -> api.delete(path));
    }

    /** DELETEs; put back by POSTing {@code previous} (without its id) to {@code recreateAt}. */
    void remove(String path, JsonNode previous, String recreateAt, String what) {
        if (dryRun) {
            return;
        }
        api.delete(path);
        ObjectNode again = ((ObjectNode) previous).deepCopy();
        again.remove("id");
        log.add(what, () -> api.post(recreateAt, again));
    }

    /** Any other write, with its own way back. */
    void write(String what, Runnable action, Runnable putBack) {
        if (dryRun) {
            return;
        }
        action.run();
        log.add(what, putBack);
    }

    /**
     * The fields of {@code body} as they are in {@code current}: what to PUT to undo an update. A
     * component setting the update adds is cleared with an empty list (Keycloak keeps settings an
     * update leaves out).
     */
    static ObjectNode previous(JsonNode body, JsonNode current) {
        ObjectNode previous = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            JsonNode was = current.get(field.getKey());
            if ("config".equals(field.getKey()) && field.getValue().isObject()) {
                ObjectNode config = was != null && was.isObject() ? ((ObjectNode) was).deepCopy()
                        : previous.objectNode();
                field.getValue().fieldNames().forEachRemaining(k -> {
                    if (!config.has(k) && field.getValue().get(k).isArray()) {
                        config.putArray(k);
                    }
                });
                previous.set("config", config);
            } else if (was != null) {
                previous.set(field.getKey(), was.deepCopy());
            }
        }
        return previous;
    }
}
