package uk.boroughbroker.directory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One LDIF input given to the builder, with the name used in error messages.
 *
 * <p>A file is read when the directory starts (so a builder can be set up before the file exists);
 * a stream is read at once, because the caller owns it and may close it straight after.
 */
final class LdifSource {

    private final String name;
    private final Path file;
    private final byte[] content;

    private LdifSource(String name, Path file, byte[] content) {
        this.name = name;
        this.file = file;
        this.content = content;
    }

    static LdifSource of(Path file) {
        return new LdifSource(file.toString(), file, null);
    }

    static LdifSource of(byte[] content, String name) {
        return new LdifSource(name, null, content);
    }

    String name() {
        return name;
    }

    byte[] read() {
        if (content != null) {
            return content;
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DirectoryStartException("LDIF file " + name + " does not exist (looked in "
                    + file.toAbsolutePath().normalize() + ")", e);
        } catch (IOException e) {
            throw new DirectoryStartException("Cannot read LDIF file " + name + ": " + e.getMessage(), e);
        }
    }

    static byte[] readStream(InputStream stream, String name) {
        try {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new DirectoryStartException("Cannot read LDIF " + name + ": " + e.getMessage(), e);
        }
    }
}
