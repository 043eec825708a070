package uk.boroughbroker.bench.environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import uk.boroughbroker.model.names.CouncilNames;

/**
 * The councils a run compares on: the six demo councils ({@code realms/demo}: their LDIF, councils
 * file and policy), or N generated ones for the scale-in-councils run ({@code --councils N}), written
 * as a councils file and a policy beside the run's output and read back through the same loaders as
 * the demo's, so they are checked exactly as a real council's files would be.
 *
 * @param councilsFile the councils file (priority order: the stock realm asks them in this order)
 * @param policyFile   the role policy for those councils
 * @param directories  one directory per council (generated: in priority order; the demo's: by file name)
 * @param generated    whether the councils are generated (no demo people, generated users only)
 */
public record BenchCouncils(Path councilsFile, Path policyFile, List<Directory> directories, boolean generated) {

    /** The most councils a run generates; London has 33 (32 boroughs and the City). */
    public static final int MAX_GENERATED = 40;
    /** A reserved name (RFC 2606): generated councils can never be a real council's domain. */
    static final String DOMAIN = "bench.example";

    /**
     * One council's directory content.
     *
     * @param ldif people and groups to load besides the generated users, or null for none
     */
    public record Directory(String councilId, String baseDn, Path ldif) {
    }

    /** The demo councils, from {@code <realms>/demo}: each {@code <id>.ldif} has a directory. */
    public static BenchCouncils demo(Path realms) {
        Path demo = realms.resolve("demo");
        List<Directory> directories;
        try (Stream<Path> files = Files.list(demo)) {
            directories = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".ldif"))
                    .map(n -> n.substring(0, n.length() - ".ldif".length())).sorted()
                    .map(id -> new Directory(id, "DC=" + id + ",DC=gov,DC=uk", demo.resolve(id + ".ldif"))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the demo councils in " + demo
                    + " (run from the project folder, or pass --realms)", e);
        }
        return new BenchCouncils(demo.resolve("councils.yaml"), demo.resolve("policy.yaml"), directories, false);
    }

    /** The n-th generated council's id (1-based): {@code council-01}, valid by {@link CouncilNames#isCouncilId}. */
    public static String id(int n) {
        if (n < 1 || n > MAX_GENERATED) {
            throw new IllegalArgumentException("a generated council is numbered 1 to " + MAX_GENERATED + ", got " + n);
        }
        return String.format(Locale.ROOT, "council-%02d", n);
    }

    /** Its UPN suffix and directory's DNS name, such as {@code council-01.bench.example}. */
    static String domain(int n) {
        return id(n) + "." + DOMAIN;
    }

    /** Its NetBIOS name, such as {@code COUNCIL-01}. */
    static String netbiosName(int n) {
        return id(n).toUpperCase(Locale.ROOT);
    }

    static String baseDn(int n) {
        return "DC=" + id(n) + ",DC=" + DOMAIN.replace(".", ",DC=");
    }

    /**
     * Writes the councils file and policy of {@code count} generated councils to {@code folder}:
     * shared services of three in a row (as the demo's two), the last one or two councils on their own.
     */
    public static BenchCouncils generate(int count, Path folder) {
        if (count < 1 || count > MAX_GENERATED) {
            throw new IllegalArgumentException("--councils must be between 1 and " + MAX_GENERATED + ", got " + count);
        }
        List<Directory> directories = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            directories.add(new Directory(id(n), baseDn(n), null));
        }
        try {
            Files.createDirectories(folder);
            Path councils = Files.writeString(folder.resolve("councils.yaml"), GeneratedFiles.councils(count));
            Path policy = Files.writeString(folder.resolve("policy.yaml"), GeneratedFiles.policy(count));
            return new BenchCouncils(councils, policy, List.copyOf(directories), true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the generated councils to " + folder, e);
        }
    }

    /** The ids of the councils that have a directory, in the order of {@link #directories()}. */
    public List<String> ids() {
        return directories.stream().map(Directory::councilId).toList();
    }
}
