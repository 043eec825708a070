package uk.boroughbroker.keycloak.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.unboundid.scim2.common.types.EnterpriseUserExtension;
import com.unboundid.scim2.common.types.UserResource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.models.UserModel;

@DisplayName("A person's SCIM projection")
class ScimPersonTest {

    private static final String ID = "0b3c7d2e-6a1f-3c55-9e2a-4f1e0c9b7a10";

    private static UserModel ayesha(Map<String, String> attributes) {
        return TestUsers.user(ID, "akhan@lewisham.gov.uk", "Ayesha", "Khan", "ayesha.khan@lewisham.gov.uk", true,
                attributes, List.of("lewisham/housing:officer"));
    }

    @Nested
    @DisplayName("as a SCIM User")
    class AsUser {
        @Test
        void whenProjectedThenTheExternalIdIsTheBrokerIdAndNotAName() {
            UserResource user = ScimPerson.of(ayesha(Map.of()), true, List.of()).toUserResource();

            assertThat(user.getExternalId()).isEqualTo(ID);
            assertThat(user.getUserName()).isEqualTo("akhan@lewisham.gov.uk");
            assertThat(user.getName().getGivenName()).isEqualTo("Ayesha");
            assertThat(user.getName().getFamilyName()).isEqualTo("Khan");
            assertThat(user.getEmails()).singleElement().satisfies(email -> {
                assertThat(email.getValue()).isEqualTo("ayesha.khan@lewisham.gov.uk");
                assertThat(email.getPrimary()).isTrue();
                assertThat(email.getType()).isEqualTo("work");
            });
            assertThat(user.getActive()).isTrue();
        }

        @Test
        void whenTheDirectorySuppliesDepartmentAndEmployeeNumberThenTheEnterpriseExtensionCarriesThem() throws Exception {
            UserResource user = ScimPerson.of(ayesha(Map.of("department", "Housing", "employeeNumber", "LBL-1042")), true, List.of())
                    .toUserResource();

            EnterpriseUserExtension enterprise = user.getExtension(EnterpriseUserExtension.class);
            assertThat(enterprise.getDepartment()).isEqualTo("Housing");
            assertThat(enterprise.getEmployeeNumber()).isEqualTo("LBL-1042");
        }

        @Test
        void whenThereIsNoEmailOrEnterpriseDataThenNoneIsSent() {
            UserModel noMail = TestUsers.user(ID, "x@lewisham.gov.uk", null, "X", null, true, Map.of(), List.of());

            UserResource user = ScimPerson.of(noMail, true, List.of()).toUserResource();

            assertThat(user.getEmails()).isNullOrEmpty();
            assertThat(user.getSchemaUrns()).noneMatch(urn -> urn.toString().contains("enterprise"));
        }

        @Test
        void whenTheProjectionIsStoredAndReadBackThenItIsTheSame() throws Exception {
            ScimPerson person = ScimPerson.of(ayesha(Map.of("department", "Housing")), false, List.of());

            String json = ChangeCapture.JSON.writeValueAsString(person);

            assertThat(ChangeCapture.JSON.readValue(json, ScimPerson.class)).isEqualTo(person);
        }
    }

    @Nested
    @DisplayName("its fingerprint")
    class Fingerprint {
        private final ScimPerson person = ScimPerson.of(ayesha(Map.of()), true, List.of());

        @Test
        void whenNothingChangedThenTheFingerprintIsTheSame() {
            assertThat(ScimPerson.of(ayesha(Map.of()), true, List.of()).fingerprint(ChangeKind.PROVISION))
                    .isEqualTo(person.fingerprint(ChangeKind.PROVISION)).hasSize(22);
        }

        @Test
        void whenAnyAttributeSentChangesThenTheFingerprintChanges() {
            String before = person.fingerprint(ChangeKind.PROVISION);

            assertThat(List.of(ScimPerson.of(ayesha(Map.of()), false, List.of()), ScimPerson.of(ayesha(Map.of("department", "H")), true, List.of()),
                    new ScimPerson("akhan2@lewisham.gov.uk", ID, "Ayesha", "Khan", "ayesha.khan@lewisham.gov.uk", true,
                            null, null)))
                    .allSatisfy(changed -> assertThat(changed.fingerprint(ChangeKind.PROVISION)).isNotEqualTo(before));
            assertThat(person.fingerprint(ChangeKind.DELETE)).isNotEqualTo(before);
        }

        @Test
        void whenAValueMovesToTheNextFieldThenTheFingerprintStillChanges() {
            ScimPerson a = new ScimPerson("u", ID, "Ann", "Lee", null, true, null, null);
            ScimPerson b = new ScimPerson("u", ID, "AnnLee", null, null, true, null, null);

            assertThat(a.fingerprint(ChangeKind.PROVISION)).isNotEqualTo(b.fingerprint(ChangeKind.PROVISION));
        }
    }

    @org.junit.jupiter.api.Nested
    @org.junit.jupiter.api.DisplayName("its groups")
    class Groups {

        @Test
        void anInactiveAccountIsInNoGroupAndAChangeOfGroupsIsAChange() {
            ScimPerson active = ScimPerson.of(ayesha(Map.of()), true, List.of("lewisham/housing:caseworker"));
            ScimPerson inactive = ScimPerson.of(ayesha(Map.of()), false, List.of("lewisham/housing:caseworker"));

            assertThat(active.groups()).containsExactly("lewisham/housing:caseworker");
            assertThat(inactive.groups()).isEmpty();
            assertThat(active.fingerprint(ChangeKind.PROVISION))
                    .isNotEqualTo(ScimPerson.of(ayesha(Map.of()), true, List.of()).fingerprint(ChangeKind.PROVISION));
        }

        @Test
        void aChangeQueuedBeforeGroupsWereSentReadsAsNoGroups() throws Exception {
            String queuedEarlier = "{\"userName\":\"u\",\"externalId\":\"x\",\"active\":true}";

            assertThat(ChangeCapture.JSON.readValue(queuedEarlier, ScimPerson.class).groups()).isEmpty();
        }
    }
}
