package uk.boroughbroker.keycloak.directory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.unboundid.ldap.sdk.Entry;

/**
 * A person as the council's directory has them. {@code objectGUID} is the identity: it survives
 * renames (sAMAccountName, UPN, DN), which is why the broker keys users on it.
 */
record DirectoryUser(String dn, UUID objectGuid, String account, String principalName, String firstName,
        String lastName, String email, long userAccountControl, long accountExpires, long lockoutTime,
        long pwdLastSet, List<String> memberOf) {

    static final String[] ATTRIBUTES = {"objectGUID", "sAMAccountName", "userPrincipalName", "givenName", "sn",
        "mail", "userAccountControl", "accountExpires", "lockoutTime", "pwdLastSet", "memberOf"};

    /** AD's "never expires" values for accountExpires. */
    private static final long NEVER = 0x7FFFFFFFFFFFFFFFL;
    /** 100-ns intervals between 1601-01-01 (Windows FILETIME epoch) and 1970-01-01. */
    private static final long FILETIME_EPOCH_OFFSET = 116_444_736_000_000_000L;

    static DirectoryUser from(Entry entry) {
        byte[] guid = entry.getAttributeValueBytes("objectGUID");
        if (guid == null || guid.length != 16) {
            throw new IllegalArgumentException("entry " + entry.getDN() + " has no 16-byte objectGUID");
        }
        String[] memberOf = entry.getAttributeValues("memberOf");
        return new DirectoryUser(entry.getDN(), guidToUuid(guid), entry.getAttributeValue("sAMAccountName"),
                entry.getAttributeValue("userPrincipalName"), entry.getAttributeValue("givenName"),
                entry.getAttributeValue("sn"), entry.getAttributeValue("mail"),
                number(entry, "userAccountControl"), number(entry, "accountExpires"), number(entry, "lockoutTime"),
                entry.hasAttribute("pwdLastSet") ? number(entry, "pwdLastSet") : -1,
                memberOf == null ? List.of() : List.of(memberOf));
    }

    private static long number(Entry entry, String attribute) {
        Long value = entry.getAttributeValueAsLong(attribute);
        return value == null ? 0 : value;
    }

    /** AD stores the first three GUID fields little-endian. */
    static UUID guidToUuid(byte[] b) {
        ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long d1 = in.getInt() & 0xFFFFFFFFL;
        long d2 = in.getShort() & 0xFFFFL;
        long d3 = in.getShort() & 0xFFFFL;
        long high = (d1 << 32) | (d2 << 16) | d3;
        long low = ByteBuffer.wrap(b, 8, 8).order(ByteOrder.BIG_ENDIAN).getLong();
        return new UUID(high, low);
    }

    static byte[] uuidToGuid(UUID uuid) {
        ByteBuffer out = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        long high = uuid.getMostSignificantBits();
        out.putInt((int) (high >>> 32));
        out.putShort((short) (high >>> 16));
        out.putShort((short) high);
        out.order(ByteOrder.BIG_ENDIAN).putLong(uuid.getLeastSignificantBits());
        return out.array();
    }

    /** The state the directory's attributes show, before any password is tried. */
    AccountState state(Instant now) {
        if ((userAccountControl & 0x2) != 0) {
            return AccountState.DISABLED;
        }
        if (lockoutTime > 0) {
            return AccountState.LOCKED;
        }
        if (accountExpires > 0 && accountExpires != NEVER
                && now.isAfter(Instant.ofEpochMilli((accountExpires - FILETIME_EPOCH_OFFSET) / 10_000))) {
            return AccountState.EXPIRED;
        }
        if (pwdLastSet == 0) {
            return AccountState.PASSWORD_MUST_CHANGE;
        }
        return AccountState.ACTIVE;
    }
}
