package uk.boroughbroker.keycloak.directory;

import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;

/** A person's groups as the council's directory has them now, nested ones included. */
final class PersonGroups {

    private static final Logger LOG = Logger.getLogger(PersonGroups.class);

    private PersonGroups() {
    }

    /**
     * The person's groups, nested ones included: by AD's in-chain matching rule (one search) where the
     * directory is AD, else by walking memberOf with our own bound. Both give the same groups on the
     * same data (tested against real AD); the walk alone stops at the nesting depth. Within the
     * session's one deadline for the council (decision 0018).
     */
    static List<String> of(KeycloakSession session, CouncilDirectoryConfig config, CouncilConnection connection,
            DirectoryUser user) throws DirectoryUnavailableException {
        Deadline deadline = Deadline.forRequest(session, config.connection());
        boolean inChain = switch (config.groupResolution()) {
            case IN_CHAIN -> true;
            case WALK -> false;
            case AUTO -> connection.supportsInChain(deadline);
        };
        if (inChain) {
            Optional<List<String>> found = connection.groupsInChain(deadline, user.dn());
            if (found.isPresent()) {
                return found.get();
            }
            if (config.groupResolution() == CouncilDirectoryConfig.GroupResolution.IN_CHAIN) {
                LOG.debugf("Council %s: no complete in-chain answer (not AD, or too many groups); walking memberOf",
                        config.councilId());
            }
        }
        return List.copyOf(NestedGroups.resolve(config.councilId(), user.memberOf(),
                group -> connection.parentGroups(deadline, group), config.groupNestingDepth()));
    }
}
