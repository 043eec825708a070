package uk.boroughbroker.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keycloak's memory and CPU while a scenario runs, read from Linux's /proc: resident set size
 * ({@code VmRSS} in /proc/&lt;pid&gt;/status) every 250 ms, and CPU time ({@code utime + stime} in
 * /proc/&lt;pid&gt;/stat) at the start and end. The bench JVM itself (client threads and the
 * directories) is measured the same way, as the load's own cost on the same cores. Where there is no
 * /proc, the values are absent, not zero.
 */
public final class ResourceSampler implements AutoCloseable {

    /** Clock ticks per second of /proc/&lt;pid&gt;/stat; 100 on every Linux this runs on (getconf CLK_TCK). */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final long INTERVAL_MILLIS = 250;

    private final Long keycloakPid;
    private final long started = System.nanoTime();
    private final OptionalLong keycloakTicksAtStart;
    private final OptionalLong benchTicksAtStart;
    private final AtomicLong rssSum = new AtomicLong();
    private final AtomicLong rssMax = new AtomicLong();
    private final AtomicLong rssCount = new AtomicLong();
    private final Thread sampler;
    private volatile boolean stopped;

    private ResourceSampler(Long keycloakPid) {
        this.keycloakPid = keycloakPid;
        this.keycloakTicksAtStart = keycloakPid == null ? OptionalLong.empty() : cpuTicks(keycloakPid);
        this.benchTicksAtStart = cpuTicks(ProcessHandle.current().pid());
        this.sampler = new Thread(this::sample, "resource-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    public static ResourceSampler start(Optional<ProcessHandle> keycloak) {
        return new ResourceSampler(keycloak.map(ProcessHandle::pid).orElse(null));
    }

    private void sample() {
        while (!stopped) {
            if (keycloakPid != null) {
                rssKib(keycloakPid).ifPresent(kib -> {
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
        if (keycloakPid != null && keycloakTicksAtStart.isPresent()) {
            OptionalLong now = cpuTicks(keycloakPid);
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

    /** A process's resident memory now, in MiB; null where it cannot be read. */
    public static Long rssMiB(Optional<ProcessHandle> process) {
        return process.map(p -> rssKib(p.pid())).filter(OptionalLong::isPresent).map(k -> k.getAsLong() / 1024)
                .orElse(null);
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
