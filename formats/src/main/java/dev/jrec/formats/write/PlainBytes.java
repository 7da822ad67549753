package dev.jrec.formats.write;

import java.util.Arrays;

/** A growable little-endian byte buffer: PLAIN values, dictionary pages, level runs. */
final class PlainBytes {
    private byte[] buf;
    private int n;

    PlainBytes(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    void reset() {
        n = 0;
    }

    int size() {
        return n;
    }

    private void room(int more) {
        if (n + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
    }

    void int8(int v) {
        room(1);
        buf[n++] = (byte) v;
    }

    void int32(int v) {
        room(4);
        buf[n] = (byte) v;
        buf[n + 1] = (byte) (v >>> 8);
        buf[n + 2] = (byte) (v >>> 16);
        buf[n + 3] = (byte) (v >>> 24);
        n += 4;
    }

    void int64(long v) {
        room(8);
        for (int i = 0; i < 8; i++) buf[n + i] = (byte) (v >>> (8 * i));
        n += 8;
    }

    /** ULEB128, as the RLE/bit-packing hybrid's run headers are written. */
    void varint(long v) {
        room(10);
        while ((v & ~0x7FL) != 0) {
            buf[n++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[n++] = (byte) v;
    }

    /** A PLAIN BYTE_ARRAY value: a 4-byte length, then the bytes. */
    void binary(byte[] b) {
        int32(b.length);
        bytes(b);
    }

    void bytes(byte[] b) {
        bytes(b, b.length);
    }

    void bytes(byte[] b, int len) {
        room(len);
        System.arraycopy(b, 0, buf, n, len);
        n += len;
    }

    byte[] array() {
        return buf;
    }

    byte[] toArray() {
        return Arrays.copyOf(buf, n);
    }
}
