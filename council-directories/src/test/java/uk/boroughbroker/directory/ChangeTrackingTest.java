package uk.boroughbroker.directory;

import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyDNRequest;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.boroughbroker.directory.DemoCouncils.BRENT_BASE;
import static uk.boroughbroker.directory.DemoCouncils.connectAsService;
import static uk.boroughbroker.directory.DemoCouncils.password;

@DisplayName("A council directory tracks changes as a domain controller does (decision 0028)")
class ChangeTrackingTest {

    private static final String JOHN_SMITH = "CN=John Smith,OU=Staff," + BRENT_BASE;
    private static final String FATIMA_HUSSAIN = "CN=Fatima Hussain,OU=Staff," + BRENT_BASE;
    private static final String HOUSING = "CN=GG-Housing-Officers,OU=Groups," + BRENT_BASE;
    private static final Control SHOW_DELETED = new Control("1.2.840.113556.1.4.417", true);

    private CouncilDirectory brent;
    private LDAPConnection service;

    @BeforeEach
    void startBrent() throws LDAPException {
        brent = DemoCouncils.start("brent");
        service = connectAsService(brent);
    }

    @AfterEach
    void stopBrent() {
        service.close();
        brent.close();
    }

    @Nested
    @DisplayName("names itself as one DC")
    class Identity {

        @Test
        void whenTheRootDseIsReadThenItGivesTheHighestCommittedUsnServiceNameAndNamingContext() throws LDAPException {
            SearchResultEntry rootDse = service.getEntry("", "highestCommittedUSN", "dsServiceName", "defaultNamingContext");

            assertThat(rootDse.getAttributeValueAsLong("highestCommittedUSN"))
                    .isEqualTo(brent.changeTracking().highestCommittedUsn()).isGreaterThan(UpdateSequence.FIRST_USN);
            assertThat(new DN(rootDse.getAttributeValue("dsServiceName")))
                    .isEqualTo(new DN(brent.changeTracking().ntdsSettingsDn()));
            assertThat(rootDse.getAttributeValue("defaultNamingContext")).isEqualTo(BRENT_BASE);
        }

        @Test
        void whenTheNtdsSettingsObjectIsReadThenItCarriesTheSixteenByteInvocationId() throws LDAPException {
            String dsServiceName = service.getEntry("", "dsServiceName").getAttributeValue("dsServiceName");

            byte[] invocationId = service.getEntry(dsServiceName, "invocationId").getAttributeValueBytes("invocationId");

            assertThat(invocationId).hasSize(16);
            assertThat(AdGuid.fromBytes(invocationId)).isEqualTo(brent.changeTracking().invocationId());
        }

        @Test
        void whenStartedAgainThenItIsANewInvocationUnlessTheBuilderFixesOne() {
            UUID fixed = UUID.fromString("6f1d7a55-0c3e-4c1f-9b6a-3d2c1b0a9f8e");
            try (CouncilDirectory again = DemoCouncils.start("brent");
                 CouncilDirectory pinned = CouncilDirectory.builder("brent", BRENT_BASE).invocationId(fixed).start()) {
                assertThat(again.changeTracking().invocationId()).isNotEqualTo(brent.changeTracking().invocationId());
                assertThat(pinned.changeTracking().invocationId()).isEqualTo(fixed);
            }
        }
    }

    @Nested
    @DisplayName("stamps uSNChanged")
    class Stamps {

        @Test
        void whenLoadedThenEveryEntryHasUsnsAtOrBelowTheHighestCommitted() throws LDAPException {
            SearchResultEntry john = service.getEntry(JOHN_SMITH, "uSNCreated", "uSNChanged");

            assertThat(john.getAttributeValueAsLong("uSNCreated")).isEqualTo(john.getAttributeValueAsLong("uSNChanged"))
                    .isLessThanOrEqualTo(highestCommitted());
        }

        @Test
        void whenAUserIsModifiedOverLdapThenOnlyThatUserIsFoundAboveTheOldWatermark() throws LDAPException {
            long watermark = highestCommitted();

            service.modify(JOHN_SMITH, new Modification(ModificationType.REPLACE, "title", "Housing Lead"));

            assertThat(changedSince(watermark)).containsExactly(new DN(JOHN_SMITH));
            assertThat(highestCommitted()).isEqualTo(watermark + 1);
        }

        @Test
        void whenAPersonIsAddedOverLdapThenUsnCreatedAndChangedAreTheNewUsn() throws LDAPException {
            long watermark = highestCommitted();
            String dn = "CN=Ada Lovelace,OU=Staff," + BRENT_BASE;

            service.add(dn, List.of(new com.unboundid.ldap.sdk.Attribute("objectClass", "top", "person",
                    "organizationalPerson", "user"), new com.unboundid.ldap.sdk.Attribute("sn", "Lovelace"),
                    new com.unboundid.ldap.sdk.Attribute("uSNChanged", "1")));

            SearchResultEntry ada = service.getEntry(dn, "uSNCreated", "uSNChanged");
            assertThat(ada.getAttributeValueAsLong("uSNCreated")).isEqualTo(watermark + 1);
            assertThat(ada.getAttributeValueAsLong("uSNChanged")).as("a client cannot choose it").isEqualTo(watermark + 1);
        }

        @Test
        void whenAUserIsMovedOutOfTheUsersContainerOverLdapThenItIsStampedAtItsNewDn() throws LDAPException {
            service.add("OU=Leavers," + BRENT_BASE, List.of(
                    new com.unboundid.ldap.sdk.Attribute("objectClass", "top", "organizationalUnit"),
                    new com.unboundid.ldap.sdk.Attribute("ou", "Leavers")));
            long watermark = highestCommitted();

            service.modifyDN(new ModifyDNRequest(JOHN_SMITH, "CN=John Smith", true, "OU=Leavers," + BRENT_BASE));

            assertThat(changedSince(watermark)).containsExactly(new DN("CN=John Smith,OU=Leavers," + BRENT_BASE));
        }

        @Test
        void whenAMemberIsAddedOrRemovedThenTheGroupIsStampedAndTheMemberIsNot() throws LDAPException {
            long watermark = highestCommitted();

            brent.addMember(HOUSING, JOHN_SMITH);
            brent.removeMember(HOUSING, FATIMA_HUSSAIN);

            assertThat(changedSince(watermark)).containsExactly(new DN(HOUSING));
            assertThat(service.getEntry(JOHN_SMITH, "memberOf").getAttributeValues("memberOf")).contains(HOUSING);
            assertThat(highestCommitted()).isEqualTo(watermark + 2);
        }

        @Test
        void whenAUserIsDisabledThenTheUserIsStamped() throws LDAPException {
            long watermark = highestCommitted();

            brent.setUserAccountControl(JOHN_SMITH, 514);

            assertThat(changedSince(watermark)).containsExactly(new DN(JOHN_SMITH));
        }

        @Test
        void whenAnAnonymousClientTriesToChangeSomethingThenNothingIsStampedAndTheWatermarkMovesOnlyPastTheGap()
                throws LDAPException {
            long watermark = highestCommitted();
            try (LDAPConnection anonymous = new LDAPConnection("127.0.0.1", brent.port())) {
                assertThatThrownBy(() -> anonymous.delete(JOHN_SMITH)).isInstanceOf(LDAPException.class);
            }

            assertThat(changedSince(watermark)).isEmpty();
            assertThat(service.getEntry(JOHN_SMITH)).isNotNull();
            assertThat(highestCommitted()).as("a USN no write kept, as AD's gaps").isEqualTo(watermark + 1);
        }
    }

    @Nested
    @DisplayName("keeps deleted entries as tombstones")
    class Deletions {

        @Test
        void whenAUserIsDeletedThenTheServiceAccountFindsItsTombstoneWithShowDeleted() throws LDAPException {
            byte[] guid = service.getEntry(JOHN_SMITH, "objectGUID").getAttributeValueBytes("objectGUID");
            long watermark = highestCommitted();

            brent.delete(JOHN_SMITH);

            List<SearchResultEntry> tombstones = tombstones(service);
            assertThat(tombstones).singleElement().satisfies(tombstone -> {
                assertThat(tombstone.getParsedDN().getParent()).isEqualTo(new DN(brent.changeTracking().deletedObjectsDn()));
                assertThat(tombstone.getParsedDN().getRDN().getAttributeValues()[0])
                        .isEqualTo("John Smith\nDEL:" + AdGuid.fromBytes(guid));
                assertThat(tombstone.getAttributeValueBytes("objectGUID")).isEqualTo(guid);
                assertThat(tombstone.getAttributeValue("sAMAccountName")).isEqualTo("jsmith");
                assertThat(tombstone.getAttributeValue("isDeleted")).isEqualTo("TRUE");
                assertThat(new DN(tombstone.getAttributeValue("lastKnownParent"))).isEqualTo(new DN(brent.usersDn()));
                assertThat(tombstone.getAttributeValueAsLong("uSNChanged")).isEqualTo(watermark + 1);
                assertThat(tombstone.hasAttribute("memberOf")).isFalse();
            });
        }

        @Test
        void whenAUserIsDeletedOverLdapThenItLeavesATombstoneAndLeavesItsGroups() throws LDAPException {
            service.delete(FATIMA_HUSSAIN);

            assertThat(tombstones(service)).extracting(e -> e.getAttributeValue("sAMAccountName")).containsExactly("fhussain");
            assertThat(service.getEntry(HOUSING, "member").getAttributeValues("member")).doesNotContain(FATIMA_HUSSAIN);
        }

        @Test
        void whenSearchingWithoutShowDeletedThenNoTombstoneNorTheContainerIsFound() throws LDAPException {
            brent.delete(JOHN_SMITH);

            assertThat(service.search(BRENT_BASE, SearchScope.SUB, "(|(isDeleted=TRUE)(sAMAccountName=jsmith))")
                    .getSearchEntries()).isEmpty();
        }

        @Test
        void whenSomeoneElseSearchesWithShowDeletedThenTheyDoNotSeeTombstones() throws LDAPException {
            brent.delete(JOHN_SMITH);

            try (LDAPConnection person = new LDAPConnection("127.0.0.1", brent.port(), FATIMA_HUSSAIN,
                    password("brent", "fhussain"))) {
                assertThat(tombstones(person)).isEmpty();
            }
        }

        @Test
        void whenTheCouncilHasNotGrantedTheBrokerTheDeletedObjectsThenItDoesNotSeeTombstones() throws LDAPException {
            brent.delete(JOHN_SMITH);

            brent.changeTracking().deletedObjectsGranted(false);

            assertThat(tombstones(service)).isEmpty();
            brent.changeTracking().deletedObjectsGranted(true);
            assertThat(tombstones(service)).hasSize(1);
        }

        private List<SearchResultEntry> tombstones(LDAPConnection connection) throws LDAPException {
            SearchRequest request = new SearchRequest(BRENT_BASE, SearchScope.SUB,
                    Filter.createANDFilter(Filter.createEqualityFilter("isDeleted", "TRUE"),
                            Filter.createEqualityFilter("objectClass", "user")),
                    "objectGUID", "sAMAccountName", "isDeleted", "lastKnownParent", "uSNChanged", "memberOf");
            request.addControl(SHOW_DELETED);
            return connection.search(request).getSearchEntries();
        }
    }

    private long highestCommitted() throws LDAPException {
        return service.getEntry("", "highestCommittedUSN").getAttributeValueAsLong("highestCommittedUSN");
    }

    private List<DN> changedSince(long watermark) throws LDAPException {
        return service.search(BRENT_BASE, SearchScope.SUB,
                        Filter.createGreaterOrEqualFilter("uSNChanged", Long.toString(watermark + 1)), "1.1")
                .getSearchEntries().stream().map(e -> {
                    try {
                        return e.getParsedDN();
                    } catch (LDAPException ex) {
                        throw new IllegalStateException(ex);
                    }
                }).toList();
    }
}
