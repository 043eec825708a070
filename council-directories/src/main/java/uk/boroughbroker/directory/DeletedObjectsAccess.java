package uk.boroughbroker.directory;

import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSASLBindResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindResult;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Who sees tombstones, as on a domain controller (Samba 4.17 checked, decision 0028): nobody
 * without the Show Deleted control ({@value #SHOW_DELETED_OID}), and with it only accounts allowed
 * to list and read {@code CN=Deleted Objects} (List Contents + Read Property, which a council's AD
 * admin grants the broker's service account). Everyone else gets the search without them, as an
 * ordinary domain user does on AD.
 *
 * <p>The control is taken off the request before the in-memory server sees it: it does not know it
 * and would refuse a critical one. Who a connection is bound as is followed through its bind
 * results, because interceptors are not told.
 */
final class DeletedObjectsAccess extends InMemoryOperationInterceptor {

    /** LDAP_SERVER_SHOW_DELETED_OID. */
    static final String SHOW_DELETED_OID = "1.2.840.113556.1.4.417";
    private static final String SHOW_DELETED = "borough.showDeleted";
    /** Bounds the connections remembered: closed connections are never reported to interceptors. */
    private static final int MAX_CONNECTIONS = 10_000;

    private final DN deletedObjects;
    private final DN brokerAccount;
    private volatile boolean granted = true;
    /** Connections currently bound as the broker's account. */
    private final Set<Long> readerConnections = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                    return size() > MAX_CONNECTIONS;
                }
            }));

    /** @throws IllegalArgumentException if a DN is not valid */
    DeletedObjectsAccess(String deletedObjectsDn, String brokerAccountDn) {
        this.deletedObjects = dn(deletedObjectsDn);
        this.brokerAccount = dn(brokerAccountDn);
    }

    boolean granted() {
        return granted;
    }

    /** Grants or revokes the broker account's List Contents + Read Property on CN=Deleted Objects. */
    void granted(boolean grant) {
        this.granted = grant;
    }

    @Override
    public void processSimpleBindResult(InMemoryInterceptedSimpleBindResult result) {
        long connection = result.getConnectionID();
        boolean reader = result.getResult().getResultCode() == ResultCode.SUCCESS
                && brokerAccount.equals(parsedOrNull(result.getRequest().getBindDN()));
        if (reader) {
            readerConnections.add(connection);
        } else {
            readerConnections.remove(connection); // any other bind, failed ones too, ends the previous identity
        }
    }

    @Override
    public void processSASLBindResult(InMemoryInterceptedSASLBindResult result) {
        readerConnections.remove(result.getConnectionID());
    }

    @Override
    public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
        if (!request.getRequest().hasControl(SHOW_DELETED_OID)) {
            return;
        }
        SearchRequest withoutControl = request.getRequest().duplicate();
        withoutControl.setControls(Arrays.stream(withoutControl.getControls())
                .filter(control -> !SHOW_DELETED_OID.equals(control.getOID())).toArray(Control[]::new));
        request.setRequest(withoutControl);
        request.setProperty(SHOW_DELETED, granted && readerConnections.contains(request.getConnectionID()));
    }

    @Override
    public void processSearchEntry(InMemoryInterceptedSearchEntry found) {
        SearchResultEntry entry = found.getSearchEntry();
        if (entry == null || Boolean.TRUE.equals(found.getProperty(SHOW_DELETED))) {
            return;
        }
        DN dn = parsedOrNull(entry.getDN());
        if (dn != null && Tombstones.isDeletedObject(dn, deletedObjects)) {
            found.setSearchEntry(null);
        }
    }

    private static DN dn(String dn) {
        try {
            return new DN(dn);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("'" + dn + "' is not a valid DN", e);
        }
    }

    private static DN parsedOrNull(String dn) {
        try {
            return new DN(dn);
        } catch (LDAPException e) {
            return null;
        }
    }
}
