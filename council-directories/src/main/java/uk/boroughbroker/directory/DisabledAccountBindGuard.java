package uk.boroughbroker.directory;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;

/**
 * Refuses a simple bind to a disabled account the way a domain controller does.
 *
 * <p>The in-memory server only checks the password, so without this a user with
 * {@code userAccountControl} 514 could still bind, which no real AD allows. Like AD, the refusal is
 * "invalid credentials" with the diagnostic text {@code AcceptSecurityContext error, data 533}, and it is
 * given only when the password is right (a wrong password stays the ordinary failure, AD's data 52e).
 * The broker's directory provider reads that "data" code (its AccountState) to say "account disabled".
 */
final class DisabledAccountBindGuard extends InMemoryOperationInterceptor {

    static final int ACCOUNTDISABLE = 0x2;
    static final String ACCOUNT_DISABLED_DIAGNOSTIC =
            "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 533, v4563";
    static final String ACCOUNT_LOCKED_DIAGNOSTIC =
            "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 775, v4563";
    static final String ACCOUNT_EXPIRED_DIAGNOSTIC =
            "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 701, v4563";

    /** Set once the server exists; the interceptor has to be configured before the server is built. */
    private volatile InMemoryDirectoryServer server;

    void attach(InMemoryDirectoryServer directoryServer) {
        this.server = directoryServer;
    }

    @Override
    public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) throws LDAPException {
        InMemoryDirectoryServer directory = server;
        SimpleBindRequest bind = request.getRequest();
        if (directory == null || bind.getBindDN().isEmpty()) {
            return;
        }
        Entry account;
        try {
            account = directory.getEntry(bind.getBindDN());
        } catch (LDAPException malformedDn) {
            return; // let the server produce its usual answer
        }
        if (account == null) {
            return;
        }
        // As AD: a locked account is refused whatever the password (data 775); disabled and
        // expired accounts are refused with their reason only when the password is right.
        if (isLocked(account)) {
            throw new LDAPException(ResultCode.INVALID_CREDENTIALS, ACCOUNT_LOCKED_DIAGNOSTIC);
        }
        ASN1OctetString password = bind.getPassword();
        if (password == null || directory.getPasswordsInEntry(account, password).isEmpty()) {
            return;
        }
        if (isDisabled(account)) {
            throw new LDAPException(ResultCode.INVALID_CREDENTIALS, ACCOUNT_DISABLED_DIAGNOSTIC);
        }
        if (isExpired(account)) {
            throw new LDAPException(ResultCode.INVALID_CREDENTIALS, ACCOUNT_EXPIRED_DIAGNOSTIC);
        }
    }

    /** lockoutTime set (in this directory there is no lockout duration: an admin clears it). */
    private static boolean isLocked(Entry account) {
        Long lockoutTime = account.getAttributeValueAsLong("lockoutTime");
        return lockoutTime != null && lockoutTime > 0;
    }

    /** accountExpires (Windows FILETIME) in the past; 0 and 0x7FFFFFFFFFFFFFFF mean never. */
    private static boolean isExpired(Entry account) {
        Long expires = account.getAttributeValueAsLong("accountExpires");
        if (expires == null || expires == 0 || expires == Long.MAX_VALUE) {
            return false;
        }
        long epochMillis = (expires - 116_444_736_000_000_000L) / 10_000;
        return System.currentTimeMillis() > epochMillis;
    }

    private static boolean isDisabled(Entry account) {
        Integer userAccountControl = account.getAttributeValueAsInteger("userAccountControl");
        return userAccountControl != null && (userAccountControl & ACCOUNTDISABLE) != 0;
    }
}
