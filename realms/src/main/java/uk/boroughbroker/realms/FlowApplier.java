package uk.boroughbroker.realms;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Brings the realm's authentication flows in line with the declared ones (top-level flows and the
 * sub-flows they use, as in a realm export). A missing flow is created. A flow whose steps differ
 * from the declaration (which steps, in which order, at which level, with which requirement) is
 * rebuilt: the new flow is built beside the old one, the old one (and its sub-flows) steps aside
 * under a " - replaced" name, the new one takes the names and the realm's bindings; so a sign-in
 * never meets a half-built flow. The old flow is deleted only once the whole apply has succeeded;
 * until then every step can be put back (decision 0016).
 *
 * <p>Rebuilding drops changes an admin made to a broker-managed flow in the console; to customise
 * one, copy it under another name and bind the copy (see docs/decisions/0011).
 */
final class FlowApplier {

    /** Realm fields that bind a flow by alias. */
    static final List<String> BINDINGS = List.of("browserFlow", "directGrantFlow", "registrationFlow",
            "resetCredentialsFlow", "clientAuthenticationFlow", "dockerAuthenticationFlow", "firstBrokerLoginFlow");
    private static final String BUILDING = " - rebuilding";
    private static final String REPLACED = " - replaced";

    private final Writes writes;
    private final AdminApi api;
    private final boolean dryRun;
    private final String base;

    FlowApplier(Writes writes, String realmPath) {
        this.writes = writes;
        this.api = writes.api();
        this.dryRun = writes.dryRun();
        this.base = realmPath;
    }

    void apply(JsonNode declaredFlows, List<String> changes) {
        Map<String, JsonNode> declared = new HashMap<>();
        declaredFlows.forEach(flow -> declared.put(flow.path("alias").asText(), flow));
        Map<String, JsonNode> existing = new HashMap<>();
        api.get(base + "/authentication/flows").forEach(flow -> existing.put(flow.path("alias").asText(), flow));
        for (JsonNode flow : declaredFlows) {
            if (!flow.path("topLevel").asBoolean(true)) {
                continue;
            }
            String alias = flow.path("alias").asText();
            JsonNode found = existing.get(alias);
            if (found == null) {
                if (!dryRun) {
                    build(flow, alias, declared);
                }
                changes.add(writes.line(Verb.CREATE, "authentication flow '" + alias + "'"));
                continue;
            }
            List<String> wanted = new ArrayList<>();
            outline(flow, declared, 0, wanted);
            List<String> actual = new ArrayList<>();
            for (JsonNode step : api.get(flowPath(alias) + "/executions")) {
                actual.add(step.path("level").asInt() + " " + step.path("requirement").asText() + " "
                        + (step.path("authenticationFlow").asBoolean() ? "flow:" + step.path("displayName").asText()
                                : step.path("providerId").asText()));
            }
            if (wanted.equals(actual)) {
                continue;
            }
            if (!dryRun) {
                rebuild(flow, found, declared);
            }
            changes.add(writes.line(Verb.REBUILD, "authentication flow '" + alias
                    + "' (its steps differed from the definition)"));
        }
    }

    private void rebuild(JsonNode flow, JsonNode old, Map<String, JsonNode> declared) {
        String alias = flow.path("alias").asText();
        String building = alias + BUILDING;
        for (String leftover : List.of(building, alias + REPLACED)) {
            if (api.get(base + "/authentication/flows").findValuesAsText("alias").contains(leftover)) {
                // Left by an apply that stopped half-way (or a deletion that failed): start again.
                api.delete(base + "/authentication/flows/" + idOf(leftover));
            }
        }
        build(flow, building, declared);
        JsonNode realm = api.get(base);
        List<String> bound = BINDINGS.stream().filter(b -> alias.equals(realm.path(b).asText())).toList();
        // The old flow and its sub-flows step aside; the new ones take their names.
        renameTree(old.path("id").asText(), alias, "", REPLACED);
        renameTree(idOf(building), alias, BUILDING, "");
        if (!bound.isEmpty()) {
            ObjectNode toNew = JsonNodeFactory.instance.objectNode();
            ObjectNode toOld = JsonNodeFactory.instance.objectNode();
            // The realm binds flows by id: name the new one to move the bindings to it.
            bound.forEach(b -> toNew.put(b, alias));
            bound.forEach(b -> toOld.put(b, alias + REPLACED));
            writes.update(base, toNew, toOld, "bound the rebuilt authentication flow '" + alias + "' to the realm");
        }
        String oldId = old.path("id").asText();
        writes.log().afterSuccess("delete the replaced authentication flow '" + alias + REPLACED + "'",
                () -> api.delete(base + "/authentication/flows/" + oldId));
    }

    /** Renames a top-level flow and its sub-flows from {@code from} suffix to {@code to} suffix. */
    private void renameTree(String topId, String alias, String from, String to) {
        List<String[]> renames = new ArrayList<>();
        renames.add(new String[] {topId, alias + from, alias + to});
        for (JsonNode step : api.get(flowPath(alias + from) + "/executions")) {
            String name = step.path("displayName").asText();
            if (step.path("authenticationFlow").asBoolean() && name.endsWith(from)) {
                String plain = name.substring(0, name.length() - from.length());
                renames.add(new String[] {step.path("flowId").asText(), name, plain + to});
            }
        }
        for (String[] r : renames) {
            writes.write("renamed authentication flow '" + r[1] + "' to '" + r[2] + "'", () -> rename(r[0], r[2]),
                    () -> rename(r[0], r[1]));
        }
    }

    private void rename(String id, String alias) {
        ObjectNode flow = (ObjectNode) api.get(base + "/authentication/flows/" + id);
        flow.remove("authenticationExecutions");
        flow.put("alias", alias);
        api.put(base + "/authentication/flows/" + id, flow);
    }

    private String idOf(String alias) {
        for (JsonNode flow : api.get(base + "/authentication/flows")) {
            if (alias.equals(flow.path("alias").asText())) {
                return flow.path("id").asText();
            }
        }
        throw new IllegalStateException("Keycloak did not create the authentication flow '" + alias + "'");
    }

    /** Creates a top-level flow under the given alias; its sub-flows get the same suffix as the alias. */
    private void build(JsonNode flow, String alias, Map<String, JsonNode> declared) {
        String suffix = alias.substring(flow.path("alias").asText().length());
        ObjectNode top = ((ObjectNode) flow).deepCopy();
        top.remove("authenticationExecutions");
        top.remove("id");
        top.put("alias", alias);
        // Its executions and sub-flows go with it when it is deleted.
        writes.create(base + "/authentication/flows", top, "created authentication flow '" + alias + "'");
        addSteps(flow, alias, suffix, declared);
    }

    private void addSteps(JsonNode flow, String alias, String suffix, Map<String, JsonNode> declared) {
        List<JsonNode> steps = steps(flow);
        for (JsonNode step : steps) {
            if (isFlow(step)) {
                String subAlias = step.path("flowAlias").asText();
                JsonNode sub = declared.get(subAlias);
                if (sub == null) {
                    throw new ConfigurationException("authentication flow '" + flow.path("alias").asText()
                            + "' uses the sub-flow '" + subAlias + "', which is not declared");
                }
                ObjectNode add = JsonNodeFactory.instance.objectNode().put("alias", subAlias + suffix)
                        .put("type", sub.path("providerId").asText("basic-flow")).put("provider", "registration-page-form")
                        .put("description", sub.path("description").asText(""));
                api.post(flowPath(alias) + "/executions/flow", add);
                addSteps(sub, subAlias + suffix, suffix, declared);
            } else {
                api.post(flowPath(alias) + "/executions/execution",
                        JsonNodeFactory.instance.objectNode().put("provider", step.path("authenticator").asText()));
            }
        }
        // Keycloak adds steps as DISABLED; the level-0 steps of this flow are in the order added.
        int index = 0;
        for (JsonNode created : api.get(flowPath(alias) + "/executions")) {
            if (created.path("level").asInt() != 0) {
                continue;
            }
            ObjectNode update = ((ObjectNode) created).deepCopy();
            update.put("requirement", steps.get(index++).path("requirement").asText("REQUIRED"));
            api.put(flowPath(alias) + "/executions", update);
        }
    }

    private static void outline(JsonNode flow, Map<String, JsonNode> declared, int level, List<String> out) {
        for (JsonNode step : steps(flow)) {
            String requirement = step.path("requirement").asText("REQUIRED");
            if (isFlow(step)) {
                String subAlias = step.path("flowAlias").asText();
                out.add(level + " " + requirement + " flow:" + subAlias);
                JsonNode sub = declared.get(subAlias);
                if (sub != null) {
                    outline(sub, declared, level + 1, out);
                }
            } else {
                out.add(level + " " + requirement + " " + step.path("authenticator").asText());
            }
        }
    }

    private static List<JsonNode> steps(JsonNode flow) {
        return StreamSupport.stream(flow.path("authenticationExecutions").spliterator(), false)
                .sorted(Comparator.comparingInt(s -> s.path("priority").asInt())).toList();
    }

    /** A realm export spells it "autheticatorFlow" (sic); accept the correct spelling too. */
    static boolean isFlow(JsonNode step) {
        return step.path("autheticatorFlow").asBoolean(false) || step.path("authenticatorFlow").asBoolean(false);
    }

    private String flowPath(String alias) {
        return base + "/authentication/flows/" + Representations.encode(alias);
    }
}
