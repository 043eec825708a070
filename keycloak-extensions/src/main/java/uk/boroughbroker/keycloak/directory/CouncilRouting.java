package uk.boroughbroker.keycloak.directory;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.keycloak.models.RealmModel;

/** How a typed name relates to the realm's councils, for the login pages. */
public final class CouncilRouting {

    /** A council staff can choose on the login page. */
    public record Choice(String id, String displayName, String upnSuffix) {
    }

    /** What a typed name says about its council. */
    public enum Kind { ROUTED, BARE, UNKNOWN_COUNCIL, INVALID }

    private CouncilRouting() {
    }

    public static Kind classify(RealmModel realm, String typed) {
        Optional<CouncilUsername> name = CouncilUsername.parse(typed);
        if (name.isEmpty()) {
            return Kind.INVALID;
        }
        if (name.get().domain().isEmpty() && name.get().netbios().isEmpty()) {
            return Kind.BARE;
        }
        boolean known = configs(realm).anyMatch(c -> name.get().domain().map(c::ownsDomain).orElse(false)
                || name.get().netbios().equals(c.netbiosName()));
        return known ? Kind.ROUTED : Kind.UNKNOWN_COUNCIL;
    }

    /** The account part of what was typed ({@code jsmith} of {@code jsmith@x} or {@code X\jsmith}). */
    public static Optional<String> account(String typed) {
        return CouncilUsername.parse(typed).map(CouncilUsername::account);
    }

    /** The domain typed after {@code @}, if any (to name it in "we don't know that council"). */
    public static Optional<String> domain(String typed) {
        return CouncilUsername.parse(typed).flatMap(CouncilUsername::domain);
    }

    /** The realm's enabled councils, by display name. */
    public static List<Choice> choices(RealmModel realm) {
        return configs(realm).filter(c -> !c.upnSuffixes().isEmpty())
                .map(c -> new Choice(c.councilId(), c.displayName(), c.upnSuffixes().get(0)))
                .sorted(Comparator.comparing(Choice::displayName)).toList();
    }

    public static Optional<Choice> choice(RealmModel realm, String councilId) {
        return choices(realm).stream().filter(c -> c.id().equals(councilId)).findFirst();
    }

    private static java.util.stream.Stream<CouncilDirectoryConfig> configs(RealmModel realm) {
        return CouncilDirectoryProviderFactory.enabledFederations(realm).map(CouncilDirectoryConfig::new);
    }

}
