package uk.boroughbroker.bench.suite;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import uk.boroughbroker.bench.environment.BenchEnvironment;
import uk.boroughbroker.bench.environment.Target;
import uk.boroughbroker.bench.load.Attempt;
import uk.boroughbroker.bench.load.OidcClient;
import uk.boroughbroker.bench.load.UserPool;
import uk.boroughbroker.bench.load.Workload;

/** The load scenarios, each run on both realms with the same workload. */
final class LoadScenarios {

    static final String PASSWORD = BenchEnvironment.USER_PASSWORD;

    /** What one scenario sends; built anew for each realm. */
    interface Factory {
        Workload create(Target target, UserPool users, OidcClient oidc, int threads);
    }

    /**
     * @param expectsRefusal the expected answer is a refusal (unknown names): "ok" then means "refused
     *                       as it should be", and only other answers are errors
     */
    record Scenario(String id, String title, String measures, Factory factory, boolean expectsRefusal) {
    }

    private LoadScenarios() {
    }

    static List<Scenario> all(int councils) {
        int first = 0;
        int last = councils - 1;
        return List.of(
                new Scenario("first-login-first-council", "Password grant, first sign-in, first council",
                        "Direct grant for users the realm has never seen, of the first council by priority: one "
                                + "directory lookup, password bind, import. Fresh users each time.",
                        (t, users, oidc, threads) -> thread -> Attempt.of(first,
                                oidc.password(t, users.fresh(first), PASSWORD)), false),
                new Scenario("first-login-last-council", "Password grant, first sign-in, last council",
                        "As above for the last council by priority: stock Keycloak asks every council's directory "
                                + "before it finds the user; the broker routes by UPN suffix to one.",
                        (t, users, oidc, threads) -> thread -> Attempt.of(last,
                                oidc.password(t, users.fresh(last), PASSWORD)), false),
                new Scenario("returning-first-council", "Password grant, returning user, first council",
                        "Direct grant for users already imported (signed in before the scenarios), first council.",
                        (t, users, oidc, threads) -> thread -> Attempt.of(first,
                                users.withReturning(first, u -> oidc.password(t, u, PASSWORD))), false),
                new Scenario("returning-last-council", "Password grant, returning user, last council",
                        "Direct grant for users already imported, last council.",
                        (t, users, oidc, threads) -> thread -> Attempt.of(last,
                                users.withReturning(last, u -> oidc.password(t, u, PASSWORD))), false),
                new Scenario("unknown-username", "Password grant, unknown username",
                        "Direct grant for names no directory holds, at the last council's UPN suffix; the expected "
                                + "answer is 401 invalid_grant. Measures what a typo or a password-spraying run costs "
                                + "the directories.", (t, users, oidc, threads) -> unknown(t, oidc, last,
                                        n -> users.user(last, 1).replace("loaduser", "nosuchuser" + n + "x")), true),
                new Scenario("unknown-domain", "Password grant, unknown council domain",
                        "Direct grant for names at a domain no council owns (nosuchuserN@unknown-council.example); "
                                + "expected 401 invalid_grant.", (t, users, oidc, threads) -> unknown(t, oidc, -1,
                                        n -> "nosuchuser" + n + "@unknown-council.example"), true),
                new Scenario("browser-code-pkce", "Browser sign-in, authorization code + PKCE",
                        "Login page, form post, code exchange (three round trips, one sign-in), returning users "
                                + "of every council in turn.", LoadScenarios::browser, false),
                new Scenario("client-credentials", "Client credentials grant",
                        "A back end's own token: no user, no directory; the broker realm's council mappers run.",
                        (t, users, oidc, threads) -> thread -> Attempt.of(-1, oidc.clientCredentials(t)), false),
                new Scenario("refresh-token", "Refresh token grant",
                        "Each thread refreshes its own chain (refresh tokens are single-use): the user is re-read "
                                + "(broker: one directory search when the cached user has expired) and the role "
                                + "mappers run.", LoadScenarios::refresh, false));
    }

    private static Workload unknown(Target target, OidcClient oidc, int council, LongFunction<String> names) {
        AtomicLong next = new AtomicLong();
        return thread -> {
            OidcClient.Result result = oidc.password(target, names.apply(next.getAndIncrement()), PASSWORD);
            boolean refused = result.failure() != null && result.failure().startsWith("4")
                    && result.failure().contains(" invalid_grant");
            return refused ? Attempt.ok(council)
                    : Attempt.failed(council, result.ok() ? "signed in with an unknown name" : result.failure());
        };
    }

    private static Workload browser(Target target, UserPool users, OidcClient oidc, int threads) {
        AtomicLong next = new AtomicLong();
        return thread -> {
            int council = (int) (next.getAndIncrement() % users.councils());
            return Attempt.of(council, users.withReturning(council, u -> oidc.browserLogin(target, u, PASSWORD)));
        };
    }

    /** One refresh-token chain per thread, signed in before the clock starts (the sign-in is not timed). */
    private static Workload refresh(Target target, UserPool users, OidcClient oidc, int threads) {
        String[] chains = new String[threads];
        for (int t = 0; t < threads; t++) {
            chains[t] = signIn(target, users, oidc, t);
        }
        return thread -> {
            int council = thread % users.councils();
            OidcClient.Result result = oidc.refresh(target, chains[thread]);
            if (result.ok() && result.refreshToken() != null) {
                chains[thread] = result.refreshToken();
                return Attempt.ok(council);
            }
            chains[thread] = signIn(target, users, oidc, thread); // start a new chain; this refresh failed
            return Attempt.failed(council, result.ok() ? "no refresh token" : result.failure());
        };
    }

    private static String signIn(Target target, UserPool users, OidcClient oidc, int thread) {
        int council = thread % users.councils();
        OidcClient.Result signedIn = users.withReturning(council, u -> oidc.password(target, u, PASSWORD));
        if (!signedIn.ok() || signedIn.refreshToken() == null) {
            throw new IllegalStateException("Cannot start a refresh-token chain on " + target + ": " + signedIn.failure());
        }
        return signedIn.refreshToken();
    }
}
