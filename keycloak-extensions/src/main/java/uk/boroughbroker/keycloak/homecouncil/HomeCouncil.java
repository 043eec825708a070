package uk.boroughbroker.keycloak.homecouncil;

import java.util.Optional;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.UserStorageProvider;
import uk.boroughbroker.model.names.CouncilNames;

/**
 * Which council a broker user comes from: the council whose directory federation imported the user.
 *
 * <p>The answer comes from the user's federation link, which only the storage provider sets, never
 * from a user attribute, which an admin or a user-profile form could edit. Each council's federation
 * is named by its council id in the realm files (realms/borough/council-federation.json), so the
 * federation's name is the council id. A user with no federation link (a local admin, a service
 * account) or from a federation not named like a council has no home council.
 */
public final class HomeCouncil {


    private HomeCouncil() {
    }

    public static Optional<String> of(RealmModel realm, UserModel user) {
        String link = user.getFederationLink();
        if (link == null || link.isBlank()) {
            return Optional.empty();
        }
        ComponentModel federation = realm.getComponent(link);
        if (federation == null) {
            return Optional.empty();
        }
        return fromFederation(federation.getProviderType(), federation.getName());
    }

    static Optional<String> fromFederation(String providerType, String federationName) {
        if (!UserStorageProvider.class.getName().equals(providerType) || federationName == null
                || !CouncilNames.isCouncilId(federationName)) {
            return Optional.empty();
        }
        return Optional.of(federationName);
    }
}
