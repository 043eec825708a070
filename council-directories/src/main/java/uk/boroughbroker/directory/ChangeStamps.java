package uk.boroughbroker.directory;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedDeleteRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedDeleteResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyDNRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyDNResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ReadOnlyModifyDNRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;

import java.util.List;

/**
 * Stamps what clients write over LDAP the way a domain controller does, so that a change reader can
 * follow the directory by {@code uSNChanged} (decision 0028): an add gets {@code uSNCreated} and
 * {@code uSNChanged}, a modify and a rename or move a new {@code uSNChanged}, a delete leaves a
 * {@link Tombstones tombstone} with a new one. The root DSE reports {@code highestCommittedUSN},
 * {@code dsServiceName} and {@code defaultNamingContext}, as AD's does.
 *
 * <p>The USN is taken when the request arrives and released when its result is known, so the root
 * DSE never reports a USN whose write is not visible yet (see {@link UpdateSequence}). Added last
 * among the interceptors: the result phase then always follows the request phase. The directory's
 * own writes ({@link DirectoryEntries}) stamp themselves: interceptors never see them.
 */
final class ChangeStamps extends InMemoryOperationInterceptor {

    private static final String USN = "borough.usn";
    private static final String DELETED_ENTRY = "borough.deletedEntry";

    private final UpdateSequence sequence;
    private final String baseDn;
    private final String dsServiceName;
    private final String deletedObjectsDn;
    /** Set once the server exists; the interceptor has to be configured before the server is built. */
    private volatile InMemoryDirectoryServer server;

    ChangeStamps(UpdateSequence sequence, String baseDn, String dsServiceName, String deletedObjectsDn) {
        this.sequence = sequence;
        this.baseDn = baseDn;
        this.dsServiceName = dsServiceName;
        this.deletedObjectsDn = deletedObjectsDn;
    }

    void attach(InMemoryDirectoryServer directoryServer) {
        this.server = directoryServer;
    }

    @Override
    public void processAddRequest(InMemoryInterceptedAddRequest request) {
        long usn = begin(request);
        AddRequest stamped = request.getRequest().duplicate();
        stamped.replaceAttribute("uSNCreated", Long.toString(usn));
        stamped.replaceAttribute("uSNChanged", Long.toString(usn));
        request.setRequest(stamped);
    }

    @Override
    public void processAddResult(InMemoryInterceptedAddResult result) {
        end(result);
    }

    @Override
    public void processModifyRequest(InMemoryInterceptedModifyRequest request) {
        long usn = begin(request);
        ModifyRequest stamped = request.getRequest().duplicate();
        stamped.addModification(new Modification(ModificationType.REPLACE, "uSNChanged", Long.toString(usn)));
        request.setRequest(stamped);
    }

    @Override
    public void processModifyResult(InMemoryInterceptedModifyResult result) {
        end(result);
    }

    /** A rename or move cannot carry attributes: the entry is stamped at its new DN once it is there. */
    @Override
    public void processModifyDNRequest(InMemoryInterceptedModifyDNRequest request) {
        begin(request);
    }

    @Override
    public void processModifyDNResult(InMemoryInterceptedModifyDNResult result) {
        try {
            if (succeeded(result.getResult())) {
                server.modify(newDn(result.getRequest()).toString(),
                        new Modification(ModificationType.REPLACE, "uSNChanged", Long.toString(usn(result))));
            }
        } catch (LDAPException e) {
            // The entry moved on meanwhile (a concurrent delete): there is nothing left to stamp.
        } finally {
            end(result);
        }
    }

    @Override
    public void processDeleteRequest(InMemoryInterceptedDeleteRequest request) {
        begin(request);
        try {
            request.setProperty(DELETED_ENTRY, server.getEntry(request.getRequest().getDN()));
        } catch (LDAPException e) {
            // A malformed DN: the server refuses the delete with its usual answer.
        }
    }

    @Override
    public void processDeleteResult(InMemoryInterceptedDeleteResult result) {
        try {
            Object deleted = result.getProperty(DELETED_ENTRY);
            if (succeeded(result.getResult()) && deleted instanceof Entry entry) {
                Entry tombstone = Tombstones.of(entry, usn(result), deletedObjectsDn);
                if (tombstone != null) {
                    server.add(tombstone);
                }
            }
        } catch (LDAPException e) {
            // Only if the same object were deleted twice at once: the first tombstone stands.
        } finally {
            end(result);
        }
    }

    /** The root DSE: what a change reader reads first (the USN it may continue from, and from which DC). */
    @Override
    public void processSearchEntry(InMemoryInterceptedSearchEntry found) {
        SearchResultEntry entry = found.getSearchEntry();
        if (entry == null || !entry.getDN().isEmpty()) {
            return;
        }
        List<String> requested = found.getRequest().getAttributeList();
        Entry rootDse = entry.duplicate();
        addIfRequested(rootDse, requested, "highestCommittedUSN", Long.toString(sequence.highestCommitted()));
        addIfRequested(rootDse, requested, "dsServiceName", dsServiceName);
        addIfRequested(rootDse, requested, "defaultNamingContext", baseDn);
        if (rootDse.hasAttribute("supportedControl")) {
            rootDse.addAttribute("supportedControl", DeletedObjectsAccess.SHOW_DELETED_OID);
        }
        found.setSearchEntry(rootDse);
    }

    /** As AD: root DSE attributes come with no attribute list, {@code *}, {@code +} or by name. */
    private static void addIfRequested(Entry rootDse, List<String> requested, String name, String value) {
        boolean wanted = requested.isEmpty() || requested.stream().anyMatch(
                a -> a.equals("*") || a.equals("+") || a.equalsIgnoreCase(name));
        if (wanted) {
            rootDse.setAttribute(name, value);
        }
    }

    private long begin(InMemoryInterceptedRequest request) {
        long usn = sequence.begin();
        request.setProperty(USN, usn);
        return usn;
    }

    private void end(InMemoryInterceptedResult result) {
        if (result.getProperty(USN) instanceof Long usn) {
            sequence.end(usn);
        }
    }

    private static long usn(InMemoryInterceptedResult result) {
        return (Long) result.getProperty(USN);
    }

    private static boolean succeeded(LDAPResult result) {
        return result.getResultCode() == ResultCode.SUCCESS;
    }

    private static DN newDn(ReadOnlyModifyDNRequest request) throws LDAPException {
        DN old = new DN(request.getDN());
        String superior = request.getNewSuperiorDN();
        return new DN(new RDN(request.getNewRDN()), superior == null ? old.getParent() : new DN(superior));
    }
}
