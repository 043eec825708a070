package uk.boroughbroker.directory.samba;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The files of one domain under its work folder.
 *
 * <pre>
 * workDir/
 *   .samba-domain          marker: this folder belongs to a SambaDomain (only then is anything deleted)
 *   domain/                the provisioned, seeded domain (what a snapshot holds)
 *   run/                   pid file, sockets (recreated each start)
 *   tls/                   CA, server certificate and key, trust stores (recreated each start)
 *   smb.conf               written each start
 *   samba.log              Samba's output
 *   samba.pid              pid of the samba process this code started (for crash recovery)
 *   tools.log              output of samba-tool, ldbmodify and tar
 * </pre>
 */
record WorkDir(Path root) {

    /** Unix socket paths are limited to 107 bytes; Samba's longest is domain/private/ldap_priv/ldapi. */
    private static final int MAX_ROOT_LENGTH = 107 - "/domain/private/ldap_priv/ldapi".length();
    private static final String MARKER = ".samba-domain";

    static WorkDir prepare(String councilId, Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        if (absolute.toString().length() > MAX_ROOT_LENGTH) {
            throw new SambaStartException("Council " + councilId + ": work folder " + absolute + " is too long ("
                    + absolute.toString().length() + " characters, at most " + MAX_ROOT_LENGTH
                    + "): Samba's socket paths under it would exceed the Unix limit of 107 bytes");
        }
        try {
            if (Files.isDirectory(absolute) && !Files.exists(absolute.resolve(MARKER))) {
                try (Stream<Path> children = Files.list(absolute)) {
                    if (children.findAny().isPresent()) {
                        throw new SambaStartException("Council " + councilId + ": work folder " + absolute
                                + " is not empty and was not created by SambaDomain; choose a new or empty folder"
                                + " (SambaDomain deletes its subfolders on each start)");
                    }
                }
            }
            Files.createDirectories(absolute);
            if (!Files.exists(absolute.resolve(MARKER))) {
                Files.writeString(absolute.resolve(MARKER), "Work folder of a Samba AD DC started by the Borough Broker's"
                        + " SambaDomain; safe to delete when no samba process uses it.\n");
            }
        } catch (IOException e) {
            throw new SambaStartException("Council " + councilId + ": cannot create work folder " + absolute + ": "
                    + e.getMessage(), e);
        }
        return new WorkDir(absolute);
    }

    Path domain() {
        return root.resolve("domain");
    }

    Path run() {
        return root.resolve("run");
    }

    Path tls() {
        return root.resolve("tls");
    }

    Path smbConf() {
        return root.resolve("smb.conf");
    }

    Path log() {
        return root.resolve("samba.log");
    }

    Path toolsLog() {
        return root.resolve("tools.log");
    }

    Path pidFile() {
        return root.resolve("samba.pid");
    }

    /** The pid file Samba itself writes. */
    Path sambaPidFile() {
        return run().resolve("samba.pid");
    }

    Path samDb() {
        return domain().resolve("private").resolve("sam.ldb");
    }

    Path properties() {
        return domain().resolve("borough-broker.properties");
    }

    Path caCertificate() {
        return tls().resolve("ca.pem");
    }

    Path trustStore() {
        return tls().resolve("ca.p12");
    }

    Path wrongCaCertificate() {
        return tls().resolve("wrong-ca.pem");
    }

    Path wrongTrustStore() {
        return tls().resolve("wrong-ca.p12");
    }

    Path serverCertificate() {
        return tls().resolve("server-cert.pem");
    }

    Path serverKey() {
        return tls().resolve("server-key.pem");
    }

    /** Empties a subfolder (recreating it), never anything outside this work folder. */
    void recreate(Path subfolder) throws IOException {
        if (!subfolder.startsWith(root) || subfolder.equals(root)) {
            throw new IllegalArgumentException(subfolder + " is not a subfolder of " + root);
        }
        if (Files.exists(subfolder)) {
            try (Stream<Path> files = Files.walk(subfolder)) {
                files.sorted(Comparator.reverseOrder()).forEach(WorkDir::delete);
            }
        }
        Files.createDirectories(subfolder);
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + file, e);
        }
    }
}
