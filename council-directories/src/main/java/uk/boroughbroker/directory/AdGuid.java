package uk.boroughbroker.directory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.UUID;

/**
 * Converts between Active Directory's binary {@code objectGUID} and {@link UUID}.
 *
 * <p>AD stores a GUID the way Windows lays out the {@code GUID} struct in memory: the first three
 * fields (Data1 = 4 bytes, Data2 = 2 bytes, Data3 = 2 bytes) little-endian, the last 8 bytes as they
 * are. Keycloak's LDAP provider with vendor "ad" decodes {@code objectGUID} the same way, so a UUID
 * produced here is the id Keycloak shows for the user. Example: {@code 6F9619FF-8B86-D011-B42D-00C04FC964FF}
 * is stored as {@code FF 19 96 6F 86 8B 11 D0 B4 2D 00 C0 4F C9 64 FF}.
 */
public final class AdGuid {

    private static final int LENGTH = 16;

    private AdGuid() {
    }

    /** The 16 bytes AD would store for {@code uuid}. */
    public static byte[] toBytes(UUID uuid) {
        Objects.requireNonNull(uuid, "uuid");
        long msb = uuid.getMostSignificantBits();
        ByteBuffer buffer = ByteBuffer.allocate(LENGTH);
        buffer.order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) (msb >>> 32))          // Data1
                .putShort((short) (msb >>> 16))      // Data2
                .putShort((short) msb);              // Data3
        buffer.order(ByteOrder.BIG_ENDIAN)
                .putLong(uuid.getLeastSignificantBits()); // Data4, byte order as written
        return buffer.array();
    }

    /**
     * The UUID for AD's 16 {@code objectGUID} bytes.
     *
     * @throws IllegalArgumentException if {@code bytes} is not exactly 16 bytes long
     */
    public static UUID fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException(
                    "An objectGUID is 16 bytes long, but " + bytes.length + " bytes were given");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long data1 = Integer.toUnsignedLong(buffer.getInt());
        long data2 = Short.toUnsignedLong(buffer.getShort());
        long data3 = Short.toUnsignedLong(buffer.getShort());
        long lsb = buffer.order(ByteOrder.BIG_ENDIAN).getLong();
        return new UUID((data1 << 32) | (data2 << 16) | data3, lsb);
    }
}
