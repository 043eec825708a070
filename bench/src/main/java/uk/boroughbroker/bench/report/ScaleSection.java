package uk.boroughbroker.bench.report;

import java.util.List;

/**
 * The "Scale in councils" section of results.md: start-up and memory with N federations, and what a
 * first sign-in at the last council and an unknown username cost, broker against stock. The broker
 * routes each name to one council's directory, so its cost should not grow with N; stock Keycloak
 * asks every federation before the user's (issue 13, item 7). Comparing runs with different N gives
 * the curve (docs/performance.md).
 */
final class ScaleSection {

    /** The scenarios whose cost depends on how many councils come before the user's. */
    static final List<String> SCENARIOS = List.of("first-login-last-council", "unknown-username");

    private ScaleSection() {
    }

    static void render(SuiteResults r, StringBuilder md) {
        Startup s = r.startup();
        if (s == null) {
            return;
        }
        md.append("\n## Scale in councils: ").append(s.councils()).append(s.generatedCouncils() ? " generated" : " demo")
                .append(" councils\n\n");
        md.append("Each realm has one federation per council. Start: launch to ready on an empty database")
                .append(s.keycloakRebuilt() ? " (this one included kc.sh build: not comparable)" : "")
                .append("; realms: applied over the admin REST API; restart: launch to ready with both realms in the "
                        + "database. RSS: Keycloak's resident memory.\n\n");
        md.append("| councils | directories up s | Keycloak start s | broker realm s | stock realm s | RSS after realms "
                + "MiB | restart s | RSS after restart MiB |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        md.append(String.format("| %d | %.1f | %.1f | %.1f | %.1f | %s | %s | %s |%n", s.councils(),
                s.directoriesSeconds(), s.keycloakStartSeconds(), s.brokerRealmSeconds(), s.stockRealmSeconds(),
                orDash(s.keycloakRssMiB()), s.restartSeconds() == null ? "-" : String.format("%.1f", s.restartSeconds()),
                orDash(s.keycloakRssAfterRestartMiB())));
        List<LoadResult> measured = r.load().stream().filter(l -> SCENARIOS.contains(l.scenario())).toList();
        if (measured.isEmpty()) {
            return;
        }
        md.append("\nA name at the last council by priority (and an unknown one at its domain): LDAP requests per "
                + "sign-in summed over every directory, and how many directories were contacted. Directory delay "
                + "per LDAP request: ").append(r.settings().getOrDefault("ldapDelayMillis", 0)).append(" ms.\n\n");
        md.append("| scenario | realm | req/s | p50 ms | p95 ms | LDAP requests per request | directories contacted | "
                + "Keycloak RSS max MiB |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (LoadResult l : measured) {
            double ldap = l.ldapRequestsPerRequest().values().stream().mapToDouble(Double::doubleValue).sum();
            md.append(String.format("| %s | %s | %.1f | %.1f | %.1f | %.1f | %d of %d | %s |%n", l.scenario(), l.target(),
                    l.throughput(), l.latency().p50Ms(), l.latency().p95Ms(), ldap, l.directoriesContacted().size(),
                    s.councils(), l.resources() == null ? "-" : orDash(l.resources().keycloakRssMaxMiB())));
        }
    }

    private static String orDash(Long value) {
        return value == null ? "-" : value.toString();
    }
}
