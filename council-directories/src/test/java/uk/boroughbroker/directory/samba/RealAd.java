package uk.boroughbroker.directory.samba;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** What the real-AD tests share: whether they may run, the two councils, and process checks. */
final class RealAd {

    /** Set to {@code required} (CI does) to turn "Samba cannot run here" from a skip into a failure. */
    static final String REQUIRED_VARIABLE = "BOROUGH_REAL_AD";

    static final Path DEMO = Path.of("..", "realms", "demo");
    static final Path STATES = Path.of("..", "realms", "real-ad");
    /** Under target/, so mvn clean removes them; tests run with the module folder as working folder. */
    static final Path WORK = Path.of("target", "samba");

    static final String BRENT_BASE = "DC=brent,DC=gov,DC=uk";
    static final String LEWISHAM_BASE = "DC=lewisham,DC=gov,DC=uk";

    private RealAd() {
    }

    /**
     * Skips the calling tests (with the reason) where Samba AD cannot run, unless
     * {@code BOROUGH_REAL_AD=required}: then it fails them, so CI cannot go green without a real AD.
     */
    static void assumeSambaCanRun() {
        SambaSupport.unavailableReason().ifPresent(reason -> {
            if ("required".equalsIgnoreCase(System.getenv(REQUIRED_VARIABLE))) {
                Assertions.fail(REQUIRED_VARIABLE + "=required, but " + reason);
            }
            Assumptions.abort(reason + " (set " + REQUIRED_VARIABLE + "=required to fail instead of skipping)");
        });
    }

    static SambaDomain.Builder council(String councilId, String address) {
        String base = "DC=" + councilId + ",DC=gov,DC=uk";
        return SambaDomain.builder(councilId, base)
                .address(address)
                .ldif(DEMO.resolve(councilId + ".ldif"))
                .ldif(STATES.resolve(councilId + "-account-states.ldif"))
                .workDir(WORK.resolve(councilId));
    }

    /** The demo password pattern: {@code <Council>!<sAMAccountName>1}. */
    static String password(String councilId, String samAccountName) {
        return councilId.substring(0, 1).toUpperCase(Locale.ROOT) + councilId.substring(1) + "!" + samAccountName + "1";
    }

    /**
     * Samba processes with a file open under {@code folder}: what "no process left behind" means for
     * one work folder (samba rewrites its command line, so pgrep cannot tell the domains apart).
     */
    static List<Long> sambaProcessesUsing(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath().normalize();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> isSamba(p) && usesFolder(p, absolute))
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .toList();
        }
    }

    private static boolean isSamba(Path process) {
        try {
            return Files.readSymbolicLink(process.resolve("exe")).getFileName().toString().equals("samba");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean usesFolder(Path process, Path folder) {
        try (Stream<Path> descriptors = Files.list(process.resolve("fd"))) {
            return descriptors.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(folder);
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }
}
