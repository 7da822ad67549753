package dev.jrec.symbols.unwind;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The x86-64 call frame information of one binary: its {@code .eh_frame} (CIEs and FDEs, DWARF CFI as
 * GCC and clang emit it) and, when there is one, the sorted search table of {@code .eh_frame_hdr}
 * (without it, every FDE is indexed once). {@link #rule} runs the CIE's initial instructions and the
 * FDE's DW_CFA_* program up to a pc and returns the row of the CFA table there: how to compute the
 * CFA (register + offset, or a DWARF expression — the PLT's) and where the caller's rbp, rbx, r12–r15
 * and return address are. Addresses are the ELF file's vaddrs. Rows are cached per pc (return
 * addresses repeat). Not thread-safe.
 */
public final class EhFrame {
    /** DWARF register numbers of x86-64 (System V psABI figure 3.36). */
    public static final int RAX = 0, RDX = 1, RCX = 2, RBX = 3, RSI = 4, RDI = 5, RBP = 6, RSP = 7, R8 = 8,
            R12 = 12, R13 = 13, R14 = 14, R15 = 15, RA = 16, NREGS = 17;

    /** How a register of the caller is recovered (DWARF 5 section 6.4.1). */
    public enum How { UNDEFINED, SAME, OFFSET, VAL_OFFSET, REGISTER, EXPRESSION, VAL_EXPRESSION }

    /** One register's rule: arg is the CFA offset (OFFSET, VAL_OFFSET) or the register (REGISTER); expr the block. */
    public record RegRule(How how, long arg, byte[] expr) {
        static final RegRule UNDEFINED = new RegRule(How.UNDEFINED, 0, null), SAME = new RegRule(How.SAME, 0, null);
    }

    /**
     * A row of the CFA table: CFA = cfaReg + cfaOffset, or the value of cfaExpr when it is not null;
     * regs[r] the rule of register r (index {@link #RA} the return address); signal: the FDE's CIE has
     * the 'S' augmentation (a signal trampoline: its pc is not a return address).
     */
    public record Row(int cfaReg, long cfaOffset, byte[] cfaExpr, RegRule[] regs, boolean signal) {}

    /** Why no row could be had, for counters. */
    public static final class CfiException extends Exception {
        CfiException(String msg) {
            super(msg, null, false, false);
        }
    }

    private static final Row NONE = new Row(-1, 0, null, null, false);
    /** Rows are cached per pc in a direct-mapped table of 2^CACHE_BITS slots (allocated on first use). */
    private static final int CACHE_BITS = 10;

    private final byte[] frame;
    private final long frameVaddr;
    /** Sorted initial locations (vaddr) and the offset in frame of their FDEs. */
    private final long[] starts;
    private final int[] fdes;
    private final Map<Integer, Cie> cies = new HashMap<>();
    private Row[] cachedRows;
    private long[] cachedPcs;

    private record Cie(long codeAlign, long dataAlign, int raReg, int fdeEnc, boolean hasAugData, boolean signal,
                       int insnStart, int insnEnd) {}

    private EhFrame(byte[] frame, long frameVaddr, long[] starts, int[] fdes) {
        this.frame = frame;
        this.frameVaddr = frameVaddr;
        this.starts = starts;
        this.fdes = fdes;
    }

    /**
     * The CFI of .eh_frame (bytes loaded at frameVaddr); hdr (.eh_frame_hdr at hdrVaddr) may be null,
     * then the FDEs are indexed by scanning. Null when frame is null or holds no FDE.
     */
    public static EhFrame of(byte[] frame, long frameVaddr, byte[] hdr, long hdrVaddr) {
        if (frame == null || frame.length < 8) {
            return null;
        }
        EhFrame fromHdr = hdr == null ? null : fromHdr(frame, frameVaddr, hdr, hdrVaddr);
        if (fromHdr != null) {
            return fromHdr;
        }
        return byScanning(frame, frameVaddr);
    }

    private static EhFrame fromHdr(byte[] frame, long frameVaddr, byte[] hdr, long hdrVaddr) {
        try {
            Reader r = new Reader(hdr, hdrVaddr, 0);
            if (r.u8() != 1) {
                return null;
            }
            int ptrEnc = r.u8(), countEnc = r.u8(), tableEnc = r.u8();
            long ehFramePtr = r.encoded(ptrEnc, hdrVaddr);
            if (ehFramePtr != frameVaddr || countEnc == 0xff || tableEnc != 0x3b) {
                return null; // only the datarel|sdata4 table GNU ld and lld write
            }
            int n = (int) r.encoded(countEnc, hdrVaddr);
            if (n <= 0 || r.pos + 8L * n > hdr.length) {
                return null;
            }
            long[] starts = new long[n];
            int[] fdes = new int[n];
            for (int i = 0; i < n; i++) {
                starts[i] = hdrVaddr + r.s32();
                long fde = hdrVaddr + r.s32() - frameVaddr;
                if (fde < 0 || fde >= frame.length) {
                    return null;
                }
                fdes[i] = (int) fde;
            }
            for (int i = 1; i < n; i++) {
                if (starts[i] < starts[i - 1]) {
                    return null;
                }
            }
            return new EhFrame(frame, frameVaddr, starts, fdes);
        } catch (IndexOutOfBoundsException | CfiException e) {
            return null;
        }
    }

    private static EhFrame byScanning(byte[] frame, long frameVaddr) {
        EhFrame tmp = new EhFrame(frame, frameVaddr, new long[0], new int[0]);
        long[] starts = new long[64];
        int[] fdes = new int[64];
        int n = 0;
        int pos = 0;
        try {
            while (pos + 4 <= frame.length) {
                Reader r = new Reader(frame, frameVaddr, pos);
                long len = r.u32();
                if (len == 0) {
                    break; // terminator
                }
                int hdrLen = 4;
                if (len == 0xffffffffL) {
                    len = r.u64();
                    hdrLen = 12;
                }
                int start = pos;
                int next = (int) (pos + hdrLen + len);
                long id = r.u32();
                if (id != 0) { // an FDE: id is the distance back to its CIE
                    Cie cie = tmp.cie((int) (r.pos - 4 - id));
                    long pcBegin = r.encoded(cie.fdeEnc, 0);
                    if (n == starts.length) {
                        starts = Arrays.copyOf(starts, n * 2);
                        fdes = Arrays.copyOf(fdes, n * 2);
                    }
                    starts[n] = pcBegin;
                    fdes[n++] = start;
                }
                pos = next;
            }
        } catch (IndexOutOfBoundsException | CfiException e) {
            // keep what was indexed
        }
        if (n == 0) {
            return null;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        long[] s0 = starts;
        Arrays.sort(order, (a, b) -> Long.compare(s0[a], s0[b]));
        long[] sortedStarts = new long[n];
        int[] sortedFdes = new int[n];
        for (int i = 0; i < n; i++) {
            sortedStarts[i] = starts[order[i]];
            sortedFdes[i] = fdes[order[i]];
        }
        return new EhFrame(frame, frameVaddr, sortedStarts, sortedFdes);
    }

    /** FDEs indexed. */
    public int fdeCount() {
        return starts.length;
    }

    /**
     * The row at pc (a vaddr of this file), or null when no FDE covers pc.
     * @throws CfiException when the FDE's CFI cannot be read
     */
    public Row rule(long pc) throws CfiException {
        int slot = (int) ((pc * 0x9E3779B97F4A7C15L) >>> (64 - CACHE_BITS));
        Row[] rs = cachedRows;
        if (rs != null && cachedPcs[slot] == pc && rs[slot] != null) {
            Row cached = rs[slot];
            return cached == NONE ? null : cached;
        }
        Row row;
        try {
            row = compute(pc);
        } catch (IndexOutOfBoundsException e) {
            throw new CfiException("CFI runs past its section at pc 0x" + Long.toHexString(pc));
        } catch (RuntimeException e) {
            throw new CfiException("malformed CFI at pc 0x" + Long.toHexString(pc) + ": " + e);
        }
        if (rs == null) {
            cachedRows = rs = new Row[1 << CACHE_BITS];
            cachedPcs = new long[1 << CACHE_BITS];
        }
        cachedPcs[slot] = pc;
        rs[slot] = row == null ? NONE : row;
        return row;
    }

    private Row compute(long pc) throws CfiException {
        int i = Arrays.binarySearch(starts, pc);
        if (i < 0) {
            i = -i - 2;
        }
        if (i < 0) {
            return null;
        }
        int fde = fdes[i];
        Reader r = new Reader(frame, frameVaddr, fde);
        long len = r.u32();
        if (len == 0xffffffffL) {
            len = r.u64();
        }
        int end = (int) (r.pos + len);
        long id = r.u32();
        if (id == 0) {
            throw new CfiException("search table points at a CIE");
        }
        Cie cie = cie((int) (r.pos - 4 - id));
        long pcBegin = r.encoded(cie.fdeEnc, 0);
        long pcRange = r.encoded(cie.fdeEnc & 0x0f, 0);
        if (pc < pcBegin || pc >= pcBegin + pcRange) {
            return null;
        }
        if (cie.hasAugData) {
            long augLen = r.uleb();
            r.pos += (int) augLen;
        }
        State s = new State(cie);
        run(s, cie, cie.insnStart, cie.insnEnd, pcBegin, Long.MAX_VALUE, null);
        RegRule[] initial = s.regs.clone();
        run(s, cie, r.pos, end, pcBegin, pc, initial);
        return new Row(s.cfaReg, s.cfaOffset, s.cfaExpr, s.regs, cie.signal);
    }

    private Cie cie(int off) throws CfiException {
        Cie c = cies.get(off);
        if (c != null) {
            return c;
        }
        if (off < 0 || off >= frame.length) {
            throw new CfiException("CIE offset out of the section: " + off);
        }
        Reader r = new Reader(frame, frameVaddr, off);
        long len = r.u32();
        if (len == 0xffffffffL) {
            len = r.u64();
        }
        int end = (int) (r.pos + len);
        if (r.u32() != 0) {
            throw new CfiException("not a CIE at " + off);
        }
        int version = r.u8();
        int augStart = r.pos;
        while (frame[r.pos] != 0) r.pos++;
        String aug = new String(frame, augStart, r.pos - augStart, java.nio.charset.StandardCharsets.US_ASCII);
        r.pos++;
        if (aug.contains("eh")) {
            r.pos += 8;
        }
        long codeAlign = r.uleb();
        long dataAlign = r.sleb();
        int raReg = version == 1 ? r.u8() : (int) r.uleb();
        int fdeEnc = 0; // absptr
        boolean signal = false, hasAug = aug.startsWith("z");
        if (hasAug) {
            long augLen = r.uleb();
            int augEnd = (int) (r.pos + augLen);
            for (int k = 1; k < aug.length(); k++) {
                switch (aug.charAt(k)) {
                    case 'L' -> r.u8();
                    case 'R' -> fdeEnc = r.u8();
                    case 'P' -> r.encoded(r.u8(), 0);
                    case 'S' -> signal = true;
                    default -> { } // 'B' (AArch64) and others: skipped with the augmentation data
                }
            }
            r.pos = augEnd;
        }
        c = new Cie(codeAlign, dataAlign, raReg, fdeEnc, hasAug, signal, r.pos, end);
        cies.put(off, c);
        return c;
    }

    private static final class State {
        int cfaReg = RSP;
        long cfaOffset = 8;
        byte[] cfaExpr;
        RegRule[] regs = new RegRule[NREGS];
        State saved; // DW_CFA_remember_state stack

        State(Cie cie) {
            Arrays.fill(regs, RegRule.SAME);
        }

        State copy() {
            State s = new State(null);
            s.cfaReg = cfaReg;
            s.cfaOffset = cfaOffset;
            s.cfaExpr = cfaExpr;
            s.regs = regs.clone();
            s.saved = saved;
            return s;
        }
    }

    /** Runs CFA instructions [from, to) while the location is <= pc (initial: the CIE's rules, for DW_CFA_restore). */
    private void run(State s, Cie cie, int from, int to, long loc, long pc, RegRule[] initial) throws CfiException {
        Reader r = new Reader(frame, frameVaddr, from);
        while (r.pos < to) {
            int op = r.u8();
            int hi = op & 0xc0, low = op & 0x3f;
            if (hi == 0x40) { // DW_CFA_advance_loc
                loc += low * cie.codeAlign;
                if (loc > pc) return;
                continue;
            }
            if (hi == 0x80) { // DW_CFA_offset
                set(s, low, new RegRule(How.OFFSET, (long) r.uleb() * cie.dataAlign, null));
                continue;
            }
            if (hi == 0xc0) { // DW_CFA_restore
                set(s, low, initial == null ? RegRule.SAME : initial[Math.min(low, NREGS - 1)]);
                continue;
            }
            switch (op) {
                case 0x00 -> { } // nop
                case 0x01 -> { // set_loc
                    loc = r.encoded(cie.fdeEnc, 0);
                    if (loc > pc) return;
                }
                case 0x02 -> { loc += r.u8() * cie.codeAlign; if (loc > pc) return; }
                case 0x03 -> { loc += r.u16() * cie.codeAlign; if (loc > pc) return; }
                case 0x04 -> { loc += r.u32() * cie.codeAlign; if (loc > pc) return; }
                case 0x05 -> { int reg = (int) r.uleb(); set(s, reg, new RegRule(How.OFFSET, r.uleb() * cie.dataAlign, null)); }
                case 0x06 -> { int reg = (int) r.uleb(); set(s, reg, initial == null || reg >= NREGS ? RegRule.SAME : initial[reg]); }
                case 0x07 -> set(s, (int) r.uleb(), RegRule.UNDEFINED);
                case 0x08 -> set(s, (int) r.uleb(), RegRule.SAME);
                case 0x09 -> { int reg = (int) r.uleb(); set(s, reg, new RegRule(How.REGISTER, r.uleb(), null)); }
                case 0x0a -> { State copy = s.copy(); s.saved = copy; }
                case 0x0b -> {
                    if (s.saved == null) throw new CfiException("DW_CFA_restore_state without remember_state");
                    State p = s.saved;
                    s.cfaReg = p.cfaReg;
                    s.cfaOffset = p.cfaOffset;
                    s.cfaExpr = p.cfaExpr;
                    s.regs = p.regs.clone();
                    s.saved = p.saved;
                }
                case 0x0c -> { s.cfaReg = (int) r.uleb(); s.cfaOffset = r.uleb(); s.cfaExpr = null; }
                case 0x0d -> { s.cfaReg = (int) r.uleb(); s.cfaExpr = null; }
                case 0x0e -> s.cfaOffset = r.uleb();
                case 0x0f -> s.cfaExpr = r.block();
                case 0x10 -> { int reg = (int) r.uleb(); set(s, reg, new RegRule(How.EXPRESSION, 0, r.block())); }
                case 0x11 -> { int reg = (int) r.uleb(); set(s, reg, new RegRule(How.OFFSET, r.sleb() * cie.dataAlign, null)); }
                case 0x12 -> { s.cfaReg = (int) r.uleb(); s.cfaOffset = r.sleb() * cie.dataAlign; s.cfaExpr = null; }
                case 0x13 -> s.cfaOffset = r.sleb() * cie.dataAlign;
                case 0x14 -> { int reg = (int) r.uleb(); set(s, reg, new RegRule(How.VAL_OFFSET, r.uleb() * cie.dataAlign, null)); }
                case 0x15 -> { int reg = (int) r.uleb(); set(s, reg, new RegRule(How.VAL_OFFSET, r.sleb() * cie.dataAlign, null)); }
                case 0x16 -> { int reg = (int) r.uleb(); set(s, reg, new RegRule(How.VAL_EXPRESSION, 0, r.block())); }
                case 0x2e -> r.uleb(); // DW_CFA_GNU_args_size
                case 0x2f -> { int reg = (int) r.uleb(); set(s, reg, new RegRule(How.OFFSET, -(r.uleb() * cie.dataAlign), null)); }
                default -> throw new CfiException("unknown DW_CFA opcode 0x" + Integer.toHexString(op));
            }
        }
    }

    private static void set(State s, int reg, RegRule rule) {
        if (reg >= 0 && reg < NREGS) {
            s.regs[reg] = rule; // xmm and other registers: not needed to unwind
        }
    }

    /** A little-endian cursor over a section loaded at vaddr. */
    static final class Reader {
        final byte[] b;
        final long vaddr;
        int pos;

        Reader(byte[] b, long vaddr, int pos) {
            this.b = b;
            this.vaddr = vaddr;
            this.pos = pos;
        }

        int u8() {
            return b[pos++] & 0xff;
        }

        int u16() {
            int v = (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8;
            pos += 2;
            return v;
        }

        int s32() {
            int v = (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8 | (b[pos + 2] & 0xff) << 16 | b[pos + 3] << 24;
            pos += 4;
            return v;
        }

        long u32() {
            return s32() & 0xffffffffL;
        }

        long u64() {
            long lo = u32();
            return lo | u32() << 32;
        }

        long uleb() {
            long v = 0;
            int shift = 0;
            while (true) {
                int x = u8();
                if (shift < 64) v |= (long) (x & 0x7f) << shift;
                shift += 7;
                if ((x & 0x80) == 0) return v;
            }
        }

        long sleb() {
            long v = 0;
            int shift = 0, x;
            do {
                x = u8();
                if (shift < 64) v |= (long) (x & 0x7f) << shift;
                shift += 7;
            } while ((x & 0x80) != 0);
            if (shift < 64 && (x & 0x40) != 0) v |= -1L << shift;
            return v;
        }

        byte[] block() {
            int n = (int) uleb();
            byte[] out = Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }

        /** A DW_EH_PE_* encoded pointer; datarel is relative to dataBase. */
        long encoded(int enc, long dataBase) throws CfiException {
            if (enc == 0xff) return 0;
            long here = vaddr + pos;
            long v = switch (enc & 0x0f) {
                case 0x00 -> u64();
                case 0x01 -> uleb();
                case 0x02 -> u16();
                case 0x03 -> u32();
                case 0x04 -> u64();
                case 0x09 -> sleb();
                case 0x0a -> (short) u16();
                case 0x0b -> s32();
                case 0x0c -> u64();
                default -> throw new CfiException("pointer encoding 0x" + Integer.toHexString(enc));
            };
            switch (enc & 0x70) {
                case 0x00 -> { }
                case 0x10 -> v += here;
                case 0x30 -> v += dataBase;
                default -> throw new CfiException("pointer application 0x" + Integer.toHexString(enc));
            }
            return v; // DW_EH_PE_indirect (0x80) only appears for personality pointers, which are skipped
        }
    }
}
