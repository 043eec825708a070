package uk.boroughbroker.bench.report;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import uk.boroughbroker.bench.load.Latency;
import uk.boroughbroker.bench.load.Resources;

/** results.md: the run's tables, for people (results.json holds the same and more, for programs). */
final class MarkdownReport {

    private MarkdownReport() {
    }

    static String render(SuiteResults r) {
        StringBuilder md = new StringBuilder();
        Machine m = r.machine();
        md.append("# Borough Broker against stock Keycloak: benchmark results\n\n");
        md.append(String.format("Run %s, %.0f s in all. Machine: %d CPUs (%s), %s MiB RAM, %s, %s; Keycloak %s.%n%n",
                r.startedAt(), r.totalSeconds(), m.cpus(), m.cpuModel(), m.memoryMiB(), m.jdk(), m.os(), m.keycloak()));
        md.append("Settings: ").append(r.settings().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "))).append(".\n\n");

        if (!r.problems().isEmpty()) {
            md.append("## Problems\n\n");
            r.problems().forEach(p -> md.append("- ").append(p).append('\n'));
            md.append('\n');
        }

        md.append("## Targets\n\n| target | measured | met |\n|---|---|---|\n");
        for (TargetCheck t : r.targets()) {
            md.append("| ").append(t.target()).append(" | ").append(t.measured()).append(" | ")
                    .append(t.met() == null ? "not measured" : t.met() ? "**yes**" : "**no**").append(" |\n");
        }

        if (!r.load().isEmpty()) {
            md.append("\n## Load scenarios\n\nThroughput counts requests that did what was expected (for unknown "
                    + "names: refused with 401 invalid_grant). Latency over all measured requests. LDAP requests per "
                    + "request from each council's directory counters, councils in priority order; a directory is "
                    + "\"contacted\" at 0.1 requests per request or more. CPU: 100 % = one core.\n\n");
            md.append("| scenario | realm | req/s | per round | p50 ms | p95 ms | p99 ms | errors | LDAP requests per "
                    + "request | directories contacted | Keycloak CPU % | Keycloak RSS avg / max MiB | bench CPU % |\n");
            md.append("|---|---|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---:|\n");
            for (LoadResult l : r.load()) {
                md.append(String.format("| %s | %s | %.1f | %s | %.1f | %.1f | %.1f | %d%s | %s | %d | %s | %s | %s |%n",
                        l.scenario(), l.target(), l.throughput(), l.roundThroughputs().stream()
                                .map(t -> String.format("%.0f", t)).collect(Collectors.joining(", ")),
                        l.latency().p50Ms(), l.latency().p95Ms(),
                        l.latency().p99Ms(), l.errors(), l.failures().isEmpty() ? "" : " " + l.failures(),
                        Reports.ldap(l.ldapRequestsPerRequest()), l.directoriesContacted().size(),
                        cpu(l.resources()), rss(l.resources()), benchCpu(l.resources())));
            }
            List<String> notes = r.load().stream().filter(l -> l.note() != null)
                    .map(l -> l.scenario() + " on " + l.target() + ": " + l.note()).toList();
            notes.forEach(n -> md.append("\nNote: ").append(n).append('\n'));

            md.append("\n### Broker / stock\n\n| scenario | throughput broker/stock | p50 stock/broker | p99 stock/broker |\n");
            md.append("|---|---:|---:|---:|\n");
            for (Ratio ratio : r.ratios()) {
                md.append(String.format("| %s | %s | %s | %s |%n", ratio.scenario(), times(ratio.throughput()),
                        times(ratio.p50()), times(ratio.p99())));
            }
        }

        ScaleSection.render(r, md);

        if (!r.resilience().isEmpty()) {
            String council = r.resilience().get(0).council();
            md.append("\n## Resilience (faults at ").append(council).append(")\n\n");
            md.append("Password sign-ins for every council in turn, first sign-ins and returning users alternately. "
                    + "Success rate = requests that got tokens / requests sent in the phase; latency p50 / p95 / p99 "
                    + "in ms over all requests, failed ones included. A request counts as before if it finished before "
                    + "the fault, after if it started once the directory was back (restart included), during "
                    + "otherwise; recovery = from the restore to the first token for " + council + "'s staff. Each "
                    + "council has its own client thread(s).\n");
            String fault = null;
            for (ResilienceResult res : r.resilience()) {
                if (!res.scenario().equals(fault)) {
                    fault = res.scenario();
                    md.append("\n### ").append(res.fault()).append(" (").append(res.scenario()).append(")\n\n");
                    md.append("| realm | phase | s | ").append(council).append(" success | ").append(council)
                            .append(" latency | other councils success | other councils latency | other councils req/s |\n");
                    md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
                }
                for (PhaseResult p : res.phases()) {
                    md.append(String.format("| %s | %s | %.0f | %s of %d%s | %s | %s of %d%s | %s | %.1f |%n",
                            res.target(), p.phase(), p.seconds(), Reports.percent(p.outageCouncil().successRate()),
                            p.outageCouncil().requests(), failures(p.outageCouncil().failures()),
                            latency(p.outageCouncil().latency()), Reports.percent(p.otherCouncils().successRate()),
                            p.otherCouncils().requests(), failures(p.otherCouncils().failures()),
                            latency(p.otherCouncils().latency()), p.otherCouncils().throughput()));
                }
                PhaseResult during = res.phases().get(1);
                md.append(String.format("| %s | | | settled %.1f s before; restore %.1f s; recovery %s; during, by "
                        + "council: %s | | | | |%n", res.target(), res.settleSeconds(), res.restoreSeconds(),
                        res.recoverySeconds() == null ? "none before the end" : res.recoverySeconds() + " s",
                        during.councils().entrySet().stream().map(e -> e.getKey() + " "
                                + Reports.percent(e.getValue().successRate())).collect(Collectors.joining(", "))));
            }
        }

        if (!r.sync().isEmpty()) {
            md.append("\n## Full directory sync\n\n| scenario | realm | status | councils | users | s | users/s | "
                    + "Keycloak CPU % | Keycloak RSS max MiB | detail |\n|---|---|---|---:|---:|---:|---:|---:|---:|---|\n");
            for (SyncResult s : r.sync()) {
                md.append(String.format("| %s | %s | %s | %d | %,d | %.1f | %s | %s | %s | %s |%n", s.scenario(),
                        s.target(), s.status(), s.councils(), s.users(), s.seconds(),
                        s.usersPerSecond() == null ? "-" : String.format("%.0f", s.usersPerSecond()), cpu(s.resources()),
                        s.resources() == null || s.resources().keycloakRssMaxMiB() == null ? "-"
                                : s.resources().keycloakRssMaxMiB(), s.detail().replace("|", "/")));
            }
        }

        if (!r.lifecycle().isEmpty()) {
            md.append("\n## Joiners, movers and leavers\n\nMany people changed in one council's AD at once; seconds "
                    + "from the change until the broker acted, per person (broker realm with the background sync on).\n\n"
                    + "| scenario | council | people | within the bound | sync every s | p50 s | p95 s | max s | what |\n"
                    + "|---|---|---:|---:|---:|---:|---:|---:|---|\n");
            for (LifecycleResult l : r.lifecycle()) {
                md.append(String.format("| %s | %s | %d | %d | %d | %s | %s | %s | %s |%n", l.scenario(), l.council(),
                        l.people(), l.measured(), l.syncSeconds(), seconds(l.p50Seconds()), seconds(l.p95Seconds()),
                        seconds(l.maxSeconds()), l.detail().replace("|", "/")));
            }
        }

        md.append("\n## What differs between the two realms\n\n");
        r.differences().forEach(d -> md.append("- ").append(d).append('\n'));
        md.append("\nCharts: throughput.png, latency.png, resilience-success.png, resilience-<fault>.png.\n");
        return md.toString();
    }

    private static String seconds(Double value) {
        return value == null ? "-" : String.format("%.1f", value);
    }

    private static String times(Double ratio) {
        return ratio == null ? "-" : String.format("%.2fx", ratio);
    }

    private static String latency(Latency l) {
        return String.format("%.0f / %.0f / %.0f", l.p50Ms(), l.p95Ms(), l.p99Ms());
    }

    private static String failures(Map<String, Long> failures) {
        return failures.isEmpty() ? "" : " " + failures;
    }

    private static String cpu(Resources r) {
        return Optional.ofNullable(r).map(Resources::keycloakCpuPercent).map(c -> String.format("%.0f", c)).orElse("-");
    }

    private static String benchCpu(Resources r) {
        return Optional.ofNullable(r).map(Resources::benchCpuPercent).map(c -> String.format("%.0f", c)).orElse("-");
    }

    private static String rss(Resources r) {
        if (r == null || r.keycloakRssAvgMiB() == null) {
            return "-";
        }
        return r.keycloakRssAvgMiB() + " / " + r.keycloakRssMaxMiB();
    }
}
