package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import uk.boroughbroker.model.directory.DirectorySettings;

/**
 * The factory's providers follow the federation's configuration as the component says it now,
 * whether or not Keycloak called {@code onUpdate} on this node. No directory is contacted: routing
 * is decided from the configuration alone.
 */
@DisplayName("CouncilDirectoryProviderFactory: a changed federation takes effect at once")
class CouncilDirectoryProviderFactoryTest {

    private final CouncilDirectoryProviderFactory factory = new CouncilDirectoryProviderFactory();

    @AfterEach
    void close() {
        factory.close();
    }

    /** A provider for this request, as Keycloak creates one: from its own copy of the component. */
    private CouncilDirectoryProvider create(ComponentModel component) {
        return factory.create(null, new ComponentModel(component));
    }

    private static boolean routes(CouncilDirectoryProvider provider, String typed) {
        return provider.filterFor(CouncilUsername.parse(typed).orElseThrow()).isPresent();
    }

    private static ComponentModel brentAt(String upnSuffix) {
        ComponentModel brent = TestModels.brent();
        brent.getConfig().putSingle(DirectorySettings.UPN_SUFFIXES.key(), upnSuffix);
        return brent;
    }

    @Test
    void whenTheUpnSuffixChangesOnAnotherNodeThenTheNextProviderRoutesByTheNewSuffix() {
        assertThat(routes(create(TestModels.brent()), "jsmith@brent.gov.uk")).isTrue();

        CouncilDirectoryProvider afterChange = create(brentAt("brent.london"));

        assertThat(routes(afterChange, "jsmith@brent.london")).isTrue();
        assertThat(routes(afterChange, "jsmith@brent.gov.uk")).isFalse();
    }

    @Test
    void whenTheUpnSuffixChangesOnThisNodeThenTheNextProviderRoutesByTheNewSuffix() {
        ComponentModel before = TestModels.brent();
        assertThat(routes(create(before), "jsmith@brent.gov.uk")).isTrue();
        ComponentModel after = brentAt("brent.london");

        factory.onUpdate(null, null, before, after);

        assertThat(routes(create(after), "jsmith@brent.london")).isTrue();
        assertThat(routes(create(after), "jsmith@brent.gov.uk")).isFalse();
    }

    @Test
    void whenTheChangeIsUndoneThenTheOldSuffixRoutesAgain() {
        create(TestModels.brent());
        create(brentAt("brent.london"));

        CouncilDirectoryProvider undone = create(TestModels.brent());

        assertThat(routes(undone, "jsmith@brent.gov.uk")).isTrue();
        assertThat(routes(undone, "jsmith@brent.london")).isFalse();
    }

    @Test
    void whenTheFederationIsRemovedThenItsConnectionIsDroppedAndARecreatedOneStartsAfresh() {
        ComponentModel brent = TestModels.brent();
        create(brent);
        assertThat(factory.health(brent).state()).isEqualTo("available");

        factory.preRemove(null, null, brent);

        assertThat(factory.health(brent).state()).isEqualTo("not used yet");
        assertThat(routes(create(brentAt("brent.london")), "jsmith@brent.london")).isTrue();
    }

    @Test
    void whenOnlyTheDirectoryUrlChangesThenHealthNamesTheNewDomainController() {
        create(TestModels.brent());
        ComponentModel moved = TestModels.brent();
        moved.getConfig().putSingle(DirectorySettings.CONNECTION_URLS.key(), "ldaps://dc9.brent.local:636");

        create(moved);

        assertThat(factory.health(moved).domainControllers()).containsExactly("ldaps://dc9.brent.local:636");
    }
}
