package uk.boroughbroker.directory;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HexFormat;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("AdGuid converts AD's mixed-endian objectGUID")
class AdGuidTest {

    /** Microsoft's documentation example GUID and the bytes AD stores for it. */
    private static final UUID EXAMPLE = UUID.fromString("6F9619FF-8B86-D011-B42D-00C04FC964FF");
    private static final byte[] EXAMPLE_BYTES = HexFormat.ofDelimiter(" ").parseHex("FF 19 96 6F 86 8B 11 D0 B4 2D 00 C0 4F C9 64 FF");

    @Test
    void whenConvertingMicrosoftsExampleThenTheFirstThreeFieldsAreLittleEndian() {
        assertThat(AdGuid.toBytes(EXAMPLE)).isEqualTo(EXAMPLE_BYTES);
        assertThat(AdGuid.fromBytes(EXAMPLE_BYTES)).isEqualTo(EXAMPLE);
    }

    @Test
    void whenRoundTrippingRandomUuidsThenTheyComeBackUnchanged() {
        for (int i = 0; i < 1_000; i++) {
            UUID uuid = UUID.randomUUID();
            assertThat(AdGuid.fromBytes(AdGuid.toBytes(uuid))).isEqualTo(uuid);
        }
    }

    @Test
    void whenRoundTrippingExtremeValuesThenSignBitsDoNotLeak() {
        for (UUID uuid : new UUID[] {new UUID(0, 0), new UUID(-1, -1), new UUID(Long.MIN_VALUE, Long.MAX_VALUE)}) {
            assertThat(AdGuid.fromBytes(AdGuid.toBytes(uuid))).isEqualTo(uuid);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 15, 17, 36})
    void whenTheByteArrayIsNotSixteenBytesThenItIsRejected(int length) {
        assertThatThrownBy(() -> AdGuid.fromBytes(new byte[length]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16 bytes");
    }
}
