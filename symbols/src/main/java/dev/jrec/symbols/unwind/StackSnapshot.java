package dev.jrec.symbols.unwind;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * What was copied of a thread at an event: its user registers (DWARF numbering, {@link EhFrame#RSP}
 * etc.; a bit of {@code known} per register) and the bytes of its user stack from {@code base}
 * (normally the sp) up, as {@code perf record --call-graph dwarf} copies them.
 */
public final class StackSnapshot {
    private final long[] regs;
    private final int known;
    private final long base;
    private final MemorySegment stack;
    private final long length;

    /**
     * @param regs   register values by DWARF number (length {@link EhFrame#NREGS}; RA holds the ip)
     * @param known  bit r set when regs[r] is valid
     * @param base   the address stack[0] was copied from
     * @param stack  the copied bytes; only the first length count
     */
    public StackSnapshot(long[] regs, int known, long base, byte[] stack, int length) {
        this(regs, known, base, MemorySegment.ofArray(stack).asSlice(0, Math.min(length, stack.length)));
    }

    /** As above, the copy being stack (e.g. a view of the ring buffer record, valid while it is handled). */
    public StackSnapshot(long[] regs, int known, long base, MemorySegment stack) {
        this.regs = regs;
        this.known = known;
        this.base = base;
        this.stack = stack;
        this.length = stack.byteSize();
    }

    /** ip, sp, bp only: what a blocked syscall shows in /proc/PID/syscall, or a minimal BPF copy. */
    public static StackSnapshot of(long ip, long sp, long bp, long base, byte[] stack, int length) {
        long[] regs = new long[EhFrame.NREGS];
        regs[EhFrame.RA] = ip;
        regs[EhFrame.RSP] = sp;
        regs[EhFrame.RBP] = bp;
        return new StackSnapshot(regs, 1 << EhFrame.RA | 1 << EhFrame.RSP | 1 << EhFrame.RBP, base, stack, length);
    }

    public long ip() {
        return regs[EhFrame.RA];
    }

    public long sp() {
        return regs[EhFrame.RSP];
    }

    long[] regs() {
        return regs.clone();
    }

    int known() {
        return known;
    }

    public long base() {
        return base;
    }

    /** Bytes copied. */
    public long length() {
        return length;
    }

    /** Whether the 8 bytes at addr were copied. */
    boolean has(long addr) {
        long off = addr - base;
        return off >= 0 && off + 8 <= length;
    }

    /** The little-endian u64 at addr; call {@link #has} first. */
    long read(long addr) {
        return stack.get(JAVA_LONG_UNALIGNED, addr - base);
    }
}
