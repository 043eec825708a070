package uk.boroughbroker.model.directory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A council that left the shared service (decision 0031), written once for the broker and the realm
 * tooling: its federation is kept disabled, with the day it was retired in its configuration, for
 * {@link #RETENTION}; after that {@code councils apply --prune} deletes it, and Keycloak its broker
 * users with it.
 */
public final class CouncilRetirement {

    /** The federation setting that holds when the council was retired (an ISO-8601 instant). */
    public static final String RETIRED_AT = "retiredAt";

    /**
     * How long a retired council's broker users are kept, disabled: a quarter, so that one quarterly
     * access review sees every leaver, SCIM systems have confirmed their deprovisioning, and the
     * audit trail (who held what, until when) outlives the contract's last day.
     */
    public static final Period RETENTION = Period.ofDays(90);

    private CouncilRetirement() {
    }

    /** When a council retired at {@code retiredAt} may be deleted: the first moment after the retention. */
    public static Instant deletableFrom(Instant retiredAt) {
        return retiredAt.atOffset(ZoneOffset.UTC).plus(RETENTION).toInstant();
    }

    /** The retirement instant a federation setting holds; empty when unset or unreadable (then: not retired). */
    public static Optional<Instant> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value.strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A day as people read it in a dry run or a log ({@code 2027-03-31}, UTC). */
    public static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
