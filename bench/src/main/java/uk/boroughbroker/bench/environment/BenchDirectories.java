package uk.boroughbroker.bench.environment;

import java.nio.file.Files;
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

/**
 * The councils' directories for a benchmark run: one DC per council from its LDIF (if it has one) plus
 * N generated users (as {@code DemoDirectories} starts them), and a second DC with the same data for
 * the council whose failover is tested. Ports are chosen by the OS.
 */
public final class BenchDirectories implements AutoCloseable {

    private final Map<String, List<DomainController>> councils;

    private BenchDirectories(Map<String, List<DomainController>> councils) {
        this.councils = councils;
    }

    /**
     * @param councils     in priority order
     * @param twoDcCouncil the council that gets a second domain controller
     */
    public static BenchDirectories start(List<BenchCouncils.Directory> councils, int usersPerCouncil,
            String userPassword, String twoDcCouncil) {
        for (BenchCouncils.Directory council : councils) {
            if (council.ldif() != null && !Files.isRegularFile(council.ldif())) {
                throw new IllegalArgumentException("No directory content for council '" + council.councilId() + "': "
                        + council.ldif() + " is missing");
            }
        }
        // Loading is CPU-bound (a few seconds per 10,000 users): one council per core, as DemoDirectories does.
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(councils.size(),
                Runtime.getRuntime().availableProcessors())));
        Map<String, List<Future<DomainController>>> starting = new LinkedHashMap<>();
        try {
            for (BenchCouncils.Directory council : councils) {
                String id = council.councilId();
                // Chosen here, so a council's second DC can start alongside its first with the same one.
                String bindPassword = randomPassword();
                int dcs = id.equals(twoDcCouncil) ? 2 : 1;
                List<Future<DomainController>> futures = new ArrayList<>();
                for (int dc = 1; dc <= dcs; dc++) {
                    String name = id + "-dc" + dc;
                    futures.add(pool.submit(() -> DomainController.start(council, name, usersPerCouncil,
                            userPassword, bindPassword)));
                }
                starting.put(id, futures);
            }
            Map<String, List<DomainController>> started = new LinkedHashMap<>();
            RuntimeException failure = null;
            for (Map.Entry<String, List<Future<DomainController>>> council : starting.entrySet()) {
                List<DomainController> dcs = new ArrayList<>();
                started.put(council.getKey(), dcs);
                for (Future<DomainController> dc : council.getValue()) {
                    try {
                        dcs.add(dc.get());
                    } catch (ExecutionException e) {
                        failure = failure != null ? failure : e.getCause() instanceof RuntimeException r ? r
                                : new IllegalStateException("Cannot start " + council.getKey() + "'s directory",
                                        e.getCause());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        failure = new IllegalStateException("Interrupted while starting the directories", e);
                    }
                }
            }
            if (failure != null) {
                started.values().forEach(dcs -> dcs.forEach(DomainController::close));
                throw failure;
            }
            started.replaceAll((id, dcs) -> List.copyOf(dcs));
            return new BenchDirectories(Collections.unmodifiableMap(started));
        } finally {
            pool.shutdown();
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** Council ids in priority order. */
    public List<String> councilIds() {
        return List.copyOf(councils.keySet());
    }

    /** The council's domain controllers in failover order. */
    public List<DomainController> controllers(String councilId) {
        List<DomainController> dcs = councils.get(councilId);
        if (dcs == null) {
            throw new IllegalArgumentException("No directory for council '" + councilId + "'; have " + councils.keySet());
        }
        return dcs;
    }

    /**
     * What the councils file expects from the environment: {@code <COUNCIL>_LDAP_URL} (the first DC)
     * and {@code <COUNCIL>_BIND_PASSWORD}.
     */
    public Map<String, String> variables() {
        Map<String, String> variables = new LinkedHashMap<>();
        councils.forEach((id, dcs) -> {
            String prefix = id.toUpperCase(Locale.ROOT).replace('-', '_');
            variables.put(prefix + "_LDAP_URL", dcs.get(0).url());
            variables.put(prefix + "_BIND_PASSWORD", dcs.get(0).bindPassword());
        });
        return variables;
    }

    /** LDAP requests each council's directory (all its DCs) has received so far, by council id. */
    public Map<String, Long> operationCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        councils.forEach((id, dcs) -> counts.put(id, dcs.stream().mapToLong(DomainController::operationCount).sum()));
        return counts;
    }

    /** Every DC answers each LDAP request this much later from now on, and after each restore. */
    public void baseline(java.time.Duration delay) {
        councils.values().forEach(dcs -> dcs.forEach(dc -> dc.baseline(delay)));
    }

    /** Every DC back to normal (after a resilience scenario, whatever happened in it). */
    public void restoreAll() {
        councils.values().forEach(dcs -> dcs.forEach(DomainController::restore));
    }

    @Override
    public void close() {
        councils.values().forEach(dcs -> dcs.forEach(DomainController::close));
    }
}
