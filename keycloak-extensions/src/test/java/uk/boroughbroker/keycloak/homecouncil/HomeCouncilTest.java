package uk.boroughbroker.keycloak.homecouncil;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.keycloak.storage.UserStorageProvider;

class HomeCouncilTest {

    private static final String USER_STORAGE = UserStorageProvider.class.getName();

    @Test
    void whenTheUserComesFromACouncilFederationThenItsNameIsTheCouncil() {
        assertThat(HomeCouncil.fromFederation(USER_STORAGE, "brent")).contains("brent");
        assertThat(HomeCouncil.fromFederation(USER_STORAGE, "tower-hamlets")).contains("tower-hamlets");
    }

    @Test
    void whenTheFederationIsNotNamedLikeACouncilThenNoCouncil() {
        assertThat(HomeCouncil.fromFederation(USER_STORAGE, "Corporate AD")).isEmpty();
        assertThat(HomeCouncil.fromFederation(USER_STORAGE, "")).isEmpty();
        assertThat(HomeCouncil.fromFederation(USER_STORAGE, null)).isEmpty();
    }

    @Test
    void whenTheComponentIsNotAUserFederationThenNoCouncil() {
        assertThat(HomeCouncil.fromFederation("org.keycloak.keys.KeyProvider", "brent")).isEmpty();
    }
}
