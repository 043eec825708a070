package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uk.boroughbroker.directory.AdGuid;

@DisplayName("DirectoryUser")
class DirectoryUserTest {

    private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");
    private static final long NORMAL_ACCOUNT = 512;
    private static final long NEVER_EXPIRES = 0x7FFFFFFFFFFFFFFFL;
    /** pwdLastSet of an account whose password was set a while ago. */
    private static final long PASSWORD_SET = filetime(NOW.minus(Duration.ofDays(10)));

    /** Windows FILETIME: 100-ns intervals since 1601-01-01. */
    private static long filetime(Instant instant) {
        return instant.toEpochMilli() * 10_000 + 116_444_736_000_000_000L;
    }

    private static DirectoryUser user(long userAccountControl, long accountExpires, long lockoutTime, long pwdLastSet) {
        return new DirectoryUser("CN=John Smith,OU=Staff,DC=brent,DC=gov,DC=uk", UUID.randomUUID(), "jsmith",
                "jsmith@brent.gov.uk", "John", "Smith", "john.smith@brent.gov.uk", userAccountControl, accountExpires,
                lockoutTime, pwdLastSet, List.of());
    }

    @Nested
    @DisplayName("objectGUID and UUID")
    class Guids {

        private final UUID microsoftExample = UUID.fromString("6F9619FF-8B86-D011-B42D-00C04FC964FF");
        private final byte[] microsoftExampleBytes = HexFormat.of().parseHex("FF19966F868B11D0B42D00C04FC964FF");

        @Test
        void whenAdsBytesForMicrosoftsExampleAreReadThenTheyGiveTheGuidAsWindowsWritesIt() {
            assertThat(DirectoryUser.guidToUuid(microsoftExampleBytes)).isEqualTo(microsoftExample);
        }

        @Test
        void whenMicrosoftsExampleGuidIsWrittenThenItGivesAdsByteOrder() {
            assertThat(DirectoryUser.uuidToGuid(microsoftExample)).isEqualTo(microsoftExampleBytes);
        }

        @RepeatedTest(20)
        void whenAGuidGoesToBytesAndBackThenItIsUnchanged() {
            UUID uuid = UUID.randomUUID();

            assertThat(DirectoryUser.guidToUuid(DirectoryUser.uuidToGuid(uuid))).isEqualTo(uuid);
        }

        @Test
        void whenBytesGoToAGuidAndBackThenTheyAreUnchangedWhateverTheirValues() {
            Random random = new Random(8);
            for (int i = 0; i < 1_000; i++) {
                byte[] bytes = new byte[16];
                random.nextBytes(bytes);

                assertThat(DirectoryUser.uuidToGuid(DirectoryUser.guidToUuid(bytes))).isEqualTo(bytes);
            }
        }

        @Test
        void whenComparedWithTheTestDirectoriesConversionThenBothAgree() {
            Random random = new Random(26);
            for (int i = 0; i < 1_000; i++) {
                UUID uuid = new UUID(random.nextLong(), random.nextLong());

                assertThat(DirectoryUser.uuidToGuid(uuid)).isEqualTo(AdGuid.toBytes(uuid));
            }
        }
    }

    @Nested
    @DisplayName("from a directory entry")
    class FromEntry {

        private final UUID guid = UUID.fromString("6F9619FF-8B86-D011-B42D-00C04FC964FF");

        @Test
        void whenTheEntryHasEveryAttributeThenEachIsRead() {
            Entry entry = new Entry("CN=John Smith,OU=Staff,DC=brent,DC=gov,DC=uk",
                    new Attribute("objectGUID", DirectoryUser.uuidToGuid(guid)),
                    new Attribute("sAMAccountName", "jsmith"), new Attribute("userPrincipalName", "jsmith@brent.gov.uk"),
                    new Attribute("givenName", "John"), new Attribute("sn", "Smith"),
                    new Attribute("mail", "John.Smith@brent.gov.uk"), new Attribute("userAccountControl", "66048"),
                    new Attribute("accountExpires", "9223372036854775807"), new Attribute("lockoutTime", "0"),
                    new Attribute("pwdLastSet", "134000000000000000"),
                    new Attribute("memberOf", "CN=GG-A,OU=Groups,DC=brent,DC=gov,DC=uk",
                            "CN=GG-B,OU=Groups,DC=brent,DC=gov,DC=uk"));

            assertThat(DirectoryUser.from(entry)).isEqualTo(new DirectoryUser(
                    "CN=John Smith,OU=Staff,DC=brent,DC=gov,DC=uk", guid, "jsmith", "jsmith@brent.gov.uk", "John",
                    "Smith", "John.Smith@brent.gov.uk", 66048, NEVER_EXPIRES, 0, 134000000000000000L,
                    List.of("CN=GG-A,OU=Groups,DC=brent,DC=gov,DC=uk", "CN=GG-B,OU=Groups,DC=brent,DC=gov,DC=uk")));
        }

        @Test
        void whenOptionalAttributesAreMissingThenNumbersAreZeroPwdLastSetIsUnknownAndGroupsEmpty() {
            Entry entry = new Entry("CN=Jo,OU=Staff,DC=brent,DC=gov,DC=uk",
                    new Attribute("objectGUID", DirectoryUser.uuidToGuid(guid)), new Attribute("sAMAccountName", "jo"));

            DirectoryUser user = DirectoryUser.from(entry);

            assertThat(user.userAccountControl()).isZero();
            assertThat(user.accountExpires()).isZero();
            assertThat(user.lockoutTime()).isZero();
            assertThat(user.pwdLastSet()).as("absent is not 'must change'").isEqualTo(-1);
            assertThat(user.memberOf()).isEmpty();
            assertThat(user.principalName()).isNull();
            assertThat(user.state(NOW)).isEqualTo(AccountState.ACTIVE);
        }

        @Test
        void whenTheEntryHasNoObjectGuidThenItIsRefusedNamingTheEntry() {
            Entry entry = new Entry("CN=Jo,OU=Staff,DC=brent,DC=gov,DC=uk", new Attribute("sAMAccountName", "jo"));

            assertThatThrownBy(() -> DirectoryUser.from(entry)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CN=Jo,OU=Staff,DC=brent,DC=gov,DC=uk").hasMessageContaining("objectGUID");
        }

        @Test
        void whenTheObjectGuidIsNotSixteenBytesThenItIsRefused() {
            Entry entry = new Entry("CN=Jo,OU=Staff,DC=brent,DC=gov,DC=uk",
                    new Attribute("objectGUID", new byte[15]));

            assertThatThrownBy(() -> DirectoryUser.from(entry)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("state(now) from the account's attributes")
    class State {

        @Test
        void whenNothingIsWrongThenTheAccountIsActive() {
            assertThat(user(NORMAL_ACCOUNT, 0, 0, PASSWORD_SET).state(NOW)).isEqualTo(AccountState.ACTIVE);
        }

        @ParameterizedTest
        @ValueSource(longs = {514, 2, 66050, 0x202 | 0x10000 | 0x800000})
        void whenTheAccountDisableBitIsSetThenItIsDisabled(long userAccountControl) {
            assertThat(user(userAccountControl, 0, 0, PASSWORD_SET).state(NOW)).isEqualTo(AccountState.DISABLED);
        }

        @ParameterizedTest
        @ValueSource(longs = {512, 66048, 0x10, 544})
        void whenOtherUserAccountControlBitsAreSetThenTheyDoNotDisable(long userAccountControl) {
            assertThat(user(userAccountControl, 0, 0, PASSWORD_SET).state(NOW)).isEqualTo(AccountState.ACTIVE);
        }

        @Test
        void whenLockoutTimeIsSetThenItIsLocked() {
            assertThat(user(NORMAL_ACCOUNT, 0, filetime(NOW.minusSeconds(60)), PASSWORD_SET).state(NOW))
                    .isEqualTo(AccountState.LOCKED);
        }

        @Test
        void whenAccountExpiresIsInThePastThenItIsExpired() {
            assertThat(user(NORMAL_ACCOUNT, filetime(NOW.minus(Duration.ofDays(1))), 0, PASSWORD_SET).state(NOW))
                    .isEqualTo(AccountState.EXPIRED);
        }

        @Test
        void whenAccountExpiresIsAMillisecondAgoThenItIsExpiredAndAtThatInstantNotYet() {
            long expires = filetime(NOW);

            assertThat(user(NORMAL_ACCOUNT, expires, 0, PASSWORD_SET).state(NOW)).isEqualTo(AccountState.ACTIVE);
            assertThat(user(NORMAL_ACCOUNT, expires, 0, PASSWORD_SET).state(NOW.plusMillis(1)))
                    .isEqualTo(AccountState.EXPIRED);
        }

        @Test
        void whenAccountExpiresIsInTheFutureThenItIsActive() {
            assertThat(user(NORMAL_ACCOUNT, filetime(NOW.plus(Duration.ofDays(1))), 0, PASSWORD_SET).state(NOW))
                    .isEqualTo(AccountState.ACTIVE);
        }

        @ParameterizedTest
        @ValueSource(longs = {0, NEVER_EXPIRES})
        void whenAccountExpiresSaysNeverThenItNeverExpires(long never) {
            assertThat(user(NORMAL_ACCOUNT, never, 0, PASSWORD_SET).state(Instant.parse("9999-12-31T23:59:59Z")))
                    .isEqualTo(AccountState.ACTIVE);
        }

        @Test
        void whenPwdLastSetIsZeroThenThePasswordMustChange() {
            assertThat(user(NORMAL_ACCOUNT, 0, 0, 0).state(NOW)).isEqualTo(AccountState.PASSWORD_MUST_CHANGE);
        }

        @Test
        void whenPwdLastSetIsUnknownThenNothingIsRequired() {
            assertThat(user(NORMAL_ACCOUNT, 0, 0, -1).state(NOW)).isEqualTo(AccountState.ACTIVE);
        }

        @Test
        void whenSeveralThingsAreWrongThenDisabledComesFirstThenLockedThenExpiredThenPasswordMustChange() {
            long expired = filetime(NOW.minusSeconds(1));
            long locked = filetime(NOW.minusSeconds(1));

            assertThat(user(514, expired, locked, 0).state(NOW)).isEqualTo(AccountState.DISABLED);
            assertThat(user(NORMAL_ACCOUNT, expired, locked, 0).state(NOW)).isEqualTo(AccountState.LOCKED);
            assertThat(user(NORMAL_ACCOUNT, expired, 0, 0).state(NOW)).isEqualTo(AccountState.EXPIRED);
        }
    }
}
