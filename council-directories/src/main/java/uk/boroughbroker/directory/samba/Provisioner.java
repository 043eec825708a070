package uk.boroughbroker.directory.samba;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Provisions a new domain into the work folder and seeds it offline, before samba first starts.
 *
 * <p>Offline seeding (ldbmodify on sam.ldb, through Samba's own database modules) takes about 0.1 s
 * for the demo data, where samba-tool takes about 0.4 s per user and LDAP needs a running DC; and the
 * result is a stopped, consistent domain folder that can be packed as a snapshot straight away.
 * Locally, as the system user, Samba skips the password policy checks: the seeded passwords need
 * not satisfy it, and {@link SeedLdif} sets the policy for everything that happens later over LDAP.
 */
final class Provisioner {

    /** samba-tool provision takes 3-7 s; generous, because CI machines can be slow. */
    private static final Duration PROVISION_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration SEED_TIMEOUT = Duration.ofMinutes(1);

    private Provisioner() {
    }

    static DomainSecrets provisionAndSeed(DomainNames names, String address, WorkDir dir, SambaSupport.Tools tools,
                                          List<SeedLdif.Source> sources) throws IOException {
        String councilId = names.councilId();
        // Built first: a mistake in the LDIF is reported before seconds are spent provisioning.
        String bindPassword = DomainSecrets.random(24);
        SeedLdif.Seed seed = SeedLdif.build(names, sources, bindPassword);
        DomainSecrets secrets = DomainSecrets.generate(bindPassword, seed.lockedOut());
        dir.recreate(dir.domain());
        // An empty config, or samba-tool copies the system's /etc/samba/smb.conf into the new domain.
        Path emptyConf = dir.root().resolve("provision.conf");
        Files.writeString(emptyConf, "");
        Commands.run(councilId, "provision the domain " + names.realm(), List.of(tools.sambaTool().toString(),
                "domain", "provision", "-s", emptyConf.toString(), "--targetdir=" + dir.domain(),
                "--realm=" + names.realm(), "--domain=" + names.netbiosDomain(), "--server-role=dc",
                "--dns-backend=NONE", "--use-rfc2307", "--host-name=" + names.hostName(), "--host-ip=" + address,
                "--adminpass=" + secrets.adminPassword(), "--option=interfaces = " + address + "/8",
                "--option=bind interfaces only = yes"), Map.of(), dir.toolsLog(), PROVISION_TIMEOUT);
        // Provisioning wrote a config with this folder's absolute paths; SmbConf writes the one used.
        deleteProvisionedConfig(dir);

        SmbConf.write(dir.smbConf(), names, address, dir);
        // The ldb tools read the default smb.conf (/etc/samba/smb.conf) unless told otherwise.
        Map<String, String> environment = Map.of("SMB_CONF_PATH", dir.smbConf().toString());
        Path changes = dir.root().resolve("seed.ldif");
        Files.writeString(changes, seed.changes(), StandardCharsets.UTF_8);
        Commands.run(councilId, "seed the domain from " + describe(sources), List.of(tools.ldbmodify().toString(),
                "-H", dir.samDb().toString(), changes.toString()), environment, dir.toolsLog(), SEED_TIMEOUT);
        if (!seed.backdated().isBlank()) {
            Path backdated = dir.root().resolve("seed-backdated-passwords.ldif");
            Files.writeString(backdated, seed.backdated(), StandardCharsets.UTF_8);
            Commands.run(councilId, "backdate pwdLastSet (password expired accounts)", List.of(
                    tools.ldbmodify().toString(), "-H", dir.samDb().toString(),
                    "--controls=local_oid:" + SeedLdif.BYPASS_LAST_SET_CONTROL + ":0", backdated.toString()),
                    environment, dir.toolsLog(), SEED_TIMEOUT);
        }
        // What decision 0028 asks of a council's AD admin, so the domain shows the broker its deletions.
        DeletedObjectsGrant.apply(names, dir, tools.ldbsearch(), tools.ldbmodify(), environment);
        secrets.write(dir.properties());
        return secrets;
    }

    private static void deleteProvisionedConfig(WorkDir dir) throws IOException {
        Path etc = dir.domain().resolve("etc");
        Files.deleteIfExists(etc.resolve("smb.conf"));
        Files.deleteIfExists(etc);
    }

    private static String describe(List<SeedLdif.Source> sources) {
        return sources.isEmpty() ? "no LDIF (skeleton only)"
                : String.join(" and ", sources.stream().map(SeedLdif.Source::name).toList());
    }
}
