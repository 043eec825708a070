package uk.boroughbroker.keycloak.directory;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;

/** How a directory's failures are told apart (an outage or an answer) and put in one line for admins. */
final class DirectoryFailures {

    private DirectoryFailures() {
    }

    /** Result codes that say "could not talk to the directory", as opposed to an answer. */
    static boolean isOutage(ResultCode code) {
        return !ResultCode.isConnectionUsable(code) || code == ResultCode.TIMEOUT || code == ResultCode.BUSY
                || code == ResultCode.UNAVAILABLE || code == ResultCode.CONNECT_ERROR || code == ResultCode.SERVER_DOWN
                || code == ResultCode.TIME_LIMIT_EXCEEDED;
    }

    /** What the directory (or the SDK for it) said: the result code, then its diagnostic message if it gave one. */
    static String result(LDAPException e) {
        return e.getResultCode() + (e.getDiagnosticMessage() == null ? "" : ": " + e.getDiagnosticMessage());
    }

    /** A failure in one line for admins: the UnboundID SDK appends a thread stack trace to some messages. */
    static String brief(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int trace = message.indexOf("Thread stack trace:");
        if (trace >= 0) {
            message = message.substring(0, trace).strip();
        }
        return e.getClass().getSimpleName() + ": " + message;
    }
}
