package uk.boroughbroker.broker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A steady mixed load through the front door, from a few client threads, each kind at its own pace:
 * password grants, refresh-token grants and userinfo calls on one session of the load's own (the
 * refresh token rotates: realm.json revokes used ones), and browser sign-ins. Every request is
 * recorded with its start, end, outcome and node, so a test can count what failed around an event.
 *
 * <p>Each kind signs in people of its own, one at a time: with brute-force protection on, Keycloak
 * refuses a second sign-in of a person while one is under way (user_temporarily_disabled; its
 * upgrading guide, "concurrent login requests are blocked by default"), which is not failover.
 */
final class SteadyLoad implements AutoCloseable {

    enum Kind {
        PASSWORD(300), REFRESH(250), USERINFO(250), BROWSER(600);

        /** The pause between one request of this kind ending and the next starting. */
        final long everyMillis;

        Kind(long everyMillis) {
            this.everyMillis = everyMillis;
        }
    }

    /** One request: {@code failure} is null when it worked. */
    record Attempt(Kind kind, Instant start, Instant end, String failure, String servedBy) {

        boolean ok() {
            return failure == null;
        }
    }

    /**
     * One kind's requests in a stretch of time.
     *
     * @param longestFailureRun from the start of the first to the end of the last of the longest run of
     *                          consecutive failures
     */
    record KindSummary(int ok, int failed, Map<String, Integer> failures, Duration longestFailureRun) {
    }

    /**
     * All requests in a stretch of time.
     *
     * @param failureWindow from the start of the first failed request to the end of the last one (zero if none)
     */
    record Summary(Duration span, Map<Kind, KindSummary> kinds, int requests, int failed, Duration failureWindow) {

        /** "312 requests in 17 s, 2 failed over 0.4 s": the summary line's counts. */
        String counts() {
            return String.format("%d requests in %.0f s, %d failed over %.1f s", requests, span.toMillis() / 1000.0,
                    failed, failureWindow.toMillis() / 1000.0);
        }

        /** Per kind: ok, failed, the longest run of failures and their reasons. */
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            kinds.forEach((kind, s) -> out.append(String.format("%n    %-8s %4d ok %3d failed, longest failing run %.1f s %s",
                    kind, s.ok(), s.failed(), s.longestFailureRun().toMillis() / 1000.0, s.failures().isEmpty() ? ""
                            : s.failures())));
            return out.toString();
        }
    }

    private final FrontDoorClient client;
    private final List<DemoSignIns.Person> passwordPeople;
    private final List<DemoSignIns.Person> browserPeople;
    private final DemoSignIns.Person sessionPerson;
    private final List<Attempt> attempts = new ArrayList<>();
    private final AtomicInteger nextPassword = new AtomicInteger();
    private final AtomicInteger nextBrowser = new AtomicInteger();
    /** The load's own session: refreshed by REFRESH, read by USERINFO. */
    private final AtomicReference<FrontDoorClient.Reply> session = new AtomicReference<>();
    private final ScheduledExecutorService threads = Executors.newScheduledThreadPool(Kind.values().length, r -> {
        Thread t = new Thread(r, "steady-load");
        t.setDaemon(true);
        return t;
    });

    private SteadyLoad(FrontDoorClient client, List<DemoSignIns.Person> passwordPeople,
            List<DemoSignIns.Person> browserPeople, DemoSignIns.Person sessionPerson) {
        this.client = client;
        this.passwordPeople = List.copyOf(passwordPeople);
        this.browserPeople = List.copyOf(browserPeople);
        this.sessionPerson = sessionPerson;
    }

    /**
     * Starts every kind on its own thread; the people of each list sign in in turn.
     *
     * @param sessionPerson the one whose session the refresh and userinfo requests use
     */
    static SteadyLoad start(FrontDoorClient client, List<DemoSignIns.Person> passwordPeople,
            List<DemoSignIns.Person> browserPeople, DemoSignIns.Person sessionPerson) {
        SteadyLoad load = new SteadyLoad(client, passwordPeople, browserPeople, sessionPerson);
        for (Kind kind : Kind.values()) {
            load.threads.scheduleWithFixedDelay(() -> load.once(kind), 0, kind.everyMillis, TimeUnit.MILLISECONDS);
        }
        return load;
    }

    private void once(Kind kind) {
        Instant start = Instant.now();
        FrontDoorClient.Reply reply;
        switch (kind) {
            case PASSWORD -> reply = client.password(next(passwordPeople, nextPassword));
            case BROWSER -> reply = client.browser(next(browserPeople, nextBrowser));
            case REFRESH -> {
                FrontDoorClient.Reply current = ownSession();
                if (current == null) {
                    return;
                }
                reply = client.refresh(current.refreshToken(), FrontDoorClient.SERVICE_CLIENT);
                // A refresh that failed may have used up the token (revokeRefreshToken): sign in again next time.
                session.compareAndSet(current, reply.ok() ? reply : null);
            }
            case USERINFO -> {
                FrontDoorClient.Reply current = ownSession();
                if (current == null) {
                    return;
                }
                reply = client.userinfo(current.accessToken());
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        record(new Attempt(kind, start, Instant.now(), reply.failure(), reply.servedBy()));
    }

    /**
     * The load's session, signed in (and recorded as a password grant) when there is none; by one
     * thread at a time, as the person's concurrent sign-ins would be refused.
     */
    private synchronized FrontDoorClient.Reply ownSession() {
        FrontDoorClient.Reply current = session.get();
        if (current != null) {
            return current;
        }
        Instant start = Instant.now();
        FrontDoorClient.Reply signIn = client.password(sessionPerson);
        record(new Attempt(Kind.PASSWORD, start, Instant.now(), signIn.failure(), signIn.servedBy()));
        if (signIn.ok()) {
            session.compareAndSet(null, signIn);
        }
        return session.get();
    }

    private static DemoSignIns.Person next(List<DemoSignIns.Person> people, AtomicInteger next) {
        return people.get(Math.floorMod(next.getAndIncrement(), people.size()));
    }

    private void record(Attempt attempt) {
        synchronized (attempts) {
            attempts.add(attempt);
            attempts.notifyAll();
        }
    }

    /** The requests that started in [from, to). */
    List<Attempt> between(Instant from, Instant to) {
        synchronized (attempts) {
            return attempts.stream().filter(a -> !a.start().isBefore(from) && a.start().isBefore(to)).toList();
        }
    }

    /**
     * Waits, bounded, until {@code count} requests matching {@code which} have been recorded (the
     * load's own progress paces the tests: no fixed sleep).
     *
     * @return whether they were, within {@code bound}
     */
    boolean awaitRequests(Predicate<Attempt> which, int count, Duration bound) {
        Instant deadline = Instant.now().plus(bound);
        synchronized (attempts) {
            while (attempts.stream().filter(which).count() < count) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    return false;
                }
                try {
                    attempts.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    Summary summary(Instant from, Instant to) {
        List<Attempt> all = between(from, to);
        Map<Kind, KindSummary> kinds = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            List<Attempt> mine = all.stream().filter(a -> a.kind() == kind).sorted(Comparator.comparing(Attempt::start)).toList();
            Map<String, Integer> failures = new TreeMap<>();
            Duration longest = Duration.ZERO;
            Attempt runStart = null;
            for (Attempt a : mine) {
                if (a.ok()) {
                    runStart = null;
                    continue;
                }
                failures.merge(a.failure(), 1, Integer::sum);
                runStart = runStart == null ? a : runStart;
                Duration run = Duration.between(runStart.start(), a.end());
                longest = run.compareTo(longest) > 0 ? run : longest;
            }
            int failed = failures.values().stream().mapToInt(Integer::intValue).sum();
            kinds.put(kind, new KindSummary(mine.size() - failed, failed, failures, longest));
        }
        List<Attempt> failed = all.stream().filter(a -> !a.ok()).toList();
        Duration window = failed.isEmpty() ? Duration.ZERO : Duration.between(
                failed.stream().map(Attempt::start).min(Comparator.naturalOrder()).orElseThrow(),
                failed.stream().map(Attempt::end).max(Comparator.naturalOrder()).orElseThrow());
        return new Summary(Duration.between(from, to), kinds, all.size(), failed.size(), window);
    }

    @Override
    public void close() {
        threads.shutdownNow();
        try {
            threads.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
