package uk.boroughbroker.directory;

import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedCompareRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedDeleteRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedExtendedRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyDNRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSASLBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the requests clients send over LDAP, so tests can tell how much traffic each council's
 * directory received (for example: a login for a Brent user must not touch Lewisham).
 *
 * <p>Interceptors only see requests arriving on the listener, so the directory's own work (loading
 * entries, {@code addMember}, {@code userCount}) is not counted. Abandon and unbind requests cannot be
 * intercepted and are not counted either; StartTLS, password modify and other extended requests are.
 */
final class OperationCounter extends InMemoryOperationInterceptor {

    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong binds = new AtomicLong();

    long count() {
        return operations.get();
    }

    long binds() {
        return binds.get();
    }

    @Override
    public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
        operations.incrementAndGet();
        binds.incrementAndGet();
    }

    @Override
    public void processSASLBindRequest(InMemoryInterceptedSASLBindRequest request) {
        operations.incrementAndGet();
    }

    @Override
    public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
        operations.incrementAndGet();
    }

    @Override
    public void processCompareRequest(InMemoryInterceptedCompareRequest request) {
        operations.incrementAndGet();
    }

    @Override
    public void processAddRequest(InMemoryInterceptedAddRequest request) {
        operations.incrementAndGet();
    }

    @Override
    public void processModifyRequest(InMemoryInterceptedModifyRequest request) {
        operations.incrementAndGet();
    }

    @Override
    public void processModifyDNRequest(InMemoryInterceptedModifyDNRequest request) {
        operations.incrementAndGet();
    }

    @Override
    public void processDeleteRequest(InMemoryInterceptedDeleteRequest request) {
        operations.incrementAndGet();
    }

    @Override
    public void processExtendedRequest(InMemoryInterceptedExtendedRequest request) {
        operations.incrementAndGet();
    }
}
