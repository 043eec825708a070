package uk.boroughbroker.model.directory;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One setting of a council directory, declared once: its key in the federation's configuration and
 * in the councils file, how admins see it (label, help), its default and its bounds. Everything
 * that reads or checks the setting derives from this declaration (see {@link DirectorySettings}).
 *
 * @param fileField    the field in the councils file that sets it
 * @param defaultValue the value when the setting is left out; empty when it has none
 */
public record DirectorySetting(String key, String fileField, String label, String help, Kind kind,
        String defaultValue, int min, int max, List<String> choices) {

    /** What a setting holds, which decides how it is shown and checked. */
    public enum Kind { TEXT, LIST, SECRET, PEM, NUMBER, FLAG, CHOICE }

    public DirectorySetting {
        choices = List.copyOf(choices);
    }

    static DirectorySetting text(String key, String label, String help) {
        return new DirectorySetting(key, key, label, help, Kind.TEXT, "", 0, 0, List.of());
    }

    static DirectorySetting number(String key, String label, String help, int defaultValue, int min, int max) {
        return new DirectorySetting(key, key, label, help, Kind.NUMBER, Integer.toString(defaultValue), min, max,
                List.of());
    }

    static DirectorySetting flag(String key, String label, String help, boolean defaultValue) {
        return new DirectorySetting(key, key, label, help, Kind.FLAG, Boolean.toString(defaultValue), 0, 0, List.of());
    }

    static DirectorySetting choice(String key, String label, String help, String... choices) {
        return new DirectorySetting(key, key, label, help, Kind.CHOICE, choices[0], 0, 0, List.of(choices));
    }

    DirectorySetting as(Kind kind) {
        return new DirectorySetting(key, fileField, label, help, kind, defaultValue, min, max, choices);
    }

    /** The same setting under another field name in the councils file. */
    DirectorySetting inFileAs(String field) {
        return new DirectorySetting(key, field, label, help, kind, defaultValue, min, max, choices);
    }

    /**
     * What is wrong with a value, in words that follow the setting's name ("... must be from 1 to
     * 100, not 500"); empty when the value is valid or left out (then the default applies).
     */
    public Optional<String> problem(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        return switch (kind) {
            case NUMBER -> numberProblem(v);
            case FLAG -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false") ? Optional.empty()
                    : Optional.of("must be true or false, not '" + value + "'");
            case CHOICE -> choices.contains(v.toLowerCase(Locale.ROOT)) ? Optional.empty()
                    : Optional.of("must be " + String.join(", ", choices.subList(0, choices.size() - 1)) + " or "
                            + choices.get(choices.size() - 1) + ", not '" + value + "'");
            default -> Optional.empty();
        };
    }

    private Optional<String> numberProblem(String v) {
        try {
            int n = Integer.parseInt(v);
            return n < min || n > max ? Optional.of("must be from " + min + " to " + max + ", not " + n)
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.of("must be a whole number, not '" + v + "'");
        }
    }

    /** A number setting's value: the default when left out or not valid (validation refuses those first). */
    public int number(String value) {
        if (value == null || value.isBlank() || numberProblem(value.strip()).isPresent()) {
            return Integer.parseInt(defaultValue);
        }
        return Integer.parseInt(value.strip());
    }

    /** A flag's value: the default when left out or not valid. */
    public boolean flag(String value) {
        if (value == null || value.isBlank() || problem(value).isPresent()) {
            return Boolean.parseBoolean(defaultValue);
        }
        return Boolean.parseBoolean(value.strip().toLowerCase(Locale.ROOT));
    }

    /** A choice's value, lower case: the default when left out or not valid. */
    public String choice(String value) {
        if (value == null || value.isBlank() || problem(value).isPresent()) {
            return defaultValue;
        }
        return value.strip().toLowerCase(Locale.ROOT);
    }
}
