package uk.boroughbroker.keycloak.directory;

import java.util.Objects;

/**
 * What a council's directory said to one call it answered: what the call returned, or that it
 * refused the request (no such object, a malformed DN, a bind refused for another reason than the
 * password). Either way the directory is up. No answer at all is an outage, thrown as
 * {@link DirectoryUnavailableException}, never an {@code Answer}.
 */
sealed interface Answer<T> {

    /** What the call returned; never null (a call that may find nothing returns an {@code Optional}). */
    record Returned<T>(T value) implements Answer<T> {

        public Returned {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The directory refused the request; {@code result} is its result code and diagnostic, for the log. */
    record Refused<T>(String result) implements Answer<T> {
    }

    /** What the call returned, or {@code whenRefused} when the directory refused the request. */
    default T orElse(T whenRefused) {
        return this instanceof Returned<T> returned ? returned.value() : whenRefused;
    }
}
