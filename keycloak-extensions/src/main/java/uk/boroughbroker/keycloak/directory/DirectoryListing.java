package uk.boroughbroker.keycloak.directory;

import java.util.ArrayList;
import java.util.List;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import org.jboss.logging.Logger;

/**
 * Every person under a council's users container, a page at a time (Simple Paged Results: AD
 * answers at most 1,000 entries per page, whatever the size asked for), for a full reconcile.
 */
final class DirectoryListing {

    private static final Logger LOG = Logger.getLogger(DirectoryListing.class);
    /** People, not computers (a computer account is a user in AD's schema). */
    static final Filter PEOPLE = Filter.createANDFilter(Filter.createEqualityFilter("objectClass", "user"),
            Filter.createNOTFilter(Filter.createEqualityFilter("objectClass", "computer")));
    static final int PAGE_SIZE = 500;

    /** What a page hands on: the people on it, and those skipped (no usable objectGUID) by DN. */
    @FunctionalInterface
    interface PageConsumer {
        void accept(List<DirectoryUser> people, List<String> unusable);
    }

    private DirectoryListing() {
    }

    /** How far a listing got: a listing cut short by its bound must not count the rest as gone. */
    record Listed(int entries, boolean complete) {
    }

    /**
     * Lists the people, handing each page on as it arrives, so that a large council is applied page
     * by page rather than held in memory whole.
     *
     * @param maxPages a bound on the pages read: the pass ends there with what it has
     */
    static Listed people(LDAPConnection controller, String usersDn, int pageSize, int maxPages, PageConsumer consumer)
            throws LDAPException {
        ASN1OctetString cookie = null;
        int entries = 0;
        for (int page = 0; page < maxPages; page++) {
            SearchRequest request = new SearchRequest(usersDn, SearchScope.SUB, PEOPLE, DirectoryUser.ATTRIBUTES);
            request.setControls(new SimplePagedResultsControl(pageSize, cookie, true));
            SearchResult result = controller.search(request);
            List<DirectoryUser> people = new ArrayList<>(result.getEntryCount());
            List<String> unusable = new ArrayList<>();
            for (SearchResultEntry entry : result.getSearchEntries()) {
                try {
                    people.add(DirectoryUser.from(entry));
                } catch (IllegalArgumentException e) {
                    unusable.add(entry.getDN());
                }
            }
            entries += result.getEntryCount();
            consumer.accept(people, unusable);
            SimplePagedResultsControl paged = SimplePagedResultsControl.get(result);
            if (paged == null || !paged.moreResultsToReturn()) {
                return new Listed(entries, true);
            }
            cookie = paged.getCookie();
        }
        LOG.warnf("Listing %s stopped after %d pages (%d entries): the rest waits for the next pass", usersDn,
                maxPages, entries);
        return new Listed(entries, false);
    }
}
