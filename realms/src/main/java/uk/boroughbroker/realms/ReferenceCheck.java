package uk.boroughbroker.realms;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Before an apply writes anything: every name {@code realm.json} uses must exist, in the files or
 * in Keycloak (client scopes of clients and realm defaults, flows bound to the realm and their
 * sub-flows, authenticators of flow steps, required actions). Without this, Keycloak would find a
 * wrong name half-way through and leave an apply half-made (issue 11 item 4).
 *
 * <p>For a realm not created yet, the built-in names are those of the master realm: a new realm
 * gets the same default client scopes, flows and required actions.
 */
final class ReferenceCheck {

    private static final String[] CLIENT_SCOPE_LISTS = {"defaultClientScopes", "optionalClientScopes"};
    private static final String[] REALM_SCOPE_LISTS = {"defaultDefaultClientScopes", "defaultOptionalClientScopes"};
    private static final String[] AUTHENTICATOR_LISTS = {"authenticator-providers", "client-authenticator-providers",
        "form-providers", "form-action-providers"};

    private final AdminApi api;
    private final String probe;
    private final JsonNode realm;
    private final Path realmFile;
    private LocatedYaml located;
    private final List<String> problems = new ArrayList<>();

    private ReferenceCheck(AdminApi api, String probe, JsonNode realm, Path realmFile) {
        this.api = api;
        this.probe = probe;
        this.realm = realm;
        this.realmFile = realmFile;
    }

    /**
     * @param realmPath {@code /realms/<name>} when the realm exists, else null
     * @throws ConfigurationException listing every unknown name with its file and line
     */
    static void check(AdminApi api, String realmPath, RealmDefinition definition) {
        ReferenceCheck check = new ReferenceCheck(api, realmPath == null ? "/realms/master" : realmPath,
                definition.representation(), definition.realmFile());
        check.clientScopes();
        check.flows();
        check.requiredActions();
        if (!check.problems.isEmpty()) {
            throw new ConfigurationException(definition.realmFile() + " names what exists neither in the realm files "
                    + "nor in Keycloak; nothing was changed:\n  - " + String.join("\n  - ", check.problems));
        }
    }

    private void clientScopes() {
        Set<String> known = names(realm.path("clientScopes"), "name");
        known.addAll(names(api.get(probe + "/client-scopes"), "name"));
        JsonNode clients = realm.path("clients");
        for (int i = 0; i < clients.size(); i++) {
            String clientId = clients.get(i).path("clientId").asText();
            for (String list : CLIENT_SCOPE_LISTS) {
                JsonNode scopes = clients.get(i).path(list);
                for (int j = 0; j < scopes.size(); j++) {
                    if (!known.contains(scopes.get(j).asText())) {
                        problem("/clients/" + i + "/" + list + "/" + j, "client '" + clientId + "' (" + list
                                + ") names client scope '" + scopes.get(j).asText() + "', which does not exist");
                    }
                }
            }
        }
        for (String list : REALM_SCOPE_LISTS) {
            JsonNode scopes = realm.path(list);
            for (int j = 0; j < scopes.size(); j++) {
                if (!known.contains(scopes.get(j).asText())) {
                    problem("/" + list + "/" + j, list + " names client scope '" + scopes.get(j).asText()
                            + "', which does not exist");
                }
            }
        }
    }

    private void flows() {
        JsonNode declared = realm.path("authenticationFlows");
        Set<String> declaredAliases = names(declared, "alias");
        Set<String> topLevel = new HashSet<>();
        for (JsonNode flow : declared) {
            if (flow.path("topLevel").asBoolean(true)) {
                topLevel.add(flow.path("alias").asText());
            }
        }
        topLevel.addAll(names(api.get(probe + "/authentication/flows"), "alias"));
        for (String binding : FlowApplier.BINDINGS) {
            if (realm.hasNonNull(binding) && !topLevel.contains(realm.path(binding).asText())) {
                problem("/" + binding, binding + " names authentication flow '" + realm.path(binding).asText()
                        + "', which does not exist");
            }
        }
        Set<String> authenticators = new HashSet<>();
        for (String list : AUTHENTICATOR_LISTS) {
            authenticators.addAll(names(api.get(probe + "/authentication/" + list), "id"));
        }
        for (int i = 0; i < declared.size(); i++) {
            JsonNode steps = declared.get(i).path("authenticationExecutions");
            String alias = declared.get(i).path("alias").asText();
            for (int j = 0; j < steps.size(); j++) {
                JsonNode step = steps.get(j);
                String where = "/authenticationFlows/" + i + "/authenticationExecutions/" + j;
                if (FlowApplier.isFlow(step)) {
                    if (!declaredAliases.contains(step.path("flowAlias").asText())) {
                        problem(where, "authentication flow '" + alias + "' uses the sub-flow '"
                                + step.path("flowAlias").asText() + "', which is not declared");
                    }
                } else if (!authenticators.contains(step.path("authenticator").asText())) {
                    problem(where, "authentication flow '" + alias + "' uses the authenticator '"
                            + step.path("authenticator").asText() + "', which Keycloak does not have");
                }
            }
        }
    }

    private void requiredActions() {
        Set<String> known = names(api.get(probe + "/authentication/required-actions"), "alias");
        JsonNode declared = realm.path("requiredActions");
        for (int i = 0; i < declared.size(); i++) {
            String alias = declared.get(i).path("alias").asText();
            if (!known.contains(alias)) {
                problem("/requiredActions/" + i, "Keycloak has no required action '" + alias + "'");
            }
        }
    }

    private static Set<String> names(JsonNode list, String field) {
        Set<String> names = new HashSet<>();
        list.forEach(item -> names.add(item.path(field).asText()));
        return names;
    }

    private void problem(String pointer, String message) {
        if (located == null) {
            located = LocatedYaml.read(realmFile);
        }
        problems.add(located.at(pointer) + ": " + message);
    }
}
