package uk.boroughbroker.realms;

/**
 * A configuration file is wrong. The message names the file, where in it (line, council, field) and
 * what is wrong, and is meant to be shown to the operator as is: no stack trace needed.
 */
public final class ConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
