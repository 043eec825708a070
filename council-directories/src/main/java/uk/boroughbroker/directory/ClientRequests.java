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

/**
 * Every request a client sends, in one place: counted on arrival, then held for the response delay.
 * Counting first means refused binds are counted, and held, too (the bind guard comes after this).
 *
 * <p>Interceptors only see requests arriving on the listener, so the directory's own work (loading
 * entries, {@code addMember}, {@code userCount}) is neither counted nor held. Abandon and unbind
 * requests cannot be intercepted; StartTLS, password modify and other extended requests are.
 */
final class ClientRequests extends InMemoryOperationInterceptor {

    private final OperationCounter counter;
    private final ResponseDelay delay;

    ClientRequests(OperationCounter counter, ResponseDelay delay) {
        this.counter = counter;
        this.delay = delay;
    }

    private void arrived(boolean simpleBind) {
        counter.received(simpleBind);
        delay.hold();
    }

    @Override
    public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
        arrived(true);
    }

    @Override
    public void processSASLBindRequest(InMemoryInterceptedSASLBindRequest request) {
        arrived(false);
    }

    @Override
    public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
        arrived(false);
    }

    @Override
    public void processCompareRequest(InMemoryInterceptedCompareRequest request) {
        arrived(false);
    }

    @Override
    public void processAddRequest(InMemoryInterceptedAddRequest request) {
        arrived(false);
    }

    @Override
    public void processModifyRequest(InMemoryInterceptedModifyRequest request) {
        arrived(false);
    }

    @Override
    public void processModifyDNRequest(InMemoryInterceptedModifyDNRequest request) {
        arrived(false);
    }

    @Override
    public void processDeleteRequest(InMemoryInterceptedDeleteRequest request) {
        arrived(false);
    }

    @Override
    public void processExtendedRequest(InMemoryInterceptedExtendedRequest request) {
        arrived(false);
    }
}
