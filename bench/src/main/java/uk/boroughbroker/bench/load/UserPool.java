package uk.boroughbroker.bench.load;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The generated users of each council ({@code loaduser00001@<council's UPN suffix>} ...), handed out
 * to one realm: the first few as returning users (signed in once before the scenarios, then again and
 * again), the rest as fresh users, each given out once, so a first sign-in is always a first sign-in
 * for that realm. Each realm has its own pool: a user new to the broker realm is also new to the stock
 * realm.
 */
public final class UserPool {

    private final List<String> upnSuffixes;
    private final int users;
    private final int returning;
    private final String numberFormat;
    private final AtomicInteger[] nextFresh;
    private final AtomicLongArray nextReturning;
    private final java.util.Set<String> busy = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param upnSuffixes each council's UPN suffix, in priority order
     * @param users       generated users per council
     * @param returning   how many of them (the first) are returning users
     */
    public UserPool(List<String> upnSuffixes, int users, int returning) {
        if (returning < 1 || returning >= users) {
            throw new IllegalArgumentException("returning users must be between 1 and " + (users - 1) + ", got " + returning);
        }
        this.upnSuffixes = List.copyOf(upnSuffixes);
        this.users = users;
        this.returning = returning;
        // The directories number them the same way (GeneratedUsers): at least five digits.
        this.numberFormat = "%0" + Math.max(5, Integer.toString(users).length()) + "d";
        this.nextFresh = new AtomicInteger[upnSuffixes.size()];
        for (int i = 0; i < nextFresh.length; i++) {
            nextFresh[i] = new AtomicInteger(returning + 1);
        }
        this.nextReturning = new AtomicLongArray(upnSuffixes.size());
    }

    public int councils() {
        return upnSuffixes.size();
    }

    public int returningCount() {
        return returning;
    }

    /** The n-th (1-based) generated user of a council. */
    public String user(int council, int n) {
        return "loaduser" + String.format(numberFormat, n) + "@" + upnSuffixes.get(council);
    }

    /**
     * The next returning user of a council, round robin, whether or not another thread is signing
     * them in; for one thread at a time. Under load use {@link #withReturning}.
     */
    public String returning(int council) {
        return user(council, 1 + (int) (nextReturning.getAndIncrement(council) % returning));
    }

    /**
     * Runs the work with a returning user of the council whom no other thread is signing in at that
     * moment. Keycloak refuses a second sign-in of one person while the first is in progress (its
     * blocking brute-force protector answers "user_temporarily_disabled", stock and broker alike):
     * real staff do not sign in twice at the same instant, so the load must not either.
     *
     * @throws IllegalStateException when every returning user of the council is busy (more client
     *                               threads than returning users)
     */
    public <T> T withReturning(int council, java.util.function.Function<String, T> work) {
        String user = null;
        for (int tries = 0; tries < returning && user == null; tries++) {
            String candidate = returning(council);
            if (busy.add(candidate)) {
                user = candidate;
            }
        }
        if (user == null) {
            throw new IllegalStateException("all " + returning + " returning users of " + upnSuffixes.get(council)
                    + " are being signed in by other threads; use fewer threads or more users");
        }
        try {
            return work.apply(user);
        } finally {
            busy.remove(user);
        }
    }

    /** A user this realm has never seen, never given out again. */
    public String fresh(int council) throws Workload.Exhausted {
        int n = nextFresh[council].getAndIncrement();
        if (n > users) {
            throw new Workload.Exhausted("no fresh users left for council " + upnSuffixes.get(council) + " (all "
                    + users + " used; run with more --users)");
        }
        return user(council, n);
    }

    /** Fresh users of a council not yet given out. */
    public int freshLeft(int council) {
        return Math.max(0, users - nextFresh[council].get() + 1);
    }
}
