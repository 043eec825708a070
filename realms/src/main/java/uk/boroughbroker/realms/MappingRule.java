package uk.boroughbroker.realms;

import java.util.List;

/**
 * One line of council policy: members of an AD group (by exact DN) of a council hold a catalogue
 * role at the councils the scope names.
 *
 * @param grantedAt the councils where the role applies, resolved from the scope
 * @param source    {@code file:line} of the rule, for "why does X have R at C"
 */
public record MappingRule(String council, String groupDn, String role, Scope scope, List<String> grantedAt,
        String source) {

    public MappingRule {
        grantedAt = List.copyOf(grantedAt);
    }

    /** Where a rule's role applies. */
    public enum Scope {
        OWN("own"), SHARED_SERVICE("shared-service"), COUNCILS("councils");

        private final String word;

        Scope(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        static java.util.Optional<Scope> of(String word) {
            for (Scope scope : values()) {
                if (scope.word.equals(word)) {
                    return java.util.Optional.of(scope);
                }
            }
            return java.util.Optional.empty();
        }
    }
}
