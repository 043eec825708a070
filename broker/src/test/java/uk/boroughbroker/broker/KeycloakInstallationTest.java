package uk.boroughbroker.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("KeycloakInstallation")
class KeycloakInstallationTest {

    static final String VERSION = "26.7.3";
    static final String TOP = "keycloak-" + VERSION + "/";
    static final String KC_SH = "#!/bin/sh\necho fixture kc.sh\n";
    static final String CONF = "# fixture keycloak.conf\n";

    /** A tiny stand-in for the Keycloak distribution zip: one top folder, bin/, conf/, providers/. */
    static final class DistributionZip {

        private final Map<String, String> entries = new LinkedHashMap<>();

        static DistributionZip keycloakLike() {
            return new DistributionZip()
                    .folder(TOP)
                    .folder(TOP + "bin/")
                    .file(TOP + "bin/kc.sh", KC_SH)
                    .file(TOP + "bin/kcadm.sh", "#!/bin/sh\n")
                    .file(TOP + "bin/client/readme.txt", "not a script\n")
                    .folder(TOP + "conf/")
                    .file(TOP + "conf/keycloak.conf", CONF)
                    .folder(TOP + "providers/")
                    .file(TOP + "providers/README.md", "Put providers here.\n");
        }

        DistributionZip folder(String name) {
            entries.put(name, null);
            return this;
        }

        DistributionZip file(String name, String content) {
            entries.put(name, content);
            return this;
        }

        Path writeTo(Path zip) throws IOException {
            Files.createDirectories(zip.getParent());
            try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
                for (Map.Entry<String, String> e : entries.entrySet()) {
                    out.putNextEntry(new ZipEntry(e.getKey()));
                    if (e.getValue() != null) {
                        out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                    }
                    out.closeEntry();
                }
            }
            return zip;
        }
    }

    static byte[] embeddedProvidersJar() throws IOException {
        try (InputStream in = KeycloakInstallation.class.getResourceAsStream(KeycloakInstallation.PROVIDERS_RESOURCE + KeycloakInstallation.PROVIDERS_JAR)) {
            assertThat(in).as("the providers jar is copied into target/classes by process-resources; "
                    + "run the build through Maven (mvn test), not a bare IDE compile").isNotNull();
            return in.readAllBytes();
        }
    }

    @TempDir
    Path tmp;

    Path home;
    BuildInfo build;

    @BeforeEach
    void distribution() throws IOException {
        home = tmp.resolve("home");
        Path zip = DistributionZip.keycloakLike().writeTo(tmp.resolve("dist").resolve("keycloak-" + VERSION + ".zip"));
        build = new BuildInfo("0.1.0-TEST", VERSION, zip);
    }

    private Path installed() {
        return home.resolve("keycloak-" + VERSION);
    }

    @Nested
    @DisplayName("first prepare")
    class FirstPrepare {

        @Test
        void whenHomeIsEmptyThenTheZipIsUnpackedIntoKeycloakVersionWithoutItsTopFolder() throws IOException {
            KeycloakInstallation kc = KeycloakInstallation.prepare(home, build);

            assertThat(kc.dir()).isEqualTo(installed());
            assertThat(kc.unpacked()).isTrue();
            assertThat(Files.readString(installed().resolve("bin/kc.sh"))).isEqualTo(KC_SH);
            assertThat(Files.readString(installed().resolve("conf/keycloak.conf"))).isEqualTo(CONF);
            assertThat(installed().resolve("providers")).isDirectory();
            assertThat(installed().resolve("keycloak-" + VERSION)).as("top folder stripped").doesNotExist();
            assertThat(home.resolve("keycloak-" + VERSION + ".unpacking")).as("scratch folder moved").doesNotExist();
        }

        @Test
        void whenUnpackedThenShellScriptsInBinAreExecutableAndOtherFilesAreNot() throws IOException {
            assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");

            KeycloakInstallation.prepare(home, build);

            assertThat(Files.getPosixFilePermissions(installed().resolve("bin/kc.sh")))
                    .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                            PosixFilePermission.OTHERS_EXECUTE);
            assertThat(Files.getPosixFilePermissions(installed().resolve("bin/kcadm.sh")))
                    .contains(PosixFilePermission.OWNER_EXECUTE);
            assertThat(Files.getPosixFilePermissions(installed().resolve("conf/keycloak.conf")))
                    .doesNotContain(PosixFilePermission.OWNER_EXECUTE);
            assertThat(Files.getPosixFilePermissions(installed().resolve("bin/client/readme.txt")))
                    .doesNotContain(PosixFilePermission.OWNER_EXECUTE);
        }

        @Test
        void whenPreparedThenTheEmbeddedProvidersJarIsInstalled() throws IOException {
            KeycloakInstallation.prepare(home, build);

            Path jar = installed().resolve("providers").resolve(KeycloakInstallation.PROVIDERS_JAR);
            assertThat(jar).isRegularFile();
            assertThat(Files.readAllBytes(jar)).isEqualTo(embeddedProvidersJar());
            assertThat(installed().resolve("providers").resolve("unboundid-ldapsdk.jar"))
                    .as("the LDAP SDK the extensions need").isRegularFile();
            assertThat(installed().resolve("providers").resolve(KeycloakInstallation.PROVIDERS_JAR + ".new"))
                    .as("temporary copy renamed into place").doesNotExist();
            assertThat(installed().resolve("providers/README.md")).as("distribution files kept").isRegularFile();
        }

        @Test
        void whenFreshlyUnpackedThenARebuildIsExpected() {
            assertThat(KeycloakInstallation.prepare(home, build).rebuildExpected()).isTrue();
        }
    }

    @Nested
    @DisplayName("second prepare")
    class SecondPrepare {

        @Test
        void whenAlreadyInstalledThenNothingIsUnpackedAndTheProvidersJarIsNotRewritten() throws IOException {
            KeycloakInstallation.prepare(home, build);
            Path jar = installed().resolve("providers").resolve(KeycloakInstallation.PROVIDERS_JAR);
            FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
            Files.setLastModifiedTime(jar, old);
            Path marker = installed().resolve("data").resolve("keep-me");
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, "Keycloak data");

            KeycloakInstallation again = KeycloakInstallation.prepare(home, build);

            assertThat(again.unpacked()).isFalse();
            assertThat(Files.getLastModifiedTime(jar)).as("unchanged jar keeps its file time").isEqualTo(old);
            assertThat(marker).as("the installation (and its data) is kept").hasContent("Keycloak data");
        }

        @Test
        void whenKeycloakStartedWithTheseProvidersThenNoRebuildIsExpected() {
            KeycloakInstallation.prepare(home, build).markBuilt();

            KeycloakInstallation again = KeycloakInstallation.prepare(home, build);

            assertThat(again.rebuildExpected()).isFalse();
            assertThat(installed().resolve(KeycloakInstallation.BUILT_STAMP)).isNotEmptyFile();
        }

        @Test
        void whenKeycloakNeverStartedThenARebuildIsStillExpected() {
            KeycloakInstallation.prepare(home, build);

            KeycloakInstallation again = KeycloakInstallation.prepare(home, build);

            assertThat(again.unpacked()).isFalse();
            assertThat(again.rebuildExpected()).as("no stamp yet: the first start did not finish").isTrue();
        }

        @Test
        void whenTheStampIsForOtherProvidersThenARebuildIsExpected() throws IOException {
            KeycloakInstallation.prepare(home, build).markBuilt();
            Files.writeString(installed().resolve(KeycloakInstallation.BUILT_STAMP), "0".repeat(64));

            assertThat(KeycloakInstallation.prepare(home, build).rebuildExpected()).isTrue();
        }

        @Test
        void whenTheInstalledJarDiffersThenItIsReplacedByTheEmbeddedOne() throws IOException {
            KeycloakInstallation.prepare(home, build);
            Path jar = installed().resolve("providers").resolve(KeycloakInstallation.PROVIDERS_JAR);
            Files.writeString(jar, "an older build");

            KeycloakInstallation.prepare(home, build);

            assertThat(Files.readAllBytes(jar)).isEqualTo(readEmbedded());
        }

        private byte[] readEmbedded() {
            try {
                return embeddedProvidersJar();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Nested
    @DisplayName("unsafe or interrupted unpacking")
    class Unsafe {

        @Test
        void whenAZipEntryEscapesTheFolderThenItIsRefusedAndNothingIsWrittenOutside() throws IOException {
            Path zip = DistributionZip.keycloakLike()
                    .file(TOP + "../../evil.txt", "zip slip")
                    .writeTo(tmp.resolve("dist").resolve("slip.zip"));
            BuildInfo bad = new BuildInfo("0.1.0-TEST", VERSION, zip);

            assertThatThrownBy(() -> KeycloakInstallation.prepare(home, bad))
                    .isInstanceOf(BrokerException.class)
                    .hasMessageContaining(zip.toString())
                    .hasMessageContaining("unsafe path: " + TOP + "../../evil.txt");
            assertThat(tmp.resolve("evil.txt")).doesNotExist();
            assertThat(home.resolve("evil.txt")).doesNotExist();
            assertThat(installed().resolve("bin/kc.sh")).as("no installation").doesNotExist();
        }

        @Test
        void whenAZipEntryClimbsIntoTheHomeThenItIsRefused() throws IOException {
            Path zip = DistributionZip.keycloakLike()
                    .file(TOP + "../secrets.properties", "admin.password=attacker")
                    .writeTo(tmp.resolve("dist").resolve("slip-home.zip"));

            assertThatThrownBy(() -> KeycloakInstallation.prepare(home, new BuildInfo("t", VERSION, zip)))
                    .isInstanceOf(BrokerException.class)
                    .hasMessageContaining("unsafe path: " + TOP + "../secrets.properties");
            assertThat(home.resolve("secrets.properties")).doesNotExist();
        }

        @Test
        void whenALeftoverUnpackingFolderExistsThenItIsNotAnInstallationAndIsReplaced() throws IOException {
            Path leftover = home.resolve("keycloak-" + VERSION + ".unpacking");
            Files.createDirectories(leftover.resolve("bin"));
            Files.writeString(leftover.resolve("bin/kc.sh"), "half-written");
            Files.writeString(leftover.resolve("stray-file"), "from the interrupted run");

            KeycloakInstallation kc = KeycloakInstallation.prepare(home, build);

            assertThat(kc.unpacked()).as("the leftover did not count as an installation").isTrue();
            assertThat(installed().resolve("bin/kc.sh")).hasContent(KC_SH);
            assertThat(installed().resolve("stray-file")).as("leftover content not carried over").doesNotExist();
            assertThat(leftover).doesNotExist();
        }

        @Test
        void whenTheInstallationHasNoKcShThenItIsUnpackedAgain() throws IOException {
            Files.createDirectories(installed().resolve("conf"));
            Files.writeString(installed().resolve("conf/keycloak.conf"), "partial");

            KeycloakInstallation kc = KeycloakInstallation.prepare(home, build);

            assertThat(kc.unpacked()).isTrue();
            assertThat(installed().resolve("conf/keycloak.conf")).hasContent(CONF);
            assertThat(installed().resolve("bin/kc.sh")).hasContent(KC_SH);
        }

        @Test
        void whenTheZipIsMissingThenTheErrorNamesZipAndTarget() {
            Path missing = tmp.resolve("nowhere.zip");

            assertThatThrownBy(() -> KeycloakInstallation.prepare(home, new BuildInfo("t", VERSION, missing)))
                    .isInstanceOf(BrokerException.class)
                    .hasMessageStartingWith("Cannot unpack Keycloak from " + missing + " into " + installed());
            assertThat(installed()).doesNotExist();
        }

        @Test
        void whenTheHomePathIsNotNormalizedThenUnpackingStillWorks() {
            Path dotted = tmp.resolve(".").resolve("home");

            KeycloakInstallation kc = KeycloakInstallation.prepare(dotted, build);

            assertThat(kc.dir().resolve("bin/kc.sh")).hasContent(KC_SH);
        }
    }

    @Nested
    @DisplayName("deleteTree")
    class DeleteTree {

        @Test
        void whenTheFolderHasNestedContentThenAllOfItIsDeleted() throws IOException {
            Path dir = tmp.resolve("tree");
            Files.createDirectories(dir.resolve("a/b/c"));
            Files.writeString(dir.resolve("a/b/c/file"), "x");
            Files.writeString(dir.resolve("top"), "y");

            KeycloakInstallation.deleteTree(dir);

            assertThat(dir).doesNotExist();
            assertThat(tmp).isDirectory();
        }

        @Test
        void whenTheFolderDoesNotExistThenNothingHappens() throws IOException {
            Path absent = tmp.resolve("absent");

            KeycloakInstallation.deleteTree(absent);

            assertThat(absent).doesNotExist();
            assertThat(tmp.resolve("dist")).as("siblings untouched").isDirectory();
        }
    }

    @Test
    void whenHashingThenSha256IsLowerCaseHex() {
        assertThat(KeycloakInstallation.sha256("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
