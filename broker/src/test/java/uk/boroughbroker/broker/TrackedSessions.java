package uk.boroughbroker.broker;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Sessions started before a failover, kept for the whole test run and checked after each event:
 * a session is lost when its access token no longer reads userinfo, its refresh token no longer
 * refreshes, or the refreshed access token does not read userinfo. Each check rotates the refresh
 * token (realm.json revokes used ones), so the next check uses the newest.
 */
final class TrackedSessions {

    /** One signed-in person's session; its tokens change at each check. */
    static final class Session {
        final String who;
        final String clientId;
        final String startedOn;
        FrontDoorClient.Reply tokens;

        Session(String who, String clientId, String startedOn, FrontDoorClient.Reply tokens) {
            this.who = who;
            this.clientId = clientId;
            this.startedOn = startedOn;
            this.tokens = tokens;
        }

        @Override
        public String toString() {
            return who + " (" + clientId + ", started on " + startedOn + ")";
        }
    }

    private final List<Session> sessions = new ArrayList<>();
    /** The nodes that answered the last check. */
    private final Set<String> checkedOn = new LinkedHashSet<>();

    /**
     * Signs people in, by password and in a browser in turn, until {@code count} sessions were started
     * on {@code node} (HAProxy's name, e.g. node1; null for any node). Round robin spreads them, so
     * a few more than {@code count} sign-ins are enough; the bound is ten times as many. The people
     * must be nobody else's while this runs: Keycloak refuses a person's concurrent sign-ins when
     * brute-force protection is on (its upgrading guide: "concurrent login requests are blocked").
     *
     * @return the sessions started on that node
     */
    List<Session> startOn(FrontDoorClient client, List<DemoSignIns.Person> people, String node, int count) {
        List<Session> started = new ArrayList<>();
        for (int i = 0; i < 10 * count && started.size() < count; i++) {
            DemoSignIns.Person person = people.get(i % people.size());
            boolean browser = i % 2 == 1;
            FrontDoorClient.Reply reply = browser ? client.browser(person) : client.password(person);
            if (!reply.ok()) {
                throw new AssertionError("a sign-in before the event failed: " + person.username() + ": " + reply.failure());
            }
            if (node == null || node.equals(reply.servedBy())) {
                Session session = new Session(person.username(), browser ? FrontDoorClient.WEB_CLIENT
                        : FrontDoorClient.SERVICE_CLIENT, reply.servedBy(), reply);
                started.add(session);
                sessions.add(session);
            }
        }
        if (started.size() < count) {
            throw new AssertionError("only " + started.size() + " of " + count + " sessions started on " + node);
        }
        return started;
    }

    int size() {
        return sessions.size();
    }

    /** Checks every session kept so far; returns the lost ones, each with why. */
    List<String> lost(FrontDoorClient client) {
        checkedOn.clear();
        List<String> lost = new ArrayList<>();
        for (Session session : sessions) {
            FrontDoorClient.Reply before = client.userinfo(session.tokens.accessToken());
            FrontDoorClient.Reply refreshed = client.refresh(session.tokens.refreshToken(), session.clientId);
            FrontDoorClient.Reply after = refreshed.ok() ? client.userinfo(refreshed.accessToken()) : refreshed;
            List.of(before, refreshed, after).forEach(r -> checkedOn.add(String.valueOf(r.servedBy())));
            if (refreshed.ok()) {
                session.tokens = refreshed;
            }
            if (!before.ok() || !refreshed.ok() || !after.ok() || after.preferredUsername().isBlank()) {
                lost.add(session + ": userinfo " + describe(before) + ", refresh " + describe(refreshed)
                        + ", userinfo after " + describe(after));
            }
        }
        return lost;
    }

    Set<String> checkedOn() {
        return Set.copyOf(checkedOn);
    }

    private static String describe(FrontDoorClient.Reply reply) {
        return reply.ok() ? "ok" : reply.failure();
    }
}
