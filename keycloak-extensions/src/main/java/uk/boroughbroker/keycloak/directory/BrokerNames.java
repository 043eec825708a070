package uk.boroughbroker.keycloak.directory;

import java.util.Locale;
import java.util.Optional;

import org.jboss.logging.Logger;

/**
 * The names a directory entry gets in the broker: its username ({@code preferred_username}) and its
 * email. Both are taken from the council's AD only where they name that council (a domain of its own
 * {@code upnSuffixes} or {@code emailDomains}), because AD restricts neither {@code userPrincipalName}
 * nor {@code mail}: an entry in Brent's AD may carry a Lewisham address, and taken as it is, it would
 * sign in under a Lewisham name and lock the real Lewisham person out (decision 0015).
 *
 * <p>So every broker username and email routes back to the council that issued it:
 * <ul>
 * <li>username: the UPN when its domain is the council's, else the council-qualified
 * {@code <sAMAccountName>@<first UPN suffix>} (unique within the council's domain);</li>
 * <li>email: {@code mail} when its domain is the council's, else none (never unique-checked against
 * another council's people).</li>
 * </ul>
 */
final class BrokerNames {

    private static final Logger LOG = Logger.getLogger(BrokerNames.class);

    private BrokerNames() {
    }

    /** The broker username of an entry, or empty when the entry has no usable name at all. */
    static Optional<String> username(DirectoryUser user, CouncilDirectoryConfig config) {
        Optional<String> upn = owned(user.principalName(), config);
        if (upn.isPresent()) {
            return upn;
        }
        if (user.principalName() != null && !user.principalName().isBlank()) {
            LOG.debugf("Council %s: %s has the UPN %s, which is not in this council's domains; named by its account "
                    + "name instead", config.councilId(), user.dn(), user.principalName());
        }
        String account = user.account();
        if (account == null || CouncilUsername.parse(account).filter(n -> n.domain().isEmpty()
                && n.netbios().isEmpty()).isEmpty() || config.upnSuffixes().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of((account + "@" + config.upnSuffixes().get(0)).toLowerCase(Locale.ROOT));
    }

    /** The entry's email when its domain is the council's; empty otherwise (logged). */
    static Optional<String> email(DirectoryUser user, CouncilDirectoryConfig config) {
        Optional<String> mail = owned(user.email(), config);
        if (mail.isEmpty() && user.email() != null && !user.email().isBlank()) {
            LOG.debugf("Council %s: %s has the email %s, which is not in this council's domains; left unset",
                    config.councilId(), user.dn(), user.email());
        }
        return mail;
    }

    /** Whether a broker username or email is one this council may have issued. */
    static boolean routesTo(String name, CouncilDirectoryConfig config) {
        return owned(name, config).isPresent();
    }

    private static Optional<String> owned(String address, CouncilDirectoryConfig config) {
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        return CouncilUsername.parse(address)
                .filter(n -> n.domain().filter(config::ownsDomain).isPresent())
                .flatMap(CouncilUsername::principal)
                .map(a -> a.toLowerCase(Locale.ROOT));
    }
}
