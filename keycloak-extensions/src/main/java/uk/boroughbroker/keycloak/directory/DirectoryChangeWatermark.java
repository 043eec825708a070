package uk.boroughbroker.keycloak.directory;

import java.util.UUID;

/**
 * Where one domain controller's changes have been read up to: its {@code invocationId} (the NTDS
 * Settings object's, naming this DC's copy of the database) and a USN of that DC. USNs are per DC
 * and per invocation: a USN means nothing with another invocationId (decision 0028).
 */
record DirectoryChangeWatermark(UUID invocationId, long usn) {

    DirectoryChangeWatermark {
        if (invocationId == null) {
            throw new IllegalArgumentException("a watermark needs the DC's invocationId");
        }
        if (usn < 0) {
            throw new IllegalArgumentException("a USN is never negative, got " + usn);
        }
    }
}
