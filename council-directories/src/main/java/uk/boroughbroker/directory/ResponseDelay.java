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

import java.time.Duration;

/**
 * Holds every client request for a settable time before the server answers it: a slow domain
 * controller (overloaded, or far away over a WAN link) for resilience tests and benchmarks.
 *
 * <p>The in-memory server runs each client connection on its own thread, so holding one request
 * holds only that connection, as on a real DC. A changed delay applies to requests already waiting
 * too: clearing it releases them at once, so a test never waits out a delay it no longer wants.
 */
final class ResponseDelay extends InMemoryOperationInterceptor {

    /** Longer than any read timeout a client would sensibly use; beyond it is a mistake, not a slow DC. */
    static final Duration MAX = Duration.ofMinutes(10);

    private final Object changed = new Object();
    private volatile long delayNanos;

    Duration get() {
        return Duration.ofNanos(delayNanos);
    }

    void set(Duration delay) {
        if (delay == null) {
            throw new IllegalArgumentException("the response delay must not be null (use Duration.ZERO for none)");
        }
        if (delay.isNegative() || delay.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("the response delay must be between 0 and " + MAX.toMinutes()
                    + " minutes, got " + delay);
        }
        synchronized (changed) {
            delayNanos = delay.toNanos();
            changed.notifyAll();
        }
    }

    private void hold() {
        if (delayNanos <= 0) {
            return;
        }
        long received = System.nanoTime();
        synchronized (changed) {
            while (true) {
                long remaining = received + delayNanos - System.nanoTime();
                if (remaining <= 0) {
                    return;
                }
                try {
                    changed.wait(remaining / 1_000_000, (int) (remaining % 1_000_000));
                } catch (InterruptedException e) {
                    // The server is shutting down: answer (or drop) now.
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
        hold();
    }

    @Override
    public void processSASLBindRequest(InMemoryInterceptedSASLBindRequest request) {
        hold();
    }

    @Override
    public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
        hold();
    }

    @Override
    public void processCompareRequest(InMemoryInterceptedCompareRequest request) {
        hold();
    }

    @Override
    public void processAddRequest(InMemoryInterceptedAddRequest request) {
        hold();
    }

    @Override
    public void processModifyRequest(InMemoryInterceptedModifyRequest request) {
        hold();
    }

    @Override
    public void processModifyDNRequest(InMemoryInterceptedModifyDNRequest request) {
        hold();
    }

    @Override
    public void processDeleteRequest(InMemoryInterceptedDeleteRequest request) {
        hold();
    }

    @Override
    public void processExtendedRequest(InMemoryInterceptedExtendedRequest request) {
        hold();
    }
}
