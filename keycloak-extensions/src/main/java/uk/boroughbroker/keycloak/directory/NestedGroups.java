package uk.boroughbroker.keycloak.directory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jboss.logging.Logger;

/**
 * Every group a person belongs to, directly or through groups inside groups, by exact DN. Ours to
 * resolve: the in-chain matching rule (1.2.840.113556.1.4.1941) is AD-only and costly, and stock
 * Keycloak's recursive strategies need it.
 *
 * <p>Walks up {@code memberOf} breadth first, at most {@code maxDepth} levels above the person's
 * own groups, visiting each group once (so a cycle A ⊃ B ⊃ A ends), and says in the log when the
 * bound cut the walk short.
 */
final class NestedGroups {

    private static final Logger LOG = Logger.getLogger(NestedGroups.class);

    /** The groups a group is itself a member of. */
    @FunctionalInterface
    interface Parents {
        List<String> of(String groupDn) throws DirectoryUnavailableException;
    }

    private NestedGroups() {
    }

    /** @return the person's groups, direct first, then by distance; DNs as the directory wrote them */
    static Set<String> resolve(String council, List<String> direct, Parents parents, int maxDepth)
            throws DirectoryUnavailableException {
        Set<String> seen = new LinkedHashSet<>();
        Set<String> seenKeys = new java.util.HashSet<>();
        Deque<String> level = new ArrayDeque<>();
        for (String dn : direct) {
            if (seenKeys.add(key(dn))) {
                seen.add(dn);
                level.add(dn);
            }
        }
        for (int depth = 1; !level.isEmpty(); depth++) {
            Deque<String> next = new ArrayDeque<>();
            for (String group : level) {
                for (String parent : parents.of(group)) {
                    if (seenKeys.add(key(parent))) {
                        if (depth > maxDepth) {
                            LOG.warnf("Council %s: groups nest deeper than %d levels above %s; deeper groups ignored",
                                    council, maxDepth, group);
                            return seen;
                        }
                        seen.add(parent);
                        next.add(parent);
                    }
                }
            }
            level = next;
        }
        return seen;
    }

    /** DNs compare without regard to case, as the directory compares them. */
    private static String key(String dn) {
        return dn.toLowerCase(Locale.ROOT);
    }
}
