package uk.boroughbroker.directory.samba;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether this machine can run Samba AD domain controllers: for tests to skip with a clear reason
 * (or fail, where a real AD is required) and for the demo to say what to install.
 */
public final class SambaSupport {

    /** The Debian 12 packages (Samba 4.17), as in the CI script. */
    public static final String INSTALL_COMMAND = "apt-get update && apt-get install -y --no-install-recommends samba samba-ad-dc"
            + " samba-ad-provision samba-dsdb-modules samba-vfs-modules winbind python3-samba ldb-tools ldap-utils krb5-user";

    /** Where Debian puts the tools; searched after PATH, which for non-login shells often lacks the sbin folders. */
    private static final List<String> SYSTEM_DIRS = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin");
    private static final Path PROVISION_DATA = Path.of("/usr/share/samba/setup/provision.ldif");

    /** Absolute paths of the programs the domains run. */
    record Tools(Path samba, Path sambaTool, Path ldbmodify, Path ldbsearch, Path tar, Path setsid) {
    }

    private SambaSupport() {
    }

    /**
     * Empty when Samba AD DCs can run here; otherwise why not, in a sentence that says what to do, for
     * example "Samba AD DC is not installed (samba-tool not found): apt-get install ..." or "Samba AD
     * DCs need root: they listen on the LDAP ports 389 and 636 (running as uid 1000)".
     */
    public static Optional<String> unavailableReason() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.of("Samba AD DCs run on Linux only (this is " + System.getProperty("os.name") + ")");
        }
        List<String> missing = new ArrayList<>();
        for (String program : List.of("samba", "samba-tool", "ldbmodify", "ldbsearch")) {
            if (find(program).isEmpty()) {
                missing.add(program);
            }
        }
        if (!Files.isRegularFile(PROVISION_DATA)) {
            missing.add(PROVISION_DATA + " (samba-ad-provision)");
        }
        if (!dsdbModulesInstalled()) {
            missing.add("samba_dsdb.so (samba-dsdb-modules)");
        }
        if (!missing.isEmpty()) {
            return Optional.of("Samba AD DC is not installed (" + String.join(", ", missing) + " not found): "
                    + INSTALL_COMMAND);
        }
        for (String program : List.of("tar", "setsid")) {
            if (find(program).isEmpty()) {
                return Optional.of(program + " is not installed (needed to run Samba AD DCs)");
            }
        }
        long uid = uid();
        if (uid != 0) {
            return Optional.of("Samba AD DCs need root: they listen on the LDAP ports 389 and 636 (running as uid "
                    + uid + ")");
        }
        return Optional.empty();
    }

    /** The tools, or a {@link SambaStartException} with {@link #unavailableReason()}. */
    static Tools tools(String councilId) {
        unavailableReason().ifPresent(reason -> {
            throw new SambaStartException("Council " + councilId + ": cannot start a Samba domain: " + reason);
        });
        return new Tools(find("samba").orElseThrow(), find("samba-tool").orElseThrow(), find("ldbmodify").orElseThrow(),
                find("ldbsearch").orElseThrow(), find("tar").orElseThrow(), find("setsid").orElseThrow());
    }

    static Optional<Path> find(String program) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(SYSTEM_DIRS);
        return dirs.stream().filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable).findFirst();
    }

    private static boolean dsdbModulesInstalled() {
        // /usr/lib/<multiarch triplet>/samba/ldb/samba_dsdb.so; the triplet depends on the architecture.
        try (Stream<Path> libs = Files.list(Path.of("/usr/lib"))) {
            return libs.anyMatch(lib -> Files.isRegularFile(lib.resolve("samba/ldb/samba_dsdb.so")))
                    || Files.isRegularFile(Path.of("/usr/lib/samba/ldb/samba_dsdb.so"));
        } catch (IOException e) {
            return false;
        }
    }

    private static long uid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }
}
