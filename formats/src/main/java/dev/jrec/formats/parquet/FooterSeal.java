package dev.jrec.formats.parquet;

import dev.jrec.formats.schema.MetadataKeys;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where the footer checksum's value sits in a file's footer, for the writer that fills it in and the readers that
 * check it (docs/format.md, "Integrity"). The value cannot be part of what it sums, so it is summed as eight
 * '0' characters: the writer writes those, sums, and overwrites them in place; a reader finds them, sums with
 * '0's there, and compares.
 */
public final class FooterSeal {
    /** Hex digits of a CRC32, lowercase, zero-padded. */
    public static final int VALUE_BYTES = 8;
    public static final String PLACEHOLDER = "0".repeat(VALUE_BYTES);

    /**
     * The bytes just before the value in a Thrift-compact KeyValue: the key's length (a one-byte varint), the
     * key, the value's field header (field 2, binary) and length (8). Matching all of it, not the key alone,
     * keeps a command line or path that mentions the key from being taken for it.
     */
    private static final byte[] PREFIX;

    static {
        byte[] key = MetadataKeys.CHECKSUM_FOOTER.getBytes(StandardCharsets.US_ASCII);
        PREFIX = new byte[key.length + 3];
        PREFIX[0] = (byte) key.length;
        System.arraycopy(key, 0, PREFIX, 1, key.length);
        PREFIX[key.length + 1] = 0x18;
        PREFIX[key.length + 2] = VALUE_BYTES;
    }

    private FooterSeal() {}

    /**
     * Offset in {@code footer} of the last occurrence of the key followed by {@code value}, or -1. The writer puts
     * the key last of the key-value pairs, so nothing a user chose (a command line) comes after it.
     */
    public static int find(byte[] footer, int length, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        if (v.length != VALUE_BYTES) return -1;
        outer:
        for (int i = length - PREFIX.length - VALUE_BYTES; i >= 0; i--) {
            for (int j = 0; j < PREFIX.length; j++) if (footer[i + j] != PREFIX[j]) continue outer;
            if (Arrays.equals(footer, i + PREFIX.length, i + PREFIX.length + VALUE_BYTES, v, 0, VALUE_BYTES)) return i + PREFIX.length;
        }
        return -1;
    }

    public static String hex(long crc) {
        return String.format("%08x", crc & 0xffffffffL);
    }
}
