package uk.boroughbroker.keycloak.directory;

import java.time.Duration;

/**
 * How much one change-reading pass may do against one DC (decision 0028).
 *
 * @param pageSize   entries per Simple Paged Results page: AD refuses more than its MaxPageSize,
 *                   1,000 by default
 * @param maxEntries entries one pass may read; the rest is left for the next pass, which continues
 *                   from the USN this one safely reached
 * @param timeLimit  time one pass may take, checked between pages
 */
record DirectoryChangeLimits(int pageSize, int maxEntries, Duration timeLimit) {

    static final int AD_MAX_PAGE_SIZE = 1_000;
    static final DirectoryChangeLimits DEFAULT = new DirectoryChangeLimits(500, 20_000, Duration.ofSeconds(30));

    DirectoryChangeLimits {
        if (pageSize < 1 || pageSize > AD_MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be between 1 and " + AD_MAX_PAGE_SIZE
                    + " (AD's MaxPageSize), got " + pageSize);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        if (timeLimit == null || timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("timeLimit must be positive, got " + timeLimit);
        }
    }
}
