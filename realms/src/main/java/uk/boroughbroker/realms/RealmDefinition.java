package uk.boroughbroker.realms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import uk.boroughbroker.model.names.CouncilScope;

/**
 * The shared realm as Keycloak's own realm representation (JSON), rendered from the files in a realm
 * folder and a set of councils: {@code realm.json} for the realm, its clients and client scopes, and
 * {@code council-federation.json} as the template of one council's LDAP federation.
 *
 * <p>Kept as a JSON tree rather than typed representations so that every field Keycloak 26.7
 * understands passes through, including ones newer than any admin-client library on Central.
 */
public final class RealmDefinition {

    public static final String REALM_FILE = "realm.json";
    public static final String FEDERATION_TEMPLATE_FILE = "council-federation.json";
    /**
     * Settings merged into the realm's user profile (Keycloak 24+). ADMIN_VIEW lets admins see, not
     * edit, what the directories put on a user (council, directoryGroups, LDAP_ID); users never see it.
     */
    public static final String USER_PROFILE_FILE = "user-profile.json";
    static final String USER_STORAGE = "org.keycloak.storage.UserStorageProvider";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COUNCIL_PLACEHOLDER = Pattern.compile("\\$\\{council\\.([A-Za-z.]+)}");

    private final Path realmFile;
    private final ObjectNode realm;
    private final ObjectNode userProfile;
    private final Councils councils;
    private final Policy policy;
    private final Provisioning provisioning;

    private RealmDefinition(Path realmFile, ObjectNode realm, ObjectNode userProfile, Councils councils, Policy policy,
            Provisioning provisioning) {
        this.realmFile = realmFile;
        this.realm = realm;
        this.userProfile = userProfile;
        this.councils = councils;
        this.policy = policy;
        this.provisioning = provisioning;
    }

    /**
     * The realm for a councils file, with the council policy beside it ({@code policy.yaml}) when
     * there is one: councils, realm and policy validated together, or nothing.
     */
    public static RealmDefinition forCouncils(Path realmDir, Path councilsFile, Variables variables) {
        Councils councils = CouncilsLoader.load(councilsFile, variables);
        RealmDefinition realm = load(realmDir, councils, variables);
        Path policyFile = councilsFile.resolveSibling(POLICY_FILE);
        RealmDefinition withPolicy = Files.exists(policyFile)
                ? realm.withPolicy(PolicyLoader.load(policyFile, councils)) : realm;
        Path provisioningFile = councilsFile.resolveSibling(ProvisioningLoader.FILE);
        return Files.exists(provisioningFile) ? withPolicy.withProvisioning(ProvisioningLoader.load(provisioningFile,
                councils, withPolicy.policy(), variables)) : withPolicy;
    }

    public static final String POLICY_FILE = "policy.yaml";

    /** The same realm, with a validated council policy (roles and the policy itself go to Keycloak). */
    public RealmDefinition withPolicy(Policy validated) {
        return new RealmDefinition(realmFile, realm, userProfile, councils, validated, provisioning);
    }

    /** The same realm, with the borough systems that get accounts over SCIM (a validated provisioning file). */
    public RealmDefinition withProvisioning(Provisioning validated) {
        return new RealmDefinition(realmFile, realm, userProfile, councils, policy, validated);
    }

    /** The borough systems the files declare; empty when there is no provisioning file. */
    public java.util.Optional<Provisioning> provisioning() {
        return java.util.Optional.ofNullable(provisioning);
    }

    public java.util.Optional<Policy> policy() {
        return java.util.Optional.ofNullable(policy);
    }

    public Councils councils() {
        return councils;
    }

    /**
     * @param realmDir the folder holding {@code realm.json} and {@code council-federation.json}
     * @throws ConfigurationException naming the file and what is wrong
     */
    public static RealmDefinition load(Path realmDir, Councils councils, Variables variables) {
        Path realmFile = realmDir.resolve(REALM_FILE);
        ObjectNode realm = readObject(realmFile);
        substitute(realm, text -> variables.resolve(text, realmFile.toString()));
        if (!realm.path("realm").isTextual() || realm.path("realm").asText().isBlank()) {
            throw new ConfigurationException(realmFile + ": the field 'realm' (the realm's name) is required");
        }
        RequiredActions.validate(realm.path("requiredActions"), realmFile);
        if (realm.has("components")) {
            throw new ConfigurationException(realmFile + ": must not declare 'components'; council federations come from "
                    + FEDERATION_TEMPLATE_FILE + " and the councils file");
        }

        Path templateFile = realmDir.resolve(FEDERATION_TEMPLATE_FILE);
        ObjectNode template = readObject(templateFile);
        if (template.has("subComponents")) {
            // Keycloak's LDAP mappers belong to its own LDAP provider; ours has none to reconcile.
            throw new ConfigurationException(templateFile + ": must not declare 'subComponents' (LDAP mappers): the "
                    + "borough-council-directory federation has none; what it puts on a user is set by its own settings");
        }
        ArrayNode federations = realm.putObject("components").putArray(USER_STORAGE);
        List<Council> list = councils.councils();
        for (int i = 0; i < list.size(); i++) {
            Council council = list.get(i);
            Map<String, String> values = councilValues(council, i);
            ObjectNode federation = template.deepCopy();
            substitute(federation, text -> replaceCouncil(text, values, templateFile, council));
            substitute(federation, text -> variables.resolve(text, templateFile + " (council '" + council.id() + "')"));
            FederationSettings.write(council, federation);
            clearEmptySettings(federation);
            federations.add(federation);
        }
        addCouncilScopes(realm, list);
        Path profileFile = realmDir.resolve(USER_PROFILE_FILE);
        ObjectNode profile = Files.exists(profileFile) ? readObject(profileFile) : JSON.createObjectNode();
        return new RealmDefinition(realmFile, realm, profile, councils, null, null);
    }

    /**
     * A setting the council does not use (no NetBIOS name, no CA file any more) is sent as an empty
     * list, never left out: Keycloak keeps every component setting an update leaves out, so a removed
     * {@code caFile} would stay on the federation and fail every later apply ("Trusted certificates
     * are only used over TLS"). An empty list makes Keycloak remove the setting; it reads back as
     * absent, which {@link Representations#isSubset} counts as equal.
     */
    private static void clearEmptySettings(ObjectNode federation) {
        if (federation.path("config") instanceof ObjectNode config) {
            config.properties().forEach(e -> {
                if (e.getValue().isArray() && e.getValue().size() == 1 && e.getValue().get(0).isTextual()
                        && e.getValue().get(0).asText().isEmpty()) {
                    e.setValue(JSON.createArrayNode());
                }
            });
        }
    }

    /** Name of the client scope every council-aware client has by default (it carries the council mappers). */
    static final String COUNCIL_SCOPE = "council";

    /**
     * One optional client scope per council, {@code council:<id>}: a client asks for it to see the
     * person's roles at that council, and may only if the person holds one there (the broker's
     * scope check). Offered to every client that has the {@value #COUNCIL_SCOPE} scope.
     */
    private static void addCouncilScopes(ObjectNode realm, List<Council> councils) {
        ArrayNode scopes = realm.withArray("clientScopes");
        for (Council council : councils) {
            ObjectNode scope = scopes.addObject();
            scope.put("name", CouncilScope.name(council.id()));
            scope.put("description", "The person's roles at " + council.displayName());
            scope.put("protocol", "openid-connect");
            ObjectNode attributes = scope.putObject("attributes");
            attributes.put("include.in.token.scope", "true");
            attributes.put("display.on.consent.screen", "true");
            attributes.put("consent.screen.text", "Your roles at " + council.displayName());
        }
        for (JsonNode client : realm.path("clients")) {
            boolean councilAware = false;
            for (JsonNode name : client.path("defaultClientScopes")) {
                councilAware |= COUNCIL_SCOPE.equals(name.asText());
            }
            if (councilAware && client instanceof ObjectNode object) {
                ArrayNode optional = object.withArray("optionalClientScopes");
                councils.forEach(c -> optional.add(CouncilScope.name(c.id())));
            }
        }
    }

    /**
     * The placeholders a federation template may use; the council's directory settings themselves
     * are written from the councils file by {@link FederationSettings}.
     */
    private static Map<String, String> councilValues(Council council, int index) {
        return Map.of("id", council.id(), "displayName", council.displayName(),
                // Priority follows the order in the councils file.
                "priority", Integer.toString(index));
    }

    private static String replaceCouncil(String text, Map<String, String> values, Path file, Council council) {
        Matcher m = COUNCIL_PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new ConfigurationException(file + ": unknown placeholder ${council." + m.group(1) + "} (known: "
                        + String.join(", ", values.keySet().stream().sorted().map(k -> "council." + k).toList()) + ")");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Replaces placeholders in text values only, so a value can never break the JSON around it. */
    private static void substitute(JsonNode node, UnaryOperator<String> replace) {
        if (node instanceof ObjectNode object) {
            object.properties().forEach(field -> {
                if (field.getValue().isTextual()) {
                    field.setValue(TextNode.valueOf(replace.apply(field.getValue().asText())));
                } else {
                    substitute(field.getValue(), replace);
                }
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(replace.apply(array.get(i).asText())));
                } else {
                    substitute(array.get(i), replace);
                }
            }
        }
    }

    private static ObjectNode readObject(Path file) {
        try {
            JsonNode node = JSON.readTree(Files.readString(file));
            if (!(node instanceof ObjectNode object)) {
                throw new ConfigurationException(file + ": must hold one JSON object");
            }
            return object;
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(file + ": file not found");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? file.toString() : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new ConfigurationException(where + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigurationException(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /** The {@code realm.json} the definition was read from, for errors that name a line of it. */
    Path realmFile() {
        return realmFile;
    }

    /** User profile settings to merge into the realm's user profile configuration (may be empty). */
    public ObjectNode userProfile() {
        return userProfile.deepCopy();
    }

    public String realmName() {
        return realm.get("realm").asText();
    }

    /** The same definition under another realm name (a second broker realm beside the first, as in tests). */
    public RealmDefinition withRealmName(String name) {
        ObjectNode renamed = realm.deepCopy();
        renamed.put("realm", name);
        return new RealmDefinition(realmFile, renamed, userProfile, councils, policy, provisioning);
    }

    /** A copy of the full realm representation, secrets included: do not log it. */
    public ObjectNode representation() {
        return realm.deepCopy();
    }

    /** Names of the council federations (one per council, named by council id), in priority order. */
    public List<String> federationNames() {
        return federations().stream().map(f -> f.path("name").asText()).toList();
    }

    List<ObjectNode> federations() {
        JsonNode list = realm.path("components").path(USER_STORAGE);
        return java.util.stream.StreamSupport.stream(list.spliterator(), false).map(ObjectNode.class::cast).toList();
    }
}
