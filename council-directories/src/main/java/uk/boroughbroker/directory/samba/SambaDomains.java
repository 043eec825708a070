package uk.boroughbroker.directory.samba;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Several councils' domains, started and stopped together, in parallel: provisioning two domains on
 * two cores takes about as long as one (samba-tool spends much of its time waiting on the disk).
 *
 * <pre>{@code
 * try (SambaDomains domains = SambaDomains.startAll(
 *         SambaDomain.builder("brent", "DC=brent,DC=gov,DC=uk").address("127.0.0.11")...,
 *         SambaDomain.builder("lewisham", "DC=lewisham,DC=gov,DC=uk").address("127.0.0.12")...)) {
 *     SambaDomain brent = domains.get("brent");
 * }
 * }</pre>
 */
public final class SambaDomains implements AutoCloseable {

    private final Map<String, SambaDomain> domains;

    private SambaDomains(Map<String, SambaDomain> domains) {
        this.domains = domains;
    }

    public static SambaDomains startAll(SambaDomain.Builder... builders) {
        return startAll(List.of(builders));
    }

    /**
     * Starts every domain at once and waits for all of them.
     *
     * @throws SambaStartException the first failure (the others suppressed in it); the domains that
     *                             did start are stopped again, so nothing is left running
     */
    public static SambaDomains startAll(List<SambaDomain.Builder> builders) {
        Map<String, SambaDomain.Builder> byCouncil = new LinkedHashMap<>();
        for (SambaDomain.Builder builder : builders) {
            if (byCouncil.put(builder.councilId(), builder) != null) {
                throw new IllegalArgumentException("Council " + builder.councilId() + " is given twice");
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, builders.size()), runnable -> {
            Thread thread = new Thread(runnable, "samba-domain-start");
            thread.setDaemon(true);
            return thread;
        });
        Map<String, Future<SambaDomain>> starting = new LinkedHashMap<>();
        try {
            byCouncil.forEach((id, builder) -> starting.put(id, pool.submit(builder::start)));
        } finally {
            pool.shutdown();
        }
        Map<String, SambaDomain> started = new LinkedHashMap<>();
        RuntimeException failure = null;
        for (Map.Entry<String, Future<SambaDomain>> council : starting.entrySet()) {
            try {
                // Each start bounds its own waits (provisioning, readiness), so this get() ends.
                started.put(council.getKey(), council.getValue().get());
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                        : new SambaStartException("Council " + council.getKey() + ": " + e.getCause(), e.getCause());
                failure = first(failure, cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = first(failure, new SambaStartException("Interrupted while starting the Samba domains", e));
            }
        }
        if (failure != null) {
            try {
                stopAll(new ArrayList<>(started.values()));
            } catch (RuntimeException stopFailure) {
                failure.addSuppressed(stopFailure);
            }
            throw failure;
        }
        return new SambaDomains(Collections.unmodifiableMap(started));
    }

    public SambaDomain get(String councilId) {
        SambaDomain domain = domains.get(councilId);
        if (domain == null) {
            throw new IllegalArgumentException("No Samba domain for council '" + councilId + "'; have " + domains.keySet());
        }
        return domain;
    }

    /** By council id, in the order given to {@link #startAll}. */
    public Map<String, SambaDomain> all() {
        return domains;
    }

    /** Stops every domain, in parallel; each stop is bounded (see {@link SambaDomain#close()}). */
    @Override
    public void close() {
        stopAll(new ArrayList<>(domains.values()));
    }

    private static void stopAll(List<SambaDomain> domains) {
        List<RuntimeException> failures = Collections.synchronizedList(new ArrayList<>());
        domains.parallelStream().forEach(domain -> {
            try {
                domain.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        });
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static RuntimeException first(RuntimeException failure, RuntimeException next) {
        if (failure == null) {
            return next;
        }
        failure.addSuppressed(next);
        return failure;
    }
}
