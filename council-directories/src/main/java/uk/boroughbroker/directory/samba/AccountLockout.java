package uk.boroughbroker.directory.samba;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * Locks accounts the way they get locked in real life: failed binds until the DC's lockout threshold.
 *
 * <p>A DC lets no client write {@code lockoutTime} (only reset it to 0), and a snapshot is taken
 * before the first start, so this runs after every start; with the 60-minute lockout duration the
 * accounts stay locked for the whole test run or demo session.
 */
final class AccountLockout {

    /** Sub-code in the bind error of a locked account: ERROR_ACCOUNT_LOCKED_OUT. */
    static final String LOCKED_OUT = "data 775";
    private static final int MAX_ATTEMPTS = SeedLdif.LOCKOUT_THRESHOLD + 3;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AccountLockout() {
    }

    static void lock(String councilId, String address, int port, List<String> accountDns) {
        if (accountDns.isEmpty()) {
            return;
        }
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(2_000);
        options.setResponseTimeoutMillis(10_000);
        try (LDAPConnection connection = new LDAPConnection(options, address, port)) {
            for (String dn : accountDns) {
                lock(councilId, connection, dn);
            }
        } catch (LDAPException e) {
            throw new SambaStartException("Council " + councilId + ": cannot connect to " + address + ":" + port
                    + " to lock accounts: " + e.getMessage(), e);
        }
    }

    private static void lock(String councilId, LDAPConnection connection, String dn) {
        String last = "";
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            // Random, so it can never match the account's current or previous password: AD does not
            // count a bad password that matches one of the last two passwords.
            byte[] random = new byte[8];
            RANDOM.nextBytes(random);
            String wrong = "wrong-" + HexFormat.of().formatHex(random);
            try {
                connection.bind(dn, wrong);
                throw new SambaStartException("Council " + councilId + ": cannot lock " + dn
                        + ": a bind with a wrong password succeeded");
            } catch (LDAPException e) {
                last = String.valueOf(e.getDiagnosticMessage());
                if (last.contains(LOCKED_OUT)) {
                    return;
                }
            }
        }
        throw new SambaStartException("Council " + councilId + ": cannot lock " + dn + ": after " + MAX_ATTEMPTS
                + " failed binds the DC still answers '" + last + "' (lockout threshold "
                + SeedLdif.LOCKOUT_THRESHOLD + ")");
    }
}
