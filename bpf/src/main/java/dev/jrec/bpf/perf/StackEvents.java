package dev.jrec.bpf.perf;

import dev.jrec.bpf.events.EventLayouts;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.util.Map;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * The stack records of jrec_events.h (struct jrec_cpu_sample, struct
 * jrec_offcpu), their kinds, flags and drop slot, with the offsets a
 * decoder reads. StackEventsTest checks them against the objects' BTF.
 */
public final class StackEvents {
    private StackEvents() {}

    /** jrec_hdr.kind of a profile sample (JREC_CPU_SAMPLE). */
    public static final int CPU_SAMPLE = 40;
    /** jrec_hdr.kind of an off-CPU interval (JREC_OFFCPU). */
    public static final int OFFCPU = 41;
    /** drops slot (JREC_DROP_STACK): a stack an emitted record names could not be stored. */
    public static final int DROP_STACK = 3;
    /** hdr.flags: cpu_sample of an idle CPU (pid 0, swapper). */
    public static final int F_IDLE = 1 << 4;
    /** hdr.flags: offcpu waker fields are set. */
    public static final int F_WAKER = 1 << 5;
    /** A stack id of -EFAULT: nothing to unwind (no user stack), not a loss. */
    public static final int NO_STACK = -14;

    public static final StructLayout CPU_SAMPLE_LAYOUT = structLayout(EventLayouts.HDR.withName("hdr"),
            JAVA_INT.withName("kstack_id"), JAVA_INT.withName("ustack_id")).withName("jrec_cpu_sample");

    public static final StructLayout OFFCPU_LAYOUT = structLayout(EventLayouts.HDR.withName("hdr"),
            JAVA_LONG.withName("start_ts"), JAVA_LONG.withName("duration_ns"), JAVA_LONG.withName("state"),
            JAVA_INT.withName("kstack_id"), JAVA_INT.withName("ustack_id"),
            JAVA_INT.withName("waker_pid"), JAVA_INT.withName("waker_tid"),
            JAVA_INT.withName("waker_kstack_id"), JAVA_INT.withName("waker_ustack_id"),
            sequenceLayout(EventLayouts.COMM_LEN, JAVA_BYTE).withName("waker_comm")).withName("jrec_offcpu");

    /** Mirrors by the object whose BTF holds them. */
    public static final Map<StructLayout, String> OBJECT_OF = Map.of(CPU_SAMPLE_LAYOUT, "profile", OFFCPU_LAYOUT, "offcpu");

    private static long off(StructLayout l, String m) {
        return l.byteOffset(groupElement(m));
    }

    public static final long HDR_KIND = off(EventLayouts.HDR, "kind"), HDR_CPU = off(EventLayouts.HDR, "cpu"),
            HDR_PID = off(EventLayouts.HDR, "pid"), HDR_TID = off(EventLayouts.HDR, "tid"),
            HDR_FLAGS = off(EventLayouts.HDR, "flags"), HDR_TS = off(EventLayouts.HDR, "ts"),
            HDR_COMM = off(EventLayouts.HDR, "comm");
    public static final long SAMPLE_KSTACK = off(CPU_SAMPLE_LAYOUT, "kstack_id"), SAMPLE_USTACK = off(CPU_SAMPLE_LAYOUT, "ustack_id");
    public static final long OFF_START = off(OFFCPU_LAYOUT, "start_ts"), OFF_DUR = off(OFFCPU_LAYOUT, "duration_ns"),
            OFF_STATE = off(OFFCPU_LAYOUT, "state"), OFF_KSTACK = off(OFFCPU_LAYOUT, "kstack_id"),
            OFF_USTACK = off(OFFCPU_LAYOUT, "ustack_id"), OFF_WAKER_PID = off(OFFCPU_LAYOUT, "waker_pid"),
            OFF_WAKER_TID = off(OFFCPU_LAYOUT, "waker_tid"), OFF_WAKER_KSTACK = off(OFFCPU_LAYOUT, "waker_kstack_id"),
            OFF_WAKER_USTACK = off(OFFCPU_LAYOUT, "waker_ustack_id"), OFF_WAKER_COMM = off(OFFCPU_LAYOUT, "waker_comm");

    /** A decoded cpu_sample, for tests and tools (the recorder reads fields in place). */
    public record Sample(int cpu, int pid, int tid, int flags, long ts, String comm, int kstackId, int ustackId) {}

    /** A decoded offcpu record. */
    public record OffCpu(int cpu, int pid, int tid, int flags, long ts, String comm, long startTs, long durationNs,
                         long state, int kstackId, int ustackId, int wakerPid, int wakerTid, int wakerKstackId,
                         int wakerUstackId, String wakerComm) {}

    public static int kind(MemorySegment s, long o) {
        return s.get(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, o + HDR_KIND) & 0xffff;
    }

    public static Sample sample(MemorySegment s, long o) {
        return new Sample(s.get(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, o + HDR_CPU) & 0xffff,
                s.get(JAVA_INT_UNALIGNED, o + HDR_PID), s.get(JAVA_INT_UNALIGNED, o + HDR_TID),
                s.get(JAVA_INT_UNALIGNED, o + HDR_FLAGS), s.get(JAVA_LONG_UNALIGNED, o + HDR_TS), string(s, o + HDR_COMM),
                s.get(JAVA_INT_UNALIGNED, o + SAMPLE_KSTACK), s.get(JAVA_INT_UNALIGNED, o + SAMPLE_USTACK));
    }

    public static OffCpu offCpu(MemorySegment s, long o) {
        return new OffCpu(s.get(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, o + HDR_CPU) & 0xffff,
                s.get(JAVA_INT_UNALIGNED, o + HDR_PID), s.get(JAVA_INT_UNALIGNED, o + HDR_TID),
                s.get(JAVA_INT_UNALIGNED, o + HDR_FLAGS), s.get(JAVA_LONG_UNALIGNED, o + HDR_TS), string(s, o + HDR_COMM),
                s.get(JAVA_LONG_UNALIGNED, o + OFF_START), s.get(JAVA_LONG_UNALIGNED, o + OFF_DUR),
                s.get(JAVA_LONG_UNALIGNED, o + OFF_STATE), s.get(JAVA_INT_UNALIGNED, o + OFF_KSTACK),
                s.get(JAVA_INT_UNALIGNED, o + OFF_USTACK), s.get(JAVA_INT_UNALIGNED, o + OFF_WAKER_PID),
                s.get(JAVA_INT_UNALIGNED, o + OFF_WAKER_TID), s.get(JAVA_INT_UNALIGNED, o + OFF_WAKER_KSTACK),
                s.get(JAVA_INT_UNALIGNED, o + OFF_WAKER_USTACK), string(s, o + OFF_WAKER_COMM));
    }

    private static String string(MemorySegment s, long o) {
        int n = 0;
        while (n < EventLayouts.COMM_LEN && s.get(JAVA_BYTE, o + n) != 0) {
            n++;
        }
        byte[] b = new byte[n];
        MemorySegment.copy(s, JAVA_BYTE, o, b, 0, n);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

}
