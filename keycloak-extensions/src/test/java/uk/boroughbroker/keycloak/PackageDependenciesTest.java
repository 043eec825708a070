package uk.boroughbroker.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The extensions' feature packages as their main sources name each other (imports and fully
 * qualified names alike; issue 12, item 3). Read from the sources, not the classes, so that a
 * reference the compiler inlines (a constant) counts too.
 */
@DisplayName("package dependencies of the extensions")
class PackageDependenciesTest {

    private static final String ROOT = "uk.boroughbroker.keycloak";
    private static final Path SOURCES = Path.of("src", "main", "java", "uk", "boroughbroker", "keycloak");
    private static final Pattern REFERENCE = Pattern.compile(Pattern.quote(ROOT) + "\\.([a-z][a-z0-9_]*)\\.");

    /** Package to the feature packages its main sources name, file by file. */
    private static Map<String, Map<String, Set<String>>> references() {
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        try (Stream<Path> packages = Files.list(SOURCES)) {
            for (Path dir : packages.filter(Files::isDirectory).toList()) {
                String name = dir.getFileName().toString();
                Map<String, Set<String>> named = graph.computeIfAbsent(name, n -> new TreeMap<>());
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        Matcher reference = REFERENCE.matcher(Files.readString(file));
                        while (reference.find()) {
                            if (!reference.group(1).equals(name)) {
                                named.computeIfAbsent(reference.group(1), n -> new TreeSet<>())
                                        .add(file.getFileName().toString());
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    @Test
    void whenTheSourcesAreReadThenTheyAreFound() {
        assertThat(references()).as("the test reads the real sources").containsKeys("directory", "roles");
    }

    @Test
    void whenTheDirectoryPackageIsReadThenItNamesNoOtherFeaturePackage() {
        // The directory is the base the others build on: roles, sign-in and claims listen to what it
        // publishes (DirectoryUserRead), never the other way round.
        assertThat(references().get("directory")).as("feature packages named by directory, with the files naming them")
                .isEmpty();
    }

    @Test
    void whenAllPackagesAreReadThenNoneReachesItselfThroughOthers() {
        Map<String, Map<String, Set<String>>> graph = references();
        List<String> loops = new ArrayList<>();
        for (String start : graph.keySet()) {
            Set<String> reached = new TreeSet<>();
            List<String> next = new ArrayList<>(graph.get(start).keySet());
            while (!next.isEmpty()) {
                String node = next.remove(next.size() - 1);
                if (reached.add(node)) {
                    next.addAll(graph.getOrDefault(node, Map.of()).keySet());
                }
            }
            if (reached.contains(start)) {
                loops.add(start + " -> " + graph.get(start).keySet());
            }
        }
        assertThat(loops).as("packages that depend on themselves through others").isEmpty();
    }
}
