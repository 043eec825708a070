package uk.boroughbroker.directory.samba;

import com.unboundid.ldif.LDIFAddChangeRecord;
import com.unboundid.ldif.LDIFChangeRecord;
import com.unboundid.ldif.LDIFModifyChangeRecord;
import com.unboundid.ldif.LDIFReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Seeding a Samba domain from a council LDIF")
class SeedLdifTest {

    private static final DomainNames BRENT = DomainNames.of("brent", "DC=brent,DC=gov,DC=uk");

    @Nested
    @DisplayName("from the demo and account-state LDIF")
    class DemoData {

        private final SeedLdif.Seed seed = SeedLdif.build(BRENT, List.of(
                source("../realms/demo/brent.ldif"), source("../realms/real-ad/brent-account-states.ldif")), "s3rvice-pw");
        private final List<LDIFChangeRecord> changes = parse(seed.changes());

        @Test
        void whenBuiltThenTheSkeletonComesFirstAndEveryUserHasAnAdPasswordInsteadOfUserPassword() {
            assertThat(changes.subList(0, 4)).extracting(LDIFChangeRecord::getDN).containsExactly(
                    BRENT.usersDn(), BRENT.groupsDn(), BRENT.serviceAccountsDn(), BRENT.bindDn());
            LDIFAddChangeRecord jsmith = add("CN=John Smith,OU=Staff,DC=brent,DC=gov,DC=uk");

            assertThat(jsmith.getEntryToAdd().getAttributeValueBytes("unicodePwd"))
                    .isEqualTo("\"Brent!jsmith1\"".getBytes(StandardCharsets.UTF_16LE));
            assertThat(jsmith.getEntryToAdd().hasAttribute("userPassword")).isFalse();
            assertThat(jsmith.getEntryToAdd().getAttributeValue("userAccountControl")).isEqualTo("512");
        }

        @Test
        void whenAGroupHasMembersThenTheyAreAddedAfterEveryEntryExists() {
            LDIFAddChangeRecord allStaff = add("CN=GG-AllStaff,OU=Groups,DC=brent,DC=gov,DC=uk");
            int lastAdd = lastIndexOf(LDIFAddChangeRecord.class);

            assertThat(allStaff.getEntryToAdd().hasAttribute("member")).isFalse();
            assertThat(changes.subList(lastAdd + 1, changes.size()))
                    .allMatch(change -> change instanceof LDIFModifyChangeRecord)
                    .extracting(LDIFChangeRecord::getDN)
                    .contains("CN=GG-AllStaff,OU=Groups,DC=brent,DC=gov,DC=uk");
        }

        @Test
        void whenAnAccountIsMarkedLockedOutThenItIsListedForLockingAndLockoutTimeIsNotWritten() {
            assertThat(seed.lockedOut()).containsExactly("CN=Test Locked Out,OU=Staff,DC=brent,DC=gov,DC=uk");
            assertThat(add("CN=Test Locked Out,OU=Staff,DC=brent,DC=gov,DC=uk").getEntryToAdd().hasAttribute("lockoutTime"))
                    .isFalse();
        }

        @Test
        void whenPwdLastSetIsInThePastThenItIsBackdatedSeparatelyButMustChangeStaysInTheAdd() {
            assertThat(add("CN=Test Password Expired,OU=Staff,DC=brent,DC=gov,DC=uk").getEntryToAdd()
                    .hasAttribute("pwdLastSet")).isFalse();
            assertThat(parse(seed.backdated())).singleElement().satisfies(change -> {
                assertThat(change.getDN()).isEqualTo("CN=Test Password Expired,OU=Staff,DC=brent,DC=gov,DC=uk");
                assertThat(((LDIFModifyChangeRecord) change).getModifications()[0].getValues())
                        .containsExactly("132223104000000000");
            });
            assertThat(add("CN=Test Must Change Password,OU=Staff,DC=brent,DC=gov,DC=uk").getEntryToAdd()
                    .getAttributeValue("pwdLastSet")).isEqualTo("0");
        }

        @Test
        void whenBuiltThenComplexityIsOffAndAccountsLockAfterFiveFailuresForAnHour() {
            LDIFModifyChangeRecord policy = (LDIFModifyChangeRecord) changes.stream()
                    .filter(change -> change.getDN().equals(BRENT.baseDn())).findFirst().orElseThrow();

            assertThat(policy.getModifications()).extracting(m -> m.getAttributeName() + "=" + m.getValues()[0])
                    .containsExactly("pwdProperties=0", "lockoutThreshold=5", "lockoutDuration=-36000000000",
                            "lockOutObservationWindow=-36000000000");
        }

        private LDIFAddChangeRecord add(String dn) {
            return changes.stream().filter(change -> change.getDN().equals(dn) && change instanceof LDIFAddChangeRecord)
                    .map(LDIFAddChangeRecord.class::cast).findFirst().orElseThrow();
        }

        private int lastIndexOf(Class<?> type) {
            for (int i = changes.size() - 1; i >= 0; i--) {
                if (type.isInstance(changes.get(i))) {
                    return i;
                }
            }
            return -1;
        }
    }

    @Nested
    @DisplayName("refuses")
    class Refusals {

        @Test
        void whenTheLdifContainsAnEntryTheDomainCreatesItselfThenTheMessageSaysToRemoveIt() {
            String ldif = "dn: OU=Staff,DC=brent,DC=gov,DC=uk\nobjectClass: organizationalUnit\nou: Staff\n";

            assertThatThrownBy(() -> SeedLdif.build(BRENT, List.of(text("skeleton.ldif", ldif)), "pw"))
                    .isInstanceOf(SambaStartException.class)
                    .hasMessageContaining("Council brent: LDIF skeleton.ldif, entry OU=Staff,DC=brent,DC=gov,DC=uk")
                    .hasMessageContaining("remove this entry");
        }

        @Test
        void whenTwoFilesDefineTheSameEntryThenBothAreNamed() {
            String ldif = "dn: CN=Ada,OU=Staff,DC=brent,DC=gov,DC=uk\nobjectClass: user\ncn: Ada\n";

            assertThatThrownBy(() -> SeedLdif.build(BRENT, List.of(text("first.ldif", ldif), text("second.ldif", ldif)), "pw"))
                    .hasMessageContaining("LDIF second.ldif")
                    .hasMessageContaining("already defined in first.ldif");
        }

        @Test
        void whenTheLdifIsMalformedThenTheMessageNamesFileAndLine() {
            String ldif = "dn: CN=Ada,OU=Staff,DC=brent,DC=gov,DC=uk\nobjectClass user\n";

            assertThatThrownBy(() -> SeedLdif.build(BRENT, List.of(text("broken.ldif", ldif)), "pw"))
                    .isInstanceOf(SambaStartException.class)
                    .hasMessageContaining("cannot read LDIF broken.ldif at line");
        }
    }

    private static SeedLdif.Source source(String path) {
        try {
            return new SeedLdif.Source(path, Files.readAllBytes(java.nio.file.Path.of(path)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static SeedLdif.Source text(String name, String ldif) {
        return new SeedLdif.Source(name, ldif.getBytes(StandardCharsets.UTF_8));
    }

    private static List<LDIFChangeRecord> parse(String ldif) {
        List<LDIFChangeRecord> records = new ArrayList<>();
        try (LDIFReader reader = new LDIFReader(new ByteArrayInputStream(ldif.getBytes(StandardCharsets.UTF_8)))) {
            LDIFChangeRecord record;
            while ((record = reader.readChangeRecord()) != null) {
                records.add(record);
            }
        } catch (Exception e) {
            throw new AssertionError("The seed is not valid LDIF: " + e.getMessage(), e);
        }
        return records;
    }
}
