package uk.boroughbroker.directory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The demo councils' directories: one {@link CouncilDirectory} per {@code <council>.ldif} file in a
 * folder (realms/demo), each with base DN {@code DC=<council>,DC=gov,DC=uk}, on a port the operating
 * system chooses.
 *
 * <p>{@link #variables()} gives what the councils file expects from the environment:
 * {@code <COUNCIL>_LDAP_URL} and {@code <COUNCIL>_BIND_PASSWORD} (a fresh random password per start).
 */
public final class DemoDirectories implements AutoCloseable {

    private final Map<String, CouncilDirectory> directories;

    private DemoDirectories(Map<String, CouncilDirectory> directories) {
        this.directories = directories;
    }

    /**
     * @param generatedUsersPerCouncil extra synthetic users per council, for load work (0 for none)
     * @param generatedUserPassword    their password; required when generatedUsersPerCouncil &gt; 0
     * @throws DirectoryStartException naming the council and the problem; nothing is left running
     */
    public static DemoDirectories start(Path demoDir, int generatedUsersPerCouncil, String generatedUserPassword) {
        return start(demoDir, 0, generatedUsersPerCouncil, generatedUserPassword);
    }

    /**
     * @param firstPort the first council's port, the others following in file-name order; 0 lets the
     *                  operating system choose every port
     */
    public static DemoDirectories start(Path demoDir, int firstPort, int generatedUsersPerCouncil,
            String generatedUserPassword) {
        List<Path> ldifs = ldifFiles(demoDir);
        if (ldifs.isEmpty()) {
            throw new DirectoryStartException("No council LDIF files (<council>.ldif) in " + demoDir);
        }
        // Loading is CPU-bound (about 4 s per 10,000 generated users, mostly the server's DN-ordered
        // entry map and indexes), so councils load in parallel, one per core.
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.min(ldifs.size(), Runtime.getRuntime().availableProcessors()));
        Map<String, Future<CouncilDirectory>> starting = new LinkedHashMap<>();
        try {
            for (int i = 0; i < ldifs.size(); i++) {
                Path ldif = ldifs.get(i);
                int port = firstPort == 0 ? 0 : firstPort + i;
                String id = ldif.getFileName().toString().replaceFirst("\\.ldif$", "");
                starting.put(id, pool.submit(() -> {
                    CouncilDirectory.Builder builder = CouncilDirectory.builder(id, "DC=" + id + ",DC=gov,DC=uk")
                            .ldif(ldif).port(port);
                    if (generatedUsersPerCouncil > 0) {
                        builder.generatedUsers(generatedUsersPerCouncil).generatedUserPassword(generatedUserPassword);
                    }
                    return builder.start();
                }));
            }
        } finally {
            pool.shutdown();
        }
        Map<String, CouncilDirectory> started = new LinkedHashMap<>();
        RuntimeException failure = null;
        for (Map.Entry<String, Future<CouncilDirectory>> council : starting.entrySet()) {
            try {
                started.put(council.getKey(), council.getValue().get());
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r
                            : new DirectoryStartException("Cannot start the " + council.getKey() + " directory: "
                                    + e.getCause(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new DirectoryStartException("Interrupted while starting the council directories", e);
            }
        }
        if (failure != null) {
            started.values().forEach(CouncilDirectory::close);
            throw failure;
        }
        return new DemoDirectories(Collections.unmodifiableMap(started));
    }

    private static List<Path> ldifFiles(Path demoDir) {
        try (Stream<Path> files = Files.list(demoDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".ldif")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the demo directory folder " + demoDir, e);
        }
    }

    public Map<String, CouncilDirectory> councils() {
        return directories;
    }

    public CouncilDirectory council(String id) {
        CouncilDirectory directory = directories.get(id);
        if (directory == null) {
            throw new IllegalArgumentException("No demo directory for council '" + id + "'; have " + directories.keySet());
        }
        return directory;
    }

    /** {@code BRENT_LDAP_URL}, {@code BRENT_BIND_PASSWORD}, ... for every council. */
    public Map<String, String> variables() {
        Map<String, String> variables = new LinkedHashMap<>();
        directories.forEach((id, directory) -> {
            String prefix = id.toUpperCase(Locale.ROOT).replace('-', '_');
            variables.put(prefix + "_LDAP_URL", directory.url());
            variables.put(prefix + "_BIND_PASSWORD", directory.bindPassword());
        });
        return variables;
    }

    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (CouncilDirectory directory : directories.values()) {
            try {
                directory.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }
}
