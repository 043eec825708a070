package uk.boroughbroker.keycloak.directory;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which councils' connections a node should let go of because their federation is gone (removed,
 * or disabled when a council retires) on whichever node made the change. Keycloak calls the
 * factory's {@code preRemove} and {@code onUpdate} only on the node that served the admin's
 * request; the others would otherwise keep the connection pool and its background probes to the
 * council's domain controllers until they restart.
 *
 * <p>Fed by the sync schedule's tick, which lists every realm's enabled council federations on every
 * node anyway. A federation is let go of only when two ticks in a row did not list it: a federation
 * created on another node a moment before a tick is not yet in this node's realm cache, and its
 * first sign-in may already have opened its connection here.
 */
final class FederationSweep {

    private final Set<String> missingOnce = ConcurrentHashMap.newKeySet();

    /**
     * @param held the federations this node holds a connection for
     * @param live every enabled council federation, as a tick just listed them
     * @return the federations to let go of now
     */
    List<String> gone(Collection<String> held, Set<String> live) {
        missingOnce.retainAll(held);
        missingOnce.removeAll(live);
        List<String> gone = held.stream().filter(id -> !live.contains(id) && !missingOnce.add(id)).toList();
        gone.forEach(missingOnce::remove);
        return gone;
    }
}
