package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Nested groups")
class NestedGroupsTest {

    /** Each group and the groups it is a member of. */
    private static NestedGroups.Parents tree(Map<String, List<String>> parents) {
        return dn -> parents.getOrDefault(dn, List.of());
    }

    @Test
    void whenGroupsNestThenEveryAncestorIsFoundDirectFirst() throws Exception {
        var parents = tree(Map.of(
                "CN=Managers", List.of("CN=Officers"),
                "CN=Officers", List.of("CN=All Staff"),
                "CN=All Staff", List.of()));

        assertThat(NestedGroups.resolve("brent", List.of("CN=Managers"), parents, 10))
                .containsExactly("CN=Managers", "CN=Officers", "CN=All Staff");
    }

    @Test
    void whenTwoPathsLeadToOneGroupThenItIsListedOnce() throws Exception {
        var parents = tree(Map.of(
                "CN=A", List.of("CN=Top"),
                "CN=B", List.of("cn=top")));

        assertThat(NestedGroups.resolve("brent", List.of("CN=A", "CN=B"), parents, 10))
                .containsExactly("CN=A", "CN=B", "CN=Top");
    }

    @Test
    void whenGroupsFormACycleThenTheWalkEnds() throws Exception {
        var parents = tree(Map.of(
                "CN=A", List.of("CN=B"),
                "CN=B", List.of("CN=C"),
                "CN=C", List.of("CN=A")));

        assertThat(NestedGroups.resolve("brent", List.of("CN=A"), parents, 10))
                .containsExactly("CN=A", "CN=B", "CN=C");
    }

    @Test
    void whenNestingIsDeeperThanTheBoundThenDeeperGroupsAreLeftOut() throws Exception {
        var parents = tree(Map.of(
                "CN=L0", List.of("CN=L1"),
                "CN=L1", List.of("CN=L2"),
                "CN=L2", List.of("CN=L3")));

        assertThat(NestedGroups.resolve("brent", List.of("CN=L0"), parents, 2))
                .containsExactly("CN=L0", "CN=L1", "CN=L2");
        assertThat(NestedGroups.resolve("brent", List.of("CN=L0"), parents, 0)).containsExactly("CN=L0");
    }

    @Test
    void whenThePersonIsInNoGroupThenTheDirectoryIsNotAsked() throws Exception {
        NestedGroups.Parents never = dn -> {
            throw new AssertionError("asked about " + dn);
        };

        assertThat(NestedGroups.resolve("brent", List.of(), never, 10)).isEmpty();
    }
}
