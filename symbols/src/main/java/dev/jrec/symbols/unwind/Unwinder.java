package dev.jrec.symbols.unwind;

import java.util.Arrays;

/**
 * Unwinds a {@link StackSnapshot} with the binaries' .eh_frame CFI (x86-64): for each frame, the
 * row of the CFA table at its pc gives the CFA and where the return address and the caller's
 * registers were saved; the caller's sp is the CFA. Where no FDE covers a pc (JIT code, a binary
 * without .eh_frame) it takes one frame-pointer step (ra at [rbp+8], caller's rbp at [rbp]).
 * <p>
 * The stack ends {@link Status#COMPLETE} where the CFI says there is no caller (the return address
 * is undefined: glibc's _start and clone/clone3 say so) or the return address is 0; it ends
 * {@link Status#TRUNCATED} when a value lies outside the copied stack, no rule and no frame pointer
 * lead on, the CFI cannot be read, or {@link #MAX_DEPTH} is reached.
 */
public final class Unwinder {
    public static final int MAX_DEPTH = 127;
    /** The one arch whose DWARF register numbers and CFI conventions this unwinder knows, as bpf's Arch.dirName() names it. */
    public static final String ARCH = "x86_64";

    public enum Status { COMPLETE, TRUNCATED }

    /**
     * ips: leaf first (the sampled pc, then return addresses); cfiFrames: how many steps used CFI
     * (the rest used the frame pointer); reason: why it stopped when truncated, else null.
     */
    public record Result(long[] ips, Status status, int cfiFrames, String reason) {}

    /** Where the code at a runtime address is: its CFI and the difference runtime address - vaddr. */
    public record Code(EhFrame cfi, long bias) {}

    /** The address space of the process: its executable mappings and their CFI. */
    @FunctionalInterface
    public interface Modules {
        /** The code that pc lies in, or null when pc is in no known executable mapping. cfi may be null. */
        Code code(long pc);
    }

    private Unwinder() {}

    public static Result unwind(StackSnapshot snap, Modules modules) {
        try {
            return unwind0(snap, modules);
        } catch (RuntimeException e) {
            // never let one odd stack stop the recording: it counts as truncated
            return new Result(new long[] {snap.ip()}, Status.TRUNCATED, 0, "unwinder failure: " + e);
        }
    }

    private static Result unwind0(StackSnapshot snap, Modules modules) {
        long[] regs = snap.regs();
        int known = snap.known();
        long[] ips = new long[16];
        int n = 0, cfiFrames = 0;
        boolean signalFrame = false;
        String reason = null;
        Status status = Status.TRUNCATED;
        long pc = regs[EhFrame.RA];
        while (true) {
            if (pc == 0) {
                status = n > 0 ? Status.COMPLETE : Status.TRUNCATED;
                if (n == 0) reason = "ip 0";
                break;
            }
            if (n == MAX_DEPTH) {
                reason = "max depth";
                break;
            }
            if (n == ips.length) ips = Arrays.copyOf(ips, n * 2);
            ips[n++] = pc;
            // a return address is after the call: look up the call itself (not for the leaf, nor after a signal frame)
            long lookup = n == 1 || signalFrame ? pc : pc - 1;
            Code code = modules.code(pc);
            EhFrame.Row row = null;
            if (code != null && code.cfi() != null) {
                try {
                    row = code.cfi().rule(lookup - code.bias());
                } catch (EhFrame.CfiException e) {
                    reason = "bad CFI: " + e.getMessage();
                    break;
                }
            }
            long[] next = new long[EhFrame.NREGS];
            int nextKnown;
            if (row != null) {
                if (row.regs()[EhFrame.RA].how() == EhFrame.How.UNDEFINED) {
                    status = Status.COMPLETE; // the CFI says: outermost frame
                    break;
                }
                try {
                    nextKnown = step(row, regs, known, snap, next);
                } catch (DwarfExpr.Failed e) {
                    reason = e.getMessage();
                    break;
                }
                if ((nextKnown & 1 << EhFrame.RA) == 0) {
                    reason = "return address unknown";
                    break;
                }
                cfiFrames++;
                signalFrame = row.signal();
            } else {
                // no CFI: one frame-pointer step
                if ((known & 1 << EhFrame.RBP) == 0) {
                    reason = code == null ? "pc outside any mapping" : "no CFI and no frame pointer";
                    break;
                }
                long bp = regs[EhFrame.RBP];
                if (bp == 0) {
                    status = n > 1 ? Status.COMPLETE : Status.TRUNCATED;
                    if (n <= 1) reason = "no CFI and rbp 0";
                    break;
                }
                if (!snap.has(bp) || !snap.has(bp + 8)) {
                    reason = code == null ? "pc outside any mapping" : "frame pointer outside the stack copy";
                    break;
                }
                next[EhFrame.RBP] = snap.read(bp);
                next[EhFrame.RA] = snap.read(bp + 8);
                next[EhFrame.RSP] = bp + 16;
                nextKnown = 1 << EhFrame.RBP | 1 << EhFrame.RA | 1 << EhFrame.RSP;
                signalFrame = false;
            }
            // the stack grows down: a caller's frame is above its callee's
            if (Long.compareUnsigned(next[EhFrame.RSP], regs[EhFrame.RSP]) < 0
                    || next[EhFrame.RSP] == regs[EhFrame.RSP] && next[EhFrame.RA] == pc) {
                reason = "stack pointer went backwards";
                break;
            }
            regs = next;
            known = nextKnown;
            pc = regs[EhFrame.RA];
        }
        return new Result(Arrays.copyOf(ips, n), status, cfiFrames, status == Status.COMPLETE ? null : reason);
    }

    /** Computes the caller's registers from row; returns their known bits. */
    private static int step(EhFrame.Row row, long[] regs, int known, StackSnapshot snap, long[] next) throws DwarfExpr.Failed {
        DwarfExpr.Regs values = r -> {
            if (r < 0 || r >= EhFrame.NREGS || (known & 1 << r) == 0) throw new DwarfExpr.Failed("register " + r + " unknown");
            return regs[r];
        };
        long cfa;
        if (row.cfaExpr() != null) {
            cfa = DwarfExpr.eval(row.cfaExpr(), values, snap, false, 0);
        } else {
            int r = row.cfaReg();
            if (r < 0 || r >= EhFrame.NREGS || (known & 1 << r) == 0) throw new DwarfExpr.Failed("register " + r + " unknown");
            cfa = regs[r] + row.cfaOffset();
        }
        int nextKnown = 1 << EhFrame.RSP;
        next[EhFrame.RSP] = cfa;
        for (int r = 0; r < EhFrame.NREGS; r++) {
            if (r == EhFrame.RSP) continue;
            EhFrame.RegRule rule = row.regs()[r];
            switch (rule.how()) {
                case UNDEFINED -> { }
                case SAME -> {
                    if (r != EhFrame.RA && (known & 1 << r) != 0) {
                        next[r] = regs[r];
                        nextKnown |= 1 << r;
                    }
                }
                case OFFSET -> {
                    long a = cfa + rule.arg();
                    if (snap.has(a)) {
                        next[r] = snap.read(a);
                        nextKnown |= 1 << r;
                    } else if (r == EhFrame.RA) {
                        throw new DwarfExpr.Failed("return address outside the stack copy");
                    }
                }
                case VAL_OFFSET -> {
                    next[r] = cfa + rule.arg();
                    nextKnown |= 1 << r;
                }
                case REGISTER -> {
                    int from = (int) rule.arg();
                    if (from >= 0 && from < EhFrame.NREGS && (known & 1 << from) != 0) {
                        next[r] = regs[from];
                        nextKnown |= 1 << r;
                    }
                }
                case EXPRESSION -> {
                    try {
                        long a = DwarfExpr.eval(rule.expr(), values, snap, true, cfa);
                        if (snap.has(a)) {
                            next[r] = snap.read(a);
                            nextKnown |= 1 << r;
                        }
                    } catch (DwarfExpr.Failed e) {
                        if (r == EhFrame.RA) throw e;
                    }
                }
                case VAL_EXPRESSION -> {
                    try {
                        next[r] = DwarfExpr.eval(rule.expr(), values, snap, true, cfa);
                        nextKnown |= 1 << r;
                    } catch (DwarfExpr.Failed e) {
                        if (r == EhFrame.RA) throw e;
                    }
                }
            }
        }
        return nextKnown;
    }
}
