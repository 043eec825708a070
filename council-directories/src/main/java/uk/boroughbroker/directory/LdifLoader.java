package uk.boroughbroker.directory;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Parses one LDIF source into entries, remembering each entry's first line for error messages. */
final class LdifLoader {

    private LdifLoader() {
    }

    static List<SourcedEntry> load(LdifSource source) {
        byte[] content = source.read();
        // The translator is the only place the reader reveals an entry's line number; with zero parse
        // threads it runs synchronously inside readEntry(), so a single slot is enough.
        long[] firstLine = {-1};
        List<String> lines = new String(content, StandardCharsets.UTF_8).lines().toList();
        List<SourcedEntry> entries = new ArrayList<>();
        try (LDIFReader reader = new LDIFReader(new ByteArrayInputStream(content), 0, (entry, line) -> {
            firstLine[0] = line;
            return entry;
        })) {
            Entry entry;
            while ((entry = reader.readEntry()) != null) {
                entries.add(new SourcedEntry(entry, source.name(), dnLine(lines, firstLine[0])));
            }
        } catch (LDIFException e) {
            throw new DirectoryStartException("Cannot load LDIF " + source.name() + where(lines, e) + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new DirectoryStartException("Cannot read LDIF " + source.name() + ": " + e.getMessage(), e);
        }
        return entries;
    }

    /** ", record at line 12 (dn: CN=...)" when the broken record can be found, else the reader's line. */
    private static String where(List<String> lines, LDIFException e) {
        List<String> record = e.getDataLines();
        if (record != null && !record.isEmpty() && record.get(0).regionMatches(true, 0, "dn:", 0, 3)) {
            for (int line = (int) Math.max(e.getLineNumber(), 1); line <= lines.size(); line++) {
                if (lines.get(line - 1).equals(record.get(0))) {
                    return ", record at line " + line + " (" + record.get(0) + ")";
                }
            }
        }
        return e.getLineNumber() >= 0 ? ", line " + e.getLineNumber() : "";
    }

    /**
     * The reader counts a record from its first non-comment line, which for the first record is the
     * "version: 1" header; point at the record's "dn:" line instead, which is what a person looks for.
     */
    private static long dnLine(List<String> lines, long recordLine) {
        for (long line = Math.max(recordLine, 1); line <= lines.size(); line++) {
            if (lines.get((int) line - 1).regionMatches(true, 0, "dn:", 0, 3)) {
                return line;
            }
        }
        return recordLine;
    }
}
