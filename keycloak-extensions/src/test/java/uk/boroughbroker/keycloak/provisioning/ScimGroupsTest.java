package uk.boroughbroker.keycloak.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import com.unboundid.scim2.common.types.Group;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A person's council roles as a borough system's SCIM groups")
class ScimGroupsTest {

    @Test
    void onlyCouncilRolesAtTheSystemsCouncilsBecomeGroupsSorted() {
        List<String> groups = ScimGroups.wanted(Set.of("lewisham/revenues-benefits:officer", "camden/ict:service-desk",
                "camden/housing:caseworker", "default-roles-borough", "offline_access"), Set.of("camden", "islington"));

        assertThat(groups).containsExactly("camden/housing:caseworker", "camden/ict:service-desk");
    }

    @Test
    void theBrokerManagesOnlyGroupsNamedAsCouncilRoles() {
        assertThat(ScimGroups.managed("camden/housing:caseworker")).isTrue();
        assertThat(ScimGroups.managed("Housing Team")).as("the system's own group").isFalse();
        assertThat(ScimGroups.managed("Not A Council/role")).isFalse();
    }

    @Test
    void anAccountIsInTheWantedGroupsWhenItsManagedGroupsAreThoseWhateverElseItIsIn() {
        List<Group> held = List.of(new Group().setValue("g1").setDisplay("camden/housing:caseworker"),
                new Group().setValue("g2").setDisplay("Housing Team"));

        assertThat(ScimGroups.same(held, List.of("camden/housing:caseworker"))).isTrue();
        assertThat(ScimGroups.same(held, List.of())).isFalse();
        assertThat(ScimGroups.same(null, List.of())).isTrue();
    }
}
