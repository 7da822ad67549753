package dev.jrec.bpf.events;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static dev.jrec.bpf.events.EventLayouts.HDR;
import static dev.jrec.bpf.events.EventLayouts.offset;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The common record header. The static accessors read one field of the
 * record at {@code off} without allocating, for a consumer's hot path.
 */
public record Header(int kind, int cpu, int pid, int tid, int flags, long ts, String comm) {
    static final long KIND = offset(HDR, "kind"), CPU = offset(HDR, "cpu"), PID = offset(HDR, "pid"),
            TID = offset(HDR, "tid"), FLAGS = offset(HDR, "flags"), TS = offset(HDR, "ts"), COMM = offset(HDR, "comm");

    public static int kind(MemorySegment s, long off) {
        return Short.toUnsignedInt(s.get(JAVA_SHORT, off + KIND));
    }

    public static int cpu(MemorySegment s, long off) {
        return Short.toUnsignedInt(s.get(JAVA_SHORT, off + CPU));
    }

    public static int pid(MemorySegment s, long off) {
        return s.get(JAVA_INT, off + PID);
    }

    public static int tid(MemorySegment s, long off) {
        return s.get(JAVA_INT, off + TID);
    }

    public static int flags(MemorySegment s, long off) {
        return s.get(JAVA_INT, off + FLAGS);
    }

    public static long ts(MemorySegment s, long off) {
        return s.get(JAVA_LONG, off + TS);
    }

    public static Header decode(MemorySegment s, long off) {
        return new Header(kind(s, off), cpu(s, off), pid(s, off), tid(s, off), flags(s, off), ts(s, off),
                cstring(s, off + COMM, EventLayouts.COMM_LEN));
    }

    /** A NUL-terminated string of at most max bytes (no NUL needed at max). */
    public static String cstring(MemorySegment s, long off, int max) {
        int n = 0;
        while (n < max && s.get(JAVA_BYTE, off + n) != 0) {
            n++;
        }
        byte[] b = new byte[n];
        MemorySegment.copy(s, JAVA_BYTE, off, b, 0, n);
        return new String(b, StandardCharsets.UTF_8);
    }
}
