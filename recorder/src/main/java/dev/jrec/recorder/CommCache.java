package dev.jrec.recorder;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * Turns a 16-byte kernel comm into a String, allocating only the first time a comm is seen: the same
 * few hundred comms account for millions of events, and the writer encodes each String once.
 */
final class CommCache {
    private static final int SLOTS = 1 << 12;
    private final long[] lo = new long[SLOTS];
    private final long[] hi = new long[SLOTS];
    private final String[] names = new String[SLOTS];

    String get(MemorySegment s, long off) {
        long a = s.get(JAVA_LONG_UNALIGNED, off);
        long b = s.get(JAVA_LONG_UNALIGNED, off + 8);
        int h = (int) mix(a * 31 + b) & (SLOTS - 1);
        String n = names[h];
        if (n != null && lo[h] == a && hi[h] == b) return n;
        n = decode(s, off, 16).intern();
        lo[h] = a;
        hi[h] = b;
        names[h] = n;
        return n;
    }

    /** The same for an 8-byte field, such as rwbs. */
    String get8(MemorySegment s, long off) {
        long a = s.get(JAVA_LONG_UNALIGNED, off);
        int h = (int) mix(a) & (SLOTS - 1);
        String n = names[h];
        if (n != null && lo[h] == a && hi[h] == 0) return n;
        n = decode(s, off, 8).intern();
        lo[h] = a;
        hi[h] = 0;
        names[h] = n;
        return n;
    }

    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        return x ^ (x >>> 33);
    }

    /** A NUL-terminated string of at most max bytes (kernel strings are not always terminated). */
    static String decode(MemorySegment s, long off, int max) {
        int n = 0;
        while (n < max && s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, off + n) != 0) n++;
        byte[] b = new byte[n];
        MemorySegment.copy(s, java.lang.foreign.ValueLayout.JAVA_BYTE, off, b, 0, n);
        return new String(b, StandardCharsets.UTF_8);
    }
}
