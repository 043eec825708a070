package uk.boroughbroker.keycloak.provisioning;

import java.util.List;

import org.keycloak.component.ComponentValidationException;

/**
 * A borough system's settings that cannot work, with every problem named (the admin sees this text).
 * Keycloak's admin REST passes the message through {@code MessageFormat}, which swallows single
 * quotes: the messages quote with double quotes.
 */
final class InvalidScimSystemException extends ComponentValidationException {

    private final List<String> problems;

    InvalidScimSystemException(String system, List<String> problems) {
        super("SCIM system \"" + system + "\": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}
