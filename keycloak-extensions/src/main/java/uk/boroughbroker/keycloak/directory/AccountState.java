package uk.boroughbroker.keycloak.directory;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why Active Directory refused (or accepted) a password. AD puts the reason in the bind error's
 * diagnostic message as {@code data <hex>} (for example {@code AcceptSecurityContext error, data 533});
 * the directory's own attributes tell the same for the states it knows before a bind.
 */
enum AccountState {
    ACTIVE,
    /** data 52e, or any refusal without a more specific reason. */
    INVALID_CREDENTIALS,
    /** data 533, or userAccountControl bit 0x2. */
    DISABLED,
    /** data 775, or lockoutTime set. */
    LOCKED,
    /** data 701, or accountExpires in the past. */
    EXPIRED,
    /** data 532. */
    PASSWORD_EXPIRED,
    /** data 773, or pwdLastSet = 0. */
    PASSWORD_MUST_CHANGE;

    private static final Pattern DATA = Pattern.compile("data ([0-9a-fA-F]{3})");

    static AccountState fromBindDiagnostic(String diagnostic) {
        if (diagnostic == null) {
            return INVALID_CREDENTIALS;
        }
        Matcher m = DATA.matcher(diagnostic);
        if (!m.find()) {
            return INVALID_CREDENTIALS;
        }
        return switch (m.group(1).toLowerCase(java.util.Locale.ROOT)) {
            case "533" -> DISABLED;
            case "775" -> LOCKED;
            case "701" -> EXPIRED;
            case "532" -> PASSWORD_EXPIRED;
            case "773" -> PASSWORD_MUST_CHANGE;
            default -> INVALID_CREDENTIALS;
        };
    }
}
