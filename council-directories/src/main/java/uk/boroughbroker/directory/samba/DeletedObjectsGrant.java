package uk.boroughbroker.directory.samba;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grants the broker's service account List Contents + Read Property on {@code CN=Deleted Objects},
 * what decision 0028 asks a council's AD admin to grant: without it the account sees no tombstones,
 * with Show Deleted or DirSync alike (checked on Samba 4.17), and so no deletions.
 *
 * <p>Offline, through the ldb tools on sam.ldb as the provisioning seed is: over LDAP even the
 * domain's Administrator may not change this container's security descriptor (only SYSTEM may; on
 * Windows an admin takes ownership first, see docs/decisions/0028). The ACE is added to the DACL the
 * provisioning wrote, which is read first, with the account's SID, which Samba chose when seeding.
 */
final class DeletedObjectsGrant {

    /** LC (list contents) and RP (read property), allowed, for the account's SID. */
    private static final String ACE = "(A;;RPLC;;;%s)";
    private static final Pattern DACL = Pattern.compile("D:([A-Z]*)");
    private static final Pattern SID = Pattern.compile("^objectSid: (S-1-[0-9-]+)$", Pattern.MULTILINE);
    private static final Pattern DESCRIPTOR = Pattern.compile("^nTSecurityDescriptor: (.+)$", Pattern.MULTILINE);
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private DeletedObjectsGrant() {
    }

    static void apply(DomainNames names, WorkDir dir, Path ldbsearch, Path ldbmodify, Map<String, String> environment)
            throws IOException {
        String councilId = names.councilId();
        String deletedObjects = "CN=Deleted Objects," + names.baseDn();
        String sid = first(SID, Commands.run(councilId, "read the service account's SID", List.of(ldbsearch.toString(),
                "-H", dir.samDb().toString(), "-b", names.bindDn(), "-s", "base", "objectSid"),
                environment, dir.toolsLog(), TIMEOUT), "objectSid of " + names.bindDn(), councilId);
        String descriptor = first(DESCRIPTOR, unfold(Commands.run(councilId, "read the Deleted Objects descriptor",
                List.of(ldbsearch.toString(), "-H", dir.samDb().toString(), "--controls=show_deleted:1",
                        "-b", deletedObjects, "-s", "base", "nTSecurityDescriptor"),
                environment, dir.toolsLog(), TIMEOUT)), "nTSecurityDescriptor of " + deletedObjects, councilId);
        Matcher dacl = DACL.matcher(descriptor);
        if (!dacl.find()) {
            throw new SambaStartException("Council " + councilId + ": the descriptor of " + deletedObjects
                    + " has no DACL: " + descriptor);
        }
        String granted = descriptor.substring(0, dacl.end()) + ACE.formatted(sid) + descriptor.substring(dacl.end());
        Path change = dir.root().resolve("seed-deleted-objects-grant.ldif");
        Files.writeString(change, "dn: " + deletedObjects + "\nchangetype: modify\nreplace: nTSecurityDescriptor\n"
                + "nTSecurityDescriptor: " + granted + "\n", StandardCharsets.UTF_8);
        Commands.run(councilId, "grant the service account read access to " + deletedObjects, List.of(
                ldbmodify.toString(), "-H", dir.samDb().toString(), "--controls=show_deleted:1", change.toString()),
                environment, dir.toolsLog(), TIMEOUT);
    }

    /** LDIF folds long lines: a line starting with a space continues the one before. */
    private static String unfold(String ldif) {
        return ldif.replace("\n ", "");
    }

    private static String first(Pattern pattern, String output, String what, String councilId) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new SambaStartException("Council " + councilId + ": cannot find the " + what + Commands.tail(output));
        }
        return matcher.group(1).trim();
    }
}
