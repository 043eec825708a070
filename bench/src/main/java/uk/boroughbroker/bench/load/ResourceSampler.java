package uk.boroughbroker.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Keycloak's memory and CPU while a scenario runs, read from Linux's /proc: resident set size
 * ({@code VmRSS} in /proc/&lt;pid&gt;/status) every 250 ms, and CPU time ({@code utime + stime} in
 * /proc/&lt;pid&gt;/stat) at the start and end. With several Keycloak nodes (the cluster topology)
 * the figures are their sums: what the service costs the machine. The bench JVM itself (client threads and the
 * directories) is measured the same way, as the load's own cost on the same cores. Where there is no
 * /proc, the values are absent, not zero.
 */
public final class ResourceSampler implements AutoCloseable {

    /** Clock ticks per second of /proc/&lt;pid&gt;/stat; 100 on every Linux this runs on (getconf CLK_TCK). */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final long INTERVAL_MILLIS = 250;

    private final List<Long> keycloakPids;
    private final long started = System.nanoTime();
    private final OptionalLong keycloakTicksAtStart;
    private final OptionalLong benchTicksAtStart;
    private final AtomicLong rssSum = new AtomicLong();
    private final AtomicLong rssMax = new AtomicLong();
    private final AtomicLong rssCount = new AtomicLong();
    private final Thread sampler;
    private volatile boolean stopped;

    private ResourceSampler(List<Long> keycloakPids) {
        this.keycloakPids = List.copyOf(keycloakPids);
        this.keycloakTicksAtStart = keycloakPids.isEmpty() ? OptionalLong.empty() : sum(keycloakPids, ResourceSampler::cpuTicks);
        this.benchTicksAtStart = cpuTicks(ProcessHandle.current().pid());
        this.sampler = new Thread(this::sample, "resource-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** @param keycloak every node's server JVM; none: no Keycloak figures */
    public static ResourceSampler start(List<ProcessHandle> keycloak) {
        return new ResourceSampler(keycloak.stream().map(ProcessHandle::pid).toList());
    }

    /** The sum over every process, or empty when one of them cannot be read (no /proc, or it has gone). */
    private static OptionalLong sum(List<Long> pids, LongFunction<OptionalLong> read) {
        long total = 0;
        for (long pid : pids) {
            OptionalLong value = read.apply(pid);
            if (value.isEmpty()) {
                return OptionalLong.empty();
            }
            total += value.getAsLong();
        }
        return OptionalLong.of(total);
    }

    private void sample() {
        while (!stopped) {
            if (!keycloakPids.isEmpty()) {
                sum(keycloakPids, ResourceSampler::rssKib).ifPresent(kib -> {
                    rssSum.addAndGet(kib);
                    rssCount.incrementAndGet();
                    rssMax.accumulateAndGet(kib, Math::max);
                });
            }
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops sampling and gives the figures for the time since start. */
    public Resources stop() {
        stopped = true;
        sampler.interrupt();
        double seconds = (System.nanoTime() - started) / 1e9;
        Double keycloakCpu = null;
        if (keycloakTicksAtStart.isPresent()) {
            OptionalLong now = sum(keycloakPids, ResourceSampler::cpuTicks);
            if (now.isPresent()) {
                keycloakCpu = percent(now.getAsLong() - keycloakTicksAtStart.getAsLong(), seconds);
            }
        }
        Double benchCpu = null;
        OptionalLong benchNow = cpuTicks(ProcessHandle.current().pid());
        if (benchNow.isPresent() && benchTicksAtStart.isPresent()) {
            benchCpu = percent(benchNow.getAsLong() - benchTicksAtStart.getAsLong(), seconds);
        }
        long count = rssCount.get();
        return new Resources(keycloakCpu, count == 0 ? null : rssSum.get() / count / 1024,
                count == 0 ? null : rssMax.get() / 1024, benchCpu);
    }

    @Override
    public void close() {
        stopped = true;
        sampler.interrupt();
    }

    private static double percent(long ticks, double seconds) {
        return seconds <= 0 ? 0 : Math.round(ticks / TICKS_PER_SECOND / seconds * 1000) / 10.0;
    }

    /** The processes' resident memory now, summed, in MiB; null where it cannot be read. */
    public static Long rssMiB(List<ProcessHandle> processes) {
        OptionalLong kib = processes.isEmpty() ? OptionalLong.empty()
                : sum(processes.stream().map(ProcessHandle::pid).toList(), ResourceSampler::rssKib);
        return kib.isPresent() ? kib.getAsLong() / 1024 : null;
    }

    static OptionalLong rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // No /proc (not Linux) or the process has gone.
        }
        return OptionalLong.empty();
    }

    /** utime + stime: fields 14 and 15 of /proc/pid/stat, counted after the ")" that ends the command name. */
    static OptionalLong cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return parseCpuTicks(stat);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    static OptionalLong parseCpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is field 3 (state): utime is field 14, stime field 15.
        return OptionalLong.of(Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
    }
}
