package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.unboundid.asn1.ASN1Integer;
import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.asn1.ASN1Sequence;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyDNRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import uk.boroughbroker.directory.samba.SambaDomain;
import uk.boroughbroker.keycloak.testing.RealAdBroker;

/**
 * The change reader against a real Active Directory (a Samba 4.17 AD DC for Brent on 127.0.0.13, not
 * the .11/.12 pair the real-AD broker keeps running), bound as the broker's ordinary service account
 * with the Deleted Objects grant, while the domain Administrator makes the changes (decision 0028).
 * Skipped where Samba AD cannot run, unless BOROUGH_REAL_AD=required.
 */
@DisplayName("DirectoryChanges against a real AD (Samba)")
class DirectoryChangesOnRealAdIT {

    private static final String BASE = "DC=brent,DC=gov,DC=uk";
    private static final String USERS = "OU=Staff," + BASE;
    private static final String HOUSING = "CN=GG-Housing-Officers,OU=Groups," + BASE;
    private static final String LEAVERS = "OU=Leavers," + BASE;
    private static final String DIRSYNC_OID = "1.2.840.113556.1.4.841";

    private static SambaDomain brent;

    private LDAPConnection broker;
    private LDAPConnection admin;
    private Map<UUID, Long> known;

    @BeforeAll
    static void startBrent() throws LDAPException {
        RealAdBroker.assumeRealAd();
        brent = SambaDomain.builder("brent", BASE).address("127.0.0.13")
                .ldif(Path.of("..", "realms", "demo", "brent.ldif"))
                .workDir(Path.of("target", "samba", "brent-changes")).start();
        try (LDAPConnection connection = connect(brent.adminBindName(), brent.adminPassword())) {
            connection.add(LEAVERS, new Attribute("objectClass", "top", "organizationalUnit"), new Attribute("ou", "Leavers"));
        }
    }

    @AfterAll
    static void stopBrent() {
        if (brent != null) {
            brent.close();
        }
    }

    @BeforeEach
    void connectAndTakeAWatermark() throws LDAPException {
        broker = connect(brent.bindDn(), brent.bindPassword());
        admin = connect(brent.adminBindName(), brent.adminPassword());
        DirectoryChangeWatermark watermark = DirectoryChanges.watermark(broker);
        known = new HashMap<>(Map.of(watermark.invocationId(), watermark.usn()));
    }

    @AfterEach
    void disconnect() {
        broker.close();
        admin.close();
    }

    @Nested
    @DisplayName("joiners, leavers, movers")
    class Lifecycle {

        @Test
        void whenAPersonIsCreatedThenTheyAreAChangedUser() throws LDAPException {
            String dn = addPerson("Joiner");

            assertThat(read().changedUsers()).extracting(u -> u.user().objectGuid()).contains(guidOf(dn));
        }

        @Test
        void whenAPersonIsDisabledThenTheyComeBackWith514() throws LDAPException {
            String dn = addPerson("Disabled");
            known = watermarkNow();

            admin.modify(dn, new Modification(ModificationType.REPLACE, "userAccountControl", "514"));

            assertThat(read().changedUsers()).filteredOn(u -> u.user().dn().equalsIgnoreCase(dn)).singleElement()
                    .satisfies(u -> assertThat(u.user().userAccountControl()).isEqualTo(514));
        }

        @Test
        void whenAPersonIsDeletedThenTheBrokersAccountSeesTheTombstoneAndTheyHaveLeft() throws LDAPException {
            String dn = addPerson("Deleted");
            UUID guid = guidOf(dn);
            known = watermarkNow();

            admin.delete(dn);
            DirectoryChangeSet changes = read();

            assertThat(changes.deletionsVisible()).isTrue();
            assertThat(changes.leftUsers()).contains(guid);
        }

        @Test
        void whenAPersonIsMovedToTheLeaversOuThenTheyHaveLeft() throws LDAPException {
            String dn = addPerson("Mover");
            UUID guid = guidOf(dn);
            known = watermarkNow();

            admin.modifyDN(new ModifyDNRequest(dn, dn.substring(0, dn.indexOf(',')), true, LEAVERS));

            assertThat(read().leftUsers()).contains(guid);
        }

        @Test
        void whenAPersonJoinsAGroupThenTheGroupChangesAndThePersonDoesNot() throws LDAPException {
            String dn = addPerson("Housing");
            known = watermarkNow();

            admin.modify(HOUSING, new Modification(ModificationType.ADD, "member", dn));
            DirectoryChangeSet changes = read();

            assertThat(changes.changedGroups()).filteredOn(g -> g.dn().equalsIgnoreCase(HOUSING)).singleElement()
                    .satisfies(group -> assertThat(group.members()).anyMatch(m -> m.equalsIgnoreCase(dn)));
            assertThat(changes.changedUsers()).as("memberOf is a back link: the member's uSNChanged stays")
                    .noneMatch(u -> u.user().dn().equalsIgnoreCase(dn));
        }

        @Test
        void whenTheDcIsUnknownThenEveryPersonUnderTheUsersContainerIsListed() throws LDAPException {
            known = Map.of(UUID.randomUUID(), 1L);

            DirectoryChangeSet changes = read();

            int people = broker.search(USERS, SearchScope.SUB, "(&(objectClass=user)(!(objectClass=computer)))", "1.1")
                    .getEntryCount();
            assertThat(changes.fullReconcile()).isTrue();
            assertThat(changes.complete()).isTrue();
            assertThat(changes.changedUsers()).hasSize(people).hasSizeGreaterThan(10);
        }
    }

    @Nested
    @DisplayName("what AD grants (the facts in decision 0028)")
    class Grants {

        @Test
        void whenAnAccountWithoutTheGrantAsksForTombstonesThenItGetsNone() throws LDAPException {
            String dn = addPerson("Unseen");
            admin.delete(dn);

            try (LDAPConnection person = connect("CN=John Smith," + USERS, "Brent!jsmith1")) {
                SearchRequest request = new SearchRequest(BASE, SearchScope.SUB, Filter.createEqualityFilter("isDeleted",
                        "TRUE"), "objectGUID");
                request.addControl(new Control(DirectoryChangePages.SHOW_DELETED_OID, true));
                assertThat(person.search(request).getSearchEntries()).noneMatch(e -> e.getDN().contains("Unseen"));
                assertThat(DirectoryChanges.changesSince(person, USERS, known, DirectoryChangeLimits.DEFAULT,
                        Clock.systemUTC()).deletionsVisible()).isFalse();
            }
        }

        @Test
        void whenTheBrokersAccountAsksForDirSyncThenItIsRefusedWithoutReplicatingDirectoryChanges() throws LDAPException {
            SearchRequest request = new SearchRequest(BASE, SearchScope.SUB, "(objectClass=*)", "1.1");
            // flags 0 (no object security), no attribute limit, no cookie: a full DirSync
            request.addControl(new Control(DIRSYNC_OID, true, new ASN1OctetString(new ASN1Sequence(new ASN1Integer(0),
                    new ASN1Integer(0), new ASN1OctetString()).encode())));

            assertThatThrownBy(() -> broker.search(request)).isInstanceOfSatisfying(LDAPException.class,
                    e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
        }
    }

    private DirectoryChangeSet read() throws LDAPException {
        return DirectoryChanges.changesSince(broker, USERS, known, DirectoryChangeLimits.DEFAULT, Clock.systemUTC());
    }

    private Map<UUID, Long> watermarkNow() throws LDAPException {
        DirectoryChangeWatermark watermark = DirectoryChanges.watermark(broker);
        return new HashMap<>(Map.of(watermark.invocationId(), watermark.usn()));
    }

    /** A new person under OU=Staff, added by the Administrator, with a name no other test uses. */
    private String addPerson(String what) throws LDAPException {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String name = what + " " + suffix;
        String dn = "CN=" + name + "," + USERS;
        admin.add(dn, new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
                new Attribute("sn", what), new Attribute("sAMAccountName", "t" + suffix));
        return dn;
    }

    private UUID guidOf(String dn) throws LDAPException {
        return DirectoryUser.guidToUuid(broker.getEntry(dn, "objectGUID").getAttributeValueBytes("objectGUID"));
    }

    private static LDAPConnection connect(String bindName, String password) throws LDAPException {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(2_000);
        options.setResponseTimeoutMillis(30_000);
        return new LDAPConnection(options, brent.address(), 389, bindName, password);
    }
}
