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

    /** The next returning user of a council, round robin. */
    public String returning(int council) {
        return user(council, 1 + (int) (nextReturning.getAndIncrement(council) % returning));
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
