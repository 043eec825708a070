package uk.boroughbroker.directory;

import com.unboundid.ldap.listener.Base64PasswordEncoderOutputFormatter;
import com.unboundid.ldap.listener.InMemoryPasswordEncoder;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ReadOnlyEntry;
import com.unboundid.ldap.sdk.ResultCode;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * Stores {@code userPassword} as {@code {SSHA256}base64(SHA-256(password + salt) + salt)}, the format
 * OpenLDAP and the UnboundID tools use, so demo passwords are not kept in clear in the directory.
 *
 * <p>Why not UnboundID's {@code SaltedMessageDigestInMemoryPasswordEncoder}: it shares one
 * {@link MessageDigest} between all connections, and the in-memory server processes binds in parallel
 * (they only take a read lock), so concurrent logins could corrupt each other's digests. Here every
 * call gets its own digest. Clear-text values that reach the directory without the prefix still work:
 * the server compares values it cannot decode as clear text.
 */
final class SaltedSha256PasswordEncoder extends InMemoryPasswordEncoder {

    static final String PREFIX = "{SSHA256}";
    private static final int DIGEST_BYTES = 32;
    private static final int SALT_BYTES = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    SaltedSha256PasswordEncoder() {
        super(PREFIX, Base64PasswordEncoderOutputFormatter.getInstance());
    }

    @Override
    protected byte[] encodePassword(byte[] clearPassword, ReadOnlyEntry userEntry, List<Modification> mods) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return concat(digest(clearPassword, salt), salt);
    }

    @Override
    protected void ensurePreEncodedPasswordAppearsValid(byte[] encoded, ReadOnlyEntry userEntry,
                                                        List<Modification> mods) throws LDAPException {
        if (encoded.length <= DIGEST_BYTES) {
            throw new LDAPException(ResultCode.CONSTRAINT_VIOLATION,
                    "A " + PREFIX + " password must hold a 32-byte SHA-256 digest followed by a salt");
        }
    }

    @Override
    protected boolean passwordMatches(byte[] clearPassword, byte[] encoded, ReadOnlyEntry userEntry) {
        if (encoded.length <= DIGEST_BYTES) {
            return false;
        }
        byte[] expected = Arrays.copyOf(encoded, DIGEST_BYTES);
        byte[] salt = Arrays.copyOfRange(encoded, DIGEST_BYTES, encoded.length);
        return MessageDigest.isEqual(expected, digest(clearPassword, salt));
    }

    @Override
    protected byte[] extractClearPassword(byte[] encoded, ReadOnlyEntry userEntry) throws LDAPException {
        throw new LDAPException(ResultCode.NOT_SUPPORTED, "Salted SHA-256 passwords cannot be turned back into clear text");
    }

    @Override
    public void toString(StringBuilder buffer) {
        buffer.append("SaltedSha256PasswordEncoder(prefix='").append(PREFIX).append("')");
    }

    private static byte[] digest(byte[] clearPassword, byte[] salt) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(clearPassword);
            sha256.update(salt);
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] result = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, result, first.length, second.length);
        return result;
    }
}
