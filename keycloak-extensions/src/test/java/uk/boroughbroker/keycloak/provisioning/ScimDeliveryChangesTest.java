package uk.boroughbroker.keycloak.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.types.UserResource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The PATCH that brings a system's account in line")
class ScimDeliveryChangesTest {

    private static final ScimPerson AYESHA = new ScimPerson("akhan@lewisham.gov.uk", "id-1", "Ayesha", "Khan",
            "ayesha.khan@lewisham.gov.uk", true, "Housing", null);

    private static List<String> described(List<PatchOperation> ops) {
        return ops.stream().map(op -> op.getOpType() + " " + op.getPath()).toList();
    }

    @Test
    void whenTheSystemHoldsWhatTheBrokerWouldSendThenNothingIsPatched() {
        UserResource held = AYESHA.toUserResource();
        // Keycloak's SCIM API lower-cases userName; that is not a difference.
        held.setUserName("AKHAN@lewisham.gov.uk".toLowerCase());

        assertThat(ScimDelivery.changes(held, AYESHA)).isEmpty();
    }

    @Test
    void whenALeaverIsDeactivatedThenOnlyActiveIsReplaced() {
        ScimPerson leaver = new ScimPerson(AYESHA.userName(), "id-1", "Ayesha", "Khan", AYESHA.email(), false, "Housing",
                null);

        List<PatchOperation> ops = ScimDelivery.changes(AYESHA.toUserResource(), leaver);

        assertThat(described(ops)).containsExactly("replace active");
        assertThat(ops.get(0).getJsonNode().asBoolean(true)).isFalse();
    }

    @Test
    void whenAMoverIsRenamedAndChangesDepartmentThenThoseAreReplaced() {
        ScimPerson moved = new ScimPerson("ayesha.khan@lewisham.gov.uk", "id-1", "Ayesha", "Khan-Ali", AYESHA.email(),
                true, "Revenues", null);

        assertThat(described(ScimDelivery.changes(AYESHA.toUserResource(), moved))).containsExactly(
                "replace userName", "replace name.familyName",
                "replace urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department");
    }

    @Test
    void whenTheDirectoryNoLongerHasAnEmailOrDepartmentThenTheyAreRemovedNotLeftBehind() {
        ScimPerson without = new ScimPerson(AYESHA.userName(), "id-1", "Ayesha", "Khan", null, true, null, null);

        assertThat(described(ScimDelivery.changes(AYESHA.toUserResource(), without))).containsExactly("remove emails",
                "remove urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department");
    }
}
