package dev.jrec.bpf.perf;

import dev.jrec.bpf.events.EventDecoder.CpuSample;
import dev.jrec.bpf.events.EventDecoder.Hdr;
import dev.jrec.bpf.events.EventDecoder;
import dev.jrec.bpf.events.EventFlags;
import dev.jrec.bpf.events.EventKind;
import dev.jrec.bpf.events.EventLayouts;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static dev.jrec.bpf.events.EventLayouts.offset;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * What the stack records (jrec_cpu_sample, jrec_offcpu) carry beyond their fields: the user registers
 * and stack copy that may follow them, and their decoding into records for tests and tools.
 */
public final class StackEvents {
    private StackEvents() {}

    /** A stack id of -EFAULT: nothing to unwind (no user stack), not a loss. */
    public static final int NO_STACK = -14;
    /** JREC_USTACK_MAX: the largest user stack copy (the knob ustack_bytes is a power of two from 512 to this). */
    public static final int USTACK_MAX = 16384;
    /** The knob of profile.bpf.c and offcpu.bpf.c: bytes of user stack to copy, 0 for frame pointers only. */
    public static final String USTACK_BYTES_KNOB = "ustack_bytes";

    private static final StructLayout REGS = EventLayouts.USER_REGS;
    private static final long IP = offset(REGS, "ip"), SP = offset(REGS, "sp"), BP = offset(REGS, "bp"), BX = offset(REGS, "bx"),
            R12 = offset(REGS, "r12"), R13 = offset(REGS, "r13"), R14 = offset(REGS, "r14"), R15 = offset(REGS, "r15"),
            STACK_LEN = offset(REGS, "stack_len");

    /**
     * The user registers and stack copy that follow a record with EventFlags.USER_REGS: ip, sp, bp,
     * bx, r12..r15 (x86-64's; arm64's in these slots: see EventLayouts.USER_REGS) and the bytes
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
        return switch (kind) {
            case EventKind.OFFCPU -> EventLayouts.OFFCPU.byteSize();
            case EventKind.UPROBE_USTACK -> EventLayouts.UPROBE_USTACK.byteSize();
            default -> EventLayouts.CPU_SAMPLE.byteSize();
        };
    }

    /**
     * The registers and stack copy of the record at o (of len bytes, when known: else -1), or null
     * when its flags have no EventFlags.USER_REGS or it is too short to hold them.
     */
    public static UserRegs userRegs(MemorySegment s, long o, long len) {
        return userRegs(s, o, len, false);
    }

    /** As {@link #userRegs}, with the stack copied to the heap: valid after the record is gone. */
    public static UserRegs userRegsCopy(MemorySegment s, long o, long len) {
        return userRegs(s, o, len, true);
    }

    private static UserRegs userRegs(MemorySegment s, long o, long len, boolean copy) {
        if ((Hdr.flags(s, o) & EventFlags.USER_REGS) == 0) {
            return null;
        }
        long r = o + userRegsOffset(Hdr.kind(s, o));
        int n = s.get(JAVA_INT_UNALIGNED, r + STACK_LEN);
        long end = r + REGS.byteSize() + n;
        if (n < 0 || n > USTACK_MAX || len >= 0 && end > o + len) {
            return null;
        }
        MemorySegment stack = s.asSlice(r + REGS.byteSize(), n);
        if (copy) {
            stack = MemorySegment.ofArray(stack.toArray(JAVA_BYTE));
        }
        return new UserRegs(s.get(JAVA_LONG_UNALIGNED, r + IP), s.get(JAVA_LONG_UNALIGNED, r + SP), s.get(JAVA_LONG_UNALIGNED, r + BP),
                s.get(JAVA_LONG_UNALIGNED, r + BX), s.get(JAVA_LONG_UNALIGNED, r + R12), s.get(JAVA_LONG_UNALIGNED, r + R13),
                s.get(JAVA_LONG_UNALIGNED, r + R14), s.get(JAVA_LONG_UNALIGNED, r + R15), stack);
    }

    public static Sample sample(MemorySegment s, long o) {
        return new Sample(Hdr.cpu(s, o), Hdr.pid(s, o), Hdr.tid(s, o), Hdr.flags(s, o), Hdr.ts(s, o), comm(s, Hdr.commAt(o)),
                CpuSample.kstackId(s, o), CpuSample.ustackId(s, o), userRegs(s, o, -1, true));
    }

    public static OffCpu offCpu(MemorySegment s, long o) {
        return new OffCpu(Hdr.cpu(s, o), Hdr.pid(s, o), Hdr.tid(s, o), Hdr.flags(s, o), Hdr.ts(s, o), comm(s, Hdr.commAt(o)),
                EventDecoder.OffCpu.startTs(s, o), EventDecoder.OffCpu.durationNs(s, o), EventDecoder.OffCpu.state(s, o),
                EventDecoder.OffCpu.kstackId(s, o), EventDecoder.OffCpu.ustackId(s, o),
                EventDecoder.OffCpu.wakerPid(s, o), EventDecoder.OffCpu.wakerTid(s, o),
                EventDecoder.OffCpu.wakerKstackId(s, o), EventDecoder.OffCpu.wakerUstackId(s, o),
                comm(s, EventDecoder.OffCpu.wakerCommAt(o)), userRegs(s, o, -1, true));
    }

    private static String comm(MemorySegment s, long at) {
        return EventDecoder.string(s, at, EventLayouts.COMM_LEN);
    }
}
