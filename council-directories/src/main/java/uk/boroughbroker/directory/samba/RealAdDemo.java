package uk.boroughbroker.directory.samba;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The real-AD demo councils: Brent (127.0.0.11) and Lewisham (127.0.0.12) as Samba AD domain
 * controllers, seeded with the demo staff ({@code realms/demo/<council>.ldif}) and the account-state
 * test accounts ({@code realms/real-ad/<council>-account-states.ldif}), and the variables that
 * {@code realms/real-ad/councils.yaml} needs. One definition for {@code broker up --real-ad} and the
 * real-AD integration tests.
 */
public final class RealAdDemo implements AutoCloseable {

    /** The councils and their loopback addresses, in the councils file's order. */
    public static final Map<String, String> COUNCILS = Map.of("brent", "127.0.0.11", "lewisham", "127.0.0.12");

    private final SambaDomains domains;

    private RealAdDemo(SambaDomains domains) {
        this.domains = domains;
    }

    /**
     * Starts both domains (in parallel; from a cached snapshot when one matches).
     *
     * @param realms  the project's realms/ folder
     * @param workDir where the domains' folders go (one per council)
     * @throws SambaStartException naming the council and the step that failed; nothing is left running
     */
    public static RealAdDemo start(Path realms, Path workDir) {
        return new RealAdDemo(SambaDomains.startAll(council(realms, workDir, "brent"), council(realms, workDir, "lewisham")));
    }

    private static SambaDomain.Builder council(Path realms, Path workDir, String id) {
        return SambaDomain.builder(id, "DC=" + id + ",DC=gov,DC=uk").address(COUNCILS.get(id))
                .ldif(realms.resolve("demo").resolve(id + ".ldif"))
                .ldif(realms.resolve("real-ad").resolve(id + "-account-states.ldif"))
                .workDir(workDir.resolve(id));
    }

    public SambaDomain domain(String council) {
        return domains.get(council);
    }

    /**
     * What {@code realms/real-ad/councils.yaml} reads: Brent over LDAPS ({@code BRENT_LDAPS_URL}),
     * Lewisham over LDAP with StartTLS ({@code LEWISHAM_LDAP_URL}), each service account's password,
     * and the test CA that signed both DCs' certificates ({@code REAL_AD_CA_FILE}).
     */
    public Map<String, String> variables() {
        Map<String, String> values = new LinkedHashMap<>();
        SambaDomain brent = domains.get("brent");
        SambaDomain lewisham = domains.get("lewisham");
        values.put("BRENT_LDAPS_URL", brent.ldapsUrl());
        values.put("LEWISHAM_LDAP_URL", lewisham.ldapUrl());
        for (SambaDomain domain : domains.all().values()) {
            values.put(domain.councilId().toUpperCase(Locale.ROOT) + "_BIND_PASSWORD", domain.bindPassword());
        }
        values.put("REAL_AD_CA_FILE", brent.caCertificate().toAbsolutePath().toString());
        return values;
    }

    /** The URL the broker uses for each council, as in the councils file. */
    public Map<String, String> urls() {
        return Map.of("brent", domains.get("brent").ldapsUrl(), "lewisham", domains.get("lewisham").ldapUrl() + " (StartTLS)");
    }

    @Override
    public void close() {
        domains.close();
    }
}
