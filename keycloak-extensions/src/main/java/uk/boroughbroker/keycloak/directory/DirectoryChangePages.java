package uk.boroughbroker.keycloak.directory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;

/**
 * One search of a change pass, read with Simple Paged Results (AD answers at most MaxPageSize
 * entries, 1,000 by default, to a search without it) and the Show Deleted control, within the
 * pass's deadline and a number of pages (decision 0028).
 */
final class DirectoryChangePages {

    /** LDAP_SERVER_SHOW_DELETED_OID: tombstones too, for accounts allowed to read CN=Deleted Objects. */
    static final String SHOW_DELETED_OID = "1.2.840.113556.1.4.417";

    /** The entries read, and whether the search was read to its end. */
    record Read(List<SearchResultEntry> entries, boolean completed) {
    }

    private DirectoryChangePages() {
    }

    /**
     * @param maxPages more pages than this means the DC answers more than it should: stop there
     */
    static Read read(LDAPInterface dc, SearchRequest request, int pageSize, int maxPages, Instant deadline,
            Clock clock) throws LDAPException {
        List<SearchResultEntry> entries = new ArrayList<>();
        ASN1OctetString cookie = null;
        for (int page = 0; page < maxPages; page++) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (page > 0 && (left.isNegative() || left.isZero())) {
                release(dc, request, cookie);
                return new Read(entries, false);
            }
            // The server stops a search that outlives the pass too; at least a second, its unit.
            request.setTimeLimitSeconds((int) Math.max(1, Math.min(Integer.MAX_VALUE, left.toSeconds())));
            request.setControls(new SimplePagedResultsControl(pageSize, cookie, true),
                    new Control(SHOW_DELETED_OID, false));
            SearchResult result = dc.search(request);
            entries.addAll(result.getSearchEntries());
            SimplePagedResultsControl paged = SimplePagedResultsControl.get(result);
            if (paged == null || !paged.moreResultsToReturn()) {
                return new Read(entries, true);
            }
            cookie = paged.getCookie();
        }
        release(dc, request, cookie);
        return new Read(entries, false);
    }

    /** A page of size 0 with the cookie: tells the DC to drop the rest of the search (RFC 2696). */
    private static void release(LDAPInterface dc, SearchRequest request, ASN1OctetString cookie) {
        if (cookie == null) {
            return;
        }
        request.setControls(new SimplePagedResultsControl(0, cookie, true), new Control(SHOW_DELETED_OID, false));
        try {
            dc.search(request);
        } catch (LDAPException e) {
            // Nothing to do: the DC drops the search state itself after a while.
        }
    }
}
