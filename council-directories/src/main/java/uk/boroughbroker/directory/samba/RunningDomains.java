package uk.boroughbroker.directory.samba;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The domains this JVM started and has not closed, so a JVM shutdown hook can stop their samba
 * processes: samba runs in its own session (see {@link SambaProcess}) and would otherwise outlive us.
 */
final class RunningDomains {

    private static final Set<SambaDomain> RUNNING = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOK_INSTALLED = new AtomicBoolean();

    private RunningDomains() {
    }

    /** Installs the shutdown hook on first use; call before starting samba, so no process escapes it. */
    static void installShutdownHook() {
        if (HOOK_INSTALLED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(RUNNING).parallelStream().forEach(domain -> {
                try {
                    domain.close();
                } catch (RuntimeException e) {
                    System.err.println("Could not stop " + domain + ": " + e.getMessage());
                }
            }), "samba-domains-shutdown"));
        }
    }

    static void add(SambaDomain domain) {
        RUNNING.add(domain);
    }

    static void remove(SambaDomain domain) {
        RUNNING.remove(domain);
    }
}
