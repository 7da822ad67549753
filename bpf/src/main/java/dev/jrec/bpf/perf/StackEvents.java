package dev.jrec.bpf.perf;

import dev.jrec.bpf.events.EventKind;
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
 * jrec_offcpu) and their flags, with the offsets a
 * decoder reads. StackEventsTest checks them against the objects' BTF.
 */
public final class StackEvents {
    private StackEvents() {}

    /** hdr.flags: cpu_sample of an idle CPU (pid 0, swapper). */
    public static final int F_IDLE = 1 << 4;
    /** hdr.flags: offcpu waker fields are set. */
    public static final int F_WAKER = 1 << 5;
    /** A stack id of -EFAULT: nothing to unwind (no user stack), not a loss. */
    public static final int NO_STACK = -14;
    /** hdr.flags: a jrec_user_regs and stack_len bytes of user stack follow the record (--call-graph dwarf). */
    public static final int F_USER_REGS = 1 << 6;
    /** JREC_USTACK_MAX: the largest user stack copy (the knob ustack_bytes is a power of two from 512 to this). */
    public static final int USTACK_MAX = 16384;
    /** The knob of profile.bpf.c and offcpu.bpf.c: bytes of user stack to copy, 0 for frame pointers only. */
    public static final String USTACK_BYTES_KNOB = "ustack_bytes";

    public static final StructLayout CPU_SAMPLE_LAYOUT = structLayout(EventLayouts.HDR.withName("hdr"),
            JAVA_INT.withName("kstack_id"), JAVA_INT.withName("ustack_id")).withName("jrec_cpu_sample");

    public static final StructLayout OFFCPU_LAYOUT = structLayout(EventLayouts.HDR.withName("hdr"),
            JAVA_LONG.withName("start_ts"), JAVA_LONG.withName("duration_ns"), JAVA_LONG.withName("state"),
            JAVA_INT.withName("kstack_id"), JAVA_INT.withName("ustack_id"),
            JAVA_INT.withName("waker_pid"), JAVA_INT.withName("waker_tid"),
            JAVA_INT.withName("waker_kstack_id"), JAVA_INT.withName("waker_ustack_id"),
            sequenceLayout(EventLayouts.COMM_LEN, JAVA_BYTE).withName("waker_comm")).withName("jrec_offcpu");

    /**
     * jrec_user_regs, named for x86-64. An arm64 object fills the same slots with pc (ip), sp, x29
     * (bp), x30, the link register (bx), and 0 (r12..r15); jrec's unwinder is x86-64's, so the
     * recorder asks arm64 for no copies (--call-graph dwarf falls back to frame pointers).
     */
    public static final StructLayout USER_REGS_LAYOUT = structLayout(JAVA_LONG.withName("ip"), JAVA_LONG.withName("sp"),
            JAVA_LONG.withName("bp"), JAVA_LONG.withName("bx"), JAVA_LONG.withName("r12"), JAVA_LONG.withName("r13"),
            JAVA_LONG.withName("r14"), JAVA_LONG.withName("r15"), JAVA_INT.withName("stack_len"),
            JAVA_INT.withName("_pad")).withName("jrec_user_regs");

    /** Mirrors by the object whose BTF holds them. */
    public static final Map<StructLayout, String> OBJECT_OF = Map.of(CPU_SAMPLE_LAYOUT, "profile", OFFCPU_LAYOUT, "offcpu",
            USER_REGS_LAYOUT, "offcpu");

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
    public static final long REGS_STACK_LEN = off(USER_REGS_LAYOUT, "stack_len");

    /**
     * The user registers and stack copy that follow a record with {@link #F_USER_REGS}: ip, sp, bp,
     * bx, r12..r15 (x86-64's; arm64's in these slots: see {@link #USER_REGS_LAYOUT}) and the bytes
     * copied from sp up (stack_len of them). stack is a view of the
     * record ({@link #userRegs}: valid while the record is being handled) or a copy ({@link #sample},
     * {@link #offCpu}).
     */
    public record UserRegs(long ip, long sp, long bp, long bx, long r12, long r13, long r14, long r15, MemorySegment stack) {
        public int stackLength() {
            return (int) stack.byteSize();
        }

        public byte[] stackBytes() {
            return stack.toArray(JAVA_BYTE);
        }
    }

    /** A decoded cpu_sample, for tests and tools (the recorder reads fields in place); regs null without a copy. */
    public record Sample(int cpu, int pid, int tid, int flags, long ts, String comm, int kstackId, int ustackId,
                         UserRegs regs) {}

    /** A decoded offcpu record; regs null without a copy. */
    public record OffCpu(int cpu, int pid, int tid, int flags, long ts, String comm, long startTs, long durationNs,
                         long state, int kstackId, int ustackId, int wakerPid, int wakerTid, int wakerKstackId,
                         int wakerUstackId, String wakerComm, UserRegs regs) {}

    /** Offset of the jrec_user_regs after a record of this kind (the base record's size). */
    public static long userRegsOffset(int kind) {
        return kind == EventKind.OFFCPU ? OFFCPU_LAYOUT.byteSize() : CPU_SAMPLE_LAYOUT.byteSize();
    }

    /**
     * The registers and stack copy of the record at o (of len bytes, when known: else -1), or null
     * when its flags have no {@link #F_USER_REGS} or it is too short to hold them.
     */
    public static UserRegs userRegs(MemorySegment s, long o, long len) {
        return userRegs(s, o, len, false);
    }

    private static UserRegs userRegs(MemorySegment s, long o, long len, boolean copy) {
        if ((s.get(JAVA_INT_UNALIGNED, o + HDR_FLAGS) & F_USER_REGS) == 0) {
            return null;
        }
        long r = o + userRegsOffset(kind(s, o));
        int n = s.get(JAVA_INT_UNALIGNED, r + REGS_STACK_LEN);
        long end = r + USER_REGS_LAYOUT.byteSize() + n;
        if (n < 0 || n > USTACK_MAX || len >= 0 && end > o + len) {
            return null;
        }
        MemorySegment stack = s.asSlice(r + USER_REGS_LAYOUT.byteSize(), n);
        if (copy) {
            stack = MemorySegment.ofArray(stack.toArray(JAVA_BYTE));
        }
        return new UserRegs(s.get(JAVA_LONG_UNALIGNED, r), s.get(JAVA_LONG_UNALIGNED, r + 8), s.get(JAVA_LONG_UNALIGNED, r + 16),
                s.get(JAVA_LONG_UNALIGNED, r + 24), s.get(JAVA_LONG_UNALIGNED, r + 32), s.get(JAVA_LONG_UNALIGNED, r + 40),
                s.get(JAVA_LONG_UNALIGNED, r + 48), s.get(JAVA_LONG_UNALIGNED, r + 56), stack);
    }

    public static int kind(MemorySegment s, long o) {
        return s.get(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, o + HDR_KIND) & 0xffff;
    }

    public static Sample sample(MemorySegment s, long o) {
        return new Sample(s.get(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, o + HDR_CPU) & 0xffff,
                s.get(JAVA_INT_UNALIGNED, o + HDR_PID), s.get(JAVA_INT_UNALIGNED, o + HDR_TID),
                s.get(JAVA_INT_UNALIGNED, o + HDR_FLAGS), s.get(JAVA_LONG_UNALIGNED, o + HDR_TS), string(s, o + HDR_COMM),
                s.get(JAVA_INT_UNALIGNED, o + SAMPLE_KSTACK), s.get(JAVA_INT_UNALIGNED, o + SAMPLE_USTACK), userRegs(s, o, -1, true));
    }

    public static OffCpu offCpu(MemorySegment s, long o) {
        return new OffCpu(s.get(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, o + HDR_CPU) & 0xffff,
                s.get(JAVA_INT_UNALIGNED, o + HDR_PID), s.get(JAVA_INT_UNALIGNED, o + HDR_TID),
                s.get(JAVA_INT_UNALIGNED, o + HDR_FLAGS), s.get(JAVA_LONG_UNALIGNED, o + HDR_TS), string(s, o + HDR_COMM),
                s.get(JAVA_LONG_UNALIGNED, o + OFF_START), s.get(JAVA_LONG_UNALIGNED, o + OFF_DUR),
                s.get(JAVA_LONG_UNALIGNED, o + OFF_STATE), s.get(JAVA_INT_UNALIGNED, o + OFF_KSTACK),
                s.get(JAVA_INT_UNALIGNED, o + OFF_USTACK), s.get(JAVA_INT_UNALIGNED, o + OFF_WAKER_PID),
                s.get(JAVA_INT_UNALIGNED, o + OFF_WAKER_TID), s.get(JAVA_INT_UNALIGNED, o + OFF_WAKER_KSTACK),
                s.get(JAVA_INT_UNALIGNED, o + OFF_WAKER_USTACK), string(s, o + OFF_WAKER_COMM), userRegs(s, o, -1, true));
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
