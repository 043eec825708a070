package uk.boroughbroker.realms;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${NAME}} and {@code ${NAME:-default}} placeholders in configuration files, so that
 * directory URLs, ports and secrets come from the environment (or the launcher) and never from the
 * repository.
 *
 * <p>Only upper-case names are placeholders: Keycloak itself uses lower-case {@code ${client_account}}
 * style keys for localised text in realm files, and those must pass through untouched.
 */
public final class Variables {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::-([^}]*))?}");

    private final Function<String, String> source;

    private Variables(Function<String, String> source) {
        this.source = source;
    }

    /** Values given here win over the process environment. */
    public static Variables of(Map<String, String> values) {
        Map<String, String> copy = new HashMap<>(values);
        return new Variables(name -> copy.containsKey(name) ? copy.get(name) : System.getenv(name));
    }

    /** Only the given values; the environment is not consulted (for tests and dry runs). */
    public static Variables only(Map<String, String> values) {
        Map<String, String> copy = new HashMap<>(values);
        return new Variables(copy::get);
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(source.apply(name));
    }

    /**
     * Replaces every placeholder in {@code text}.
     *
     * @param where names the place the text came from, for the error message
     * @throws ConfigurationException naming the variable when one is unset and has no default
     */
    public String resolve(String text, String where) {
        if (text == null || text.indexOf("${") < 0) {
            return text;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = source.apply(name);
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                throw new ConfigurationException(where + ": variable " + name
                        + " is not set (set it in the environment, or give a default as ${" + name + ":-value})");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
