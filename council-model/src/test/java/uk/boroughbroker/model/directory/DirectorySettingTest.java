package uk.boroughbroker.model.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.CertificateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectorySettingTest {

    @Nested
    class Numbers {

        @Test
        void leftOutTheDefaultApplies() {
            assertThat(DirectorySettings.DEADLINE.number(null)).isEqualTo(5_500);
            assertThat(DirectorySettings.DEADLINE.problem(" ")).isEmpty();
        }

        @Test
        void outOfBoundsNamesTheBoundsAndTheValue() {
            assertThat(DirectorySettings.MAX_CONNECTIONS.problem("500")).contains("must be from 1 to 200, not 500");
            assertThat(DirectorySettings.MAX_CONNECTIONS.number("500")).isEqualTo(10);
        }

        @Test
        void notANumberIsNamed() {
            assertThat(DirectorySettings.FAILURE_THRESHOLD.problem("three")).contains("must be a whole number, not 'three'");
        }
    }

    @Nested
    class FlagsAndChoices {

        @Test
        void aFlagIsTrueOrFalseInAnyCase() {
            assertThat(DirectorySettings.START_TLS.flag("TRUE")).isTrue();
            assertThat(DirectorySettings.START_TLS.flag(null)).isFalse();
            assertThat(DirectorySettings.REVEAL_LOCKOUT.flag(null)).isTrue();
            assertThat(DirectorySettings.REVEAL_LOCKOUT.problem("yes")).contains("must be true or false, not 'yes'");
        }

        @Test
        void aChoiceNamesEveryAllowedValue() {
            assertThat(DirectorySettings.GROUP_RESOLUTION.problem("sideways"))
                    .contains("must be auto, in-chain or walk, not 'sideways'");
            assertThat(DirectorySettings.GROUP_RESOLUTION.choice("WALK")).isEqualTo("walk");
            assertThat(DirectorySettings.GROUP_RESOLUTION.choice(null)).isEqualTo("auto");
        }
    }

    @Nested
    class TheDeclarations {

        @Test
        void everyKeyAndEveryFileFieldIsDeclaredOnce() {
            Set<String> keys = new HashSet<>();
            Set<String> fields = new HashSet<>();
            for (DirectorySetting setting : DirectorySettings.ALL) {
                assertThat(keys.add(setting.key())).as(setting.key()).isTrue();
                assertThat(fields.add(setting.fileField())).as(setting.fileField()).isTrue();
                assertThat(setting.label()).isNotBlank();
                assertThat(setting.help()).isNotBlank();
            }
        }

        @Test
        void everyDefaultIsWithinItsOwnBounds() {
            DirectorySettings.ALL.forEach(s -> assertThat(s.problem(s.defaultValue())).as(s.key()).isEmpty());
        }
    }

    @Nested
    class PemFiles {

        @Test
        void aCaCertificateIsRead() throws Exception {
            String pem = Files.readString(Path.of(DirectorySettingTest.class.getResource("/test-ca.pem").toURI()));
            assertThat(PemCertificates.read(pem)).hasSize(1);
        }

        @Test
        void textWithoutACertificateIsRefused() {
            assertThatThrownBy(() -> PemCertificates.read("just text")).isInstanceOf(CertificateException.class);
        }
    }
}
