package uk.boroughbroker.realms;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import uk.boroughbroker.model.directory.DirectorySetting;
import uk.boroughbroker.model.directory.DirectorySettings;
import uk.boroughbroker.model.names.CouncilNames;

/**
 * Reads and validates a councils file. Every problem found is reported at once, each with file,
 * line, council and field, so an operator can fix the file in one pass; nothing is returned unless
 * the whole file is valid.
 */
public final class CouncilsLoader {

    private static final Set<String> TOP_FIELDS = Set.of("sharedServices", "councils");
    private static final Set<String> SERVICE_FIELDS = Set.of("id", "displayName", "councils");
    private static final DirectorySetting NAME = DirectorySettings.DISPLAY_NAME;
    private static final DirectorySetting NETBIOS = DirectorySettings.NETBIOS_NAME;
    private static final DirectorySetting UPN_SUFFIXES = DirectorySettings.UPN_SUFFIXES;
    private static final DirectorySetting EMAIL_DOMAINS = DirectorySettings.EMAIL_DOMAINS;
    /** A council's own fields: its id, the settings of the council itself, and its directory block. */
    private static final Set<String> COUNCIL_FIELDS = Set.of("id", NAME.fileField(), NETBIOS.fileField(),
            UPN_SUFFIXES.fileField(), EMAIL_DOMAINS.fileField(), "directory");

    private final YamlChecks checks;
    private final DirectoryBlockLoader directories;

    private CouncilsLoader(YamlChecks checks, Variables variables) {
        this.checks = checks;
        this.directories = new DirectoryBlockLoader(checks, variables);
    }

    /**
     * @throws ConfigurationException listing every problem in the file
     */
    public static Councils load(Path file, Variables variables) {
        return YamlChecks.read(file, " is not a valid councils file",
                checks -> new CouncilsLoader(checks, variables).read());
    }

    private Councils read() {
        JsonNode root = checks.root();
        if (!root.isObject()) {
            checks.problem("", "", "the file must be a mapping with 'sharedServices' and 'councils'");
            return null;
        }
        checks.onlyFields(root, "", "", TOP_FIELDS);
        JsonNode councilNodes = root.path("councils");
        if (!councilNodes.isArray() || councilNodes.isEmpty()) {
            checks.problem("/councils", "", "'councils' must list at least one council");
        }

        List<Council> councils = new ArrayList<>();
        Map<String, String> suffixOwners = new HashMap<>();
        for (int i = 0; i < councilNodes.size(); i++) {
            Council council = council(councilNodes.get(i), "/councils/" + i, suffixOwners, councils);
            if (council != null) {
                councils.add(council);
            }
        }

        List<SharedService> services = new ArrayList<>();
        Map<String, String> serviceOf = new HashMap<>();
        JsonNode serviceNodes = root.path("sharedServices");
        if (!serviceNodes.isMissingNode() && !serviceNodes.isArray()) {
            checks.problem("/sharedServices", "", "'sharedServices' must be a list");
        }
        for (int i = 0; serviceNodes.isArray() && i < serviceNodes.size(); i++) {
            SharedService service = sharedService(serviceNodes.get(i), "/sharedServices/" + i, councils, serviceOf);
            if (service != null) {
                services.add(service);
            }
        }
        List<Council> withServices = councils.stream()
                .map(c -> new Council(c.id(), c.displayName(), Optional.ofNullable(serviceOf.get(c.id())),
                        c.upnSuffixes(), c.emailDomains(), c.directory(), c.netbiosName()))
                .toList();
        return new Councils(checks.file(), services, withServices);
    }

    private Council council(JsonNode node, String pointer, Map<String, String> suffixOwners, List<Council> seen) {
        if (!node.isObject()) {
            checks.problem(pointer, "", "each council must be a mapping with id, displayName, upnSuffixes and directory");
            return null;
        }
        String id = checks.text(node, pointer, "id", "", true);
        String who = id == null ? "" : "council '" + id + "': ";
        checks.onlyFields(node, pointer, who, COUNCIL_FIELDS);
        if (id != null && !CouncilNames.isCouncilId(id)) {
            checks.problem(pointer + "/id", who, "id must be " + CouncilNames.COUNCIL_ID_RULE);
        }
        if (id != null && seen.stream().anyMatch(c -> c.id().equals(id))) {
            checks.problem(pointer + "/id", who, "id is used by another council");
        }
        String displayName = checks.text(node, pointer, NAME.fileField(), who, true);
        String netbios = checks.text(node, pointer, NETBIOS.fileField(), who, false);
        if (netbios != null && !CouncilNames.isNetbiosName(netbios)) {
            checks.problem(pointer + "/netbiosName", who, "netbiosName '" + netbios + "' must be "
                    + CouncilNames.NETBIOS_RULE);
        }
        if (netbios != null && seen.stream().anyMatch(c -> c.netbiosName().filter(netbios::equals).isPresent())) {
            checks.problem(pointer + "/netbiosName", who, "netbiosName '" + netbios + "' is used by another council");
        }
        List<String> upnSuffixes = domains(node, pointer, UPN_SUFFIXES.fileField(), who, true, id, suffixOwners);
        List<String> emailDomains = domains(node, pointer, EMAIL_DOMAINS.fileField(), who, false, id, suffixOwners);
        Council.Directory directory = directories.read(node.path("directory"), pointer + "/directory", who);
        if (id == null || displayName == null || directory == null) {
            return null;
        }
        return new Council(id, displayName, Optional.empty(), upnSuffixes, emailDomains, directory,
                Optional.ofNullable(netbios));
    }

    private List<String> domains(JsonNode node, String pointer, String field, String who, boolean required,
            String councilId, Map<String, String> owners) {
        List<String> values = checks.textList(node, pointer, field, who, required);
        Set<String> unique = new LinkedHashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String where = pointer + "/" + field + "/" + i;
            String domain = values.get(i).toLowerCase(Locale.ROOT);
            Optional<String> wrong = CouncilNames.domainProblem(domain);
            if (wrong.isPresent()) {
                checks.problem(where, who, field + "[" + i + "]: '" + values.get(i) + "' " + wrong.get());
                continue;
            }
            String owner = owners.putIfAbsent(domain, councilId == null ? "?" : councilId);
            if (owner != null && !owner.equals(councilId)) {
                checks.problem(where, who, field + "[" + i + "]: '" + domain + "' already belongs to council '" + owner
                        + "'; a suffix or email domain must identify exactly one council");
            }
            unique.add(domain);
        }
        return List.copyOf(unique);
    }


    private SharedService sharedService(JsonNode node, String pointer, List<Council> councils,
            Map<String, String> serviceOf) {
        if (!node.isObject()) {
            checks.problem(pointer, "", "each shared service must be a mapping with id, displayName and councils");
            return null;
        }
        String id = checks.text(node, pointer, "id", "", true);
        String who = id == null ? "" : "shared service '" + id + "': ";
        checks.onlyFields(node, pointer, who, SERVICE_FIELDS);
        if (id != null && !CouncilNames.isCouncilId(id)) {
            checks.problem(pointer + "/id", who, "id must be " + CouncilNames.COUNCIL_ID_RULE);
        }
        String displayName = checks.text(node, pointer, "displayName", who, true);
        List<String> members = checks.textList(node, pointer, "councils", who, true);
        for (int i = 0; i < members.size(); i++) {
            String member = members.get(i);
            if (councils.stream().noneMatch(c -> c.id().equals(member))) {
                checks.problem(pointer + "/councils/" + i, who, "council '" + member + "' is not declared under 'councils'"
                        + " (a council that left the shared service leaves its list too)");
            } else if (id != null) {
                String other = serviceOf.putIfAbsent(member, id);
                if (other != null) {
                    checks.problem(pointer + "/councils/" + i, who, "council '" + member + "' already belongs to shared service '"
                            + other + "'");
                }
            }
        }
        return id == null || displayName == null ? null : new SharedService(id, displayName, members);
    }
}
