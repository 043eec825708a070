package uk.boroughbroker.realms;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What one apply wrote, as the writes that put it back: every create registers a delete, every
 * update a write of the previous representation, every delete a re-create. When Keycloak refuses a
 * write half-way, {@link #rollBack()} runs them newest first, so the realm is as it was before the
 * apply (decision 0016). Deletions that cannot be put back exactly (an old authentication flow) are
 * deferred with {@link #afterSuccess} and run only when the whole apply has succeeded.
 */
final class UndoLog {

    private record Step(String what, Runnable action) {
    }

    private final Deque<Step> undo = new ArrayDeque<>();
    private final List<Step> deferred = new ArrayList<>();

    /** @param what the write, as it is named when it cannot be put back ("created client 'x'") */
    void add(String what, Runnable putBack) {
        undo.push(new Step(what, putBack));
    }

    void afterSuccess(String what, Runnable action) {
        deferred.add(new Step(what, action));
    }

    boolean isEmpty() {
        return undo.isEmpty();
    }

    /** Puts back every write, newest first; @return one line per write that could not be put back */
    List<String> rollBack() {
        List<String> failed = new ArrayList<>();
        while (!undo.isEmpty()) {
            Step step = undo.pop();
            try {
                step.action().run();
            } catch (RuntimeException e) {
                failed.add(step.what() + " (" + e.getMessage() + ")");
            }
        }
        deferred.clear();
        return failed;
    }

    /** Forgets the undo steps and runs the deferred ones; @return one line per deferred step that failed */
    List<String> commit() {
        undo.clear();
        List<String> failed = new ArrayList<>();
        for (Step step : deferred) {
            try {
                step.action().run();
            } catch (RuntimeException e) {
                failed.add("could not " + step.what() + " (" + e.getMessage() + "); it is unused and can be deleted "
                        + "in the admin console");
            }
        }
        deferred.clear();
        return failed;
    }
}
