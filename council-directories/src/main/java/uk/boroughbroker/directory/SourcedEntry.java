package uk.boroughbroker.directory;

import com.unboundid.ldap.sdk.Entry;

/** An entry with where it came from, so a problem found later can still point at the LDIF line. */
record SourcedEntry(Entry entry, String source, long line) {

    static final String BUILT_IN = "(created by the directory)";

    static SourcedEntry builtIn(Entry entry) {
        return new SourcedEntry(entry, BUILT_IN, -1);
    }

    boolean isBuiltIn() {
        return BUILT_IN.equals(source);
    }

    /** "brent.ldif, entry at line 42 (CN=John Smith,OU=Staff,...)" */
    String describe() {
        return source + (line > 0 ? ", entry at line " + line : "") + " (" + entry.getDN() + ")";
    }
}
