package dev.jrec.symbols.unwind;

/**
 * A DWARF expression evaluator for the expressions CFI uses on x86-64: the PLT's CFA
 * ({@code DW_OP_breg7 8; DW_OP_breg16 0; DW_OP_lit15; DW_OP_and; DW_OP_lit11; DW_OP_ge; DW_OP_lit3;
 * DW_OP_shl; DW_OP_plus}), signal frames' register slots ({@code DW_OP_breg7 N; DW_OP_deref}) and
 * stack-realigning prologues ({@code DW_OP_breg6 -8; DW_OP_deref}). Memory reads come from the stack
 * snapshot; anything else fails.
 */
final class DwarfExpr {
    private DwarfExpr() {}

    static final class Failed extends Exception {
        Failed(String msg) {
            super(msg, null, false, false);
        }
    }

    /** Register values and which are known; a memory the expression may read. */
    interface Regs {
        long get(int reg) throws Failed;
    }

    /** Evaluates expr with initial (pushed first when pushInitial, as for DW_CFA_expression: the CFA). */
    static long eval(byte[] expr, Regs regs, StackSnapshot mem, boolean pushInitial, long initial) throws Failed {
        long[] st = new long[64];
        int sp = 0;
        if (pushInitial) st[sp++] = initial;
        EhFrame.Reader r = new EhFrame.Reader(expr, 0, 0);
        try {
            while (r.pos < expr.length) {
                int op = r.u8();
                if (op >= 0x30 && op <= 0x4f) { // DW_OP_lit0..31
                    st[sp++] = op - 0x30;
                    continue;
                }
                if (op >= 0x50 && op <= 0x6f) { // DW_OP_reg0..31: a register location, not a value
                    throw new Failed("DW_OP_reg in a CFI expression");
                }
                if (op >= 0x70 && op <= 0x8f) { // DW_OP_breg0..31
                    long off = r.sleb();
                    st[sp++] = regs.get(op - 0x70) + off;
                    continue;
                }
                switch (op) {
                    case 0x03 -> st[sp++] = r.u64();                         // addr
                    case 0x06 -> {                                           // deref
                        long a = st[sp - 1];
                        if (!mem.has(a)) throw new Failed("deref outside the stack copy");
                        st[sp - 1] = mem.read(a);
                    }
                    case 0x08 -> st[sp++] = r.u8();                          // const1u
                    case 0x09 -> st[sp++] = (byte) r.u8();                   // const1s
                    case 0x0a -> st[sp++] = r.u16();                         // const2u
                    case 0x0b -> st[sp++] = (short) r.u16();                 // const2s
                    case 0x0c -> st[sp++] = r.u32();                         // const4u
                    case 0x0d -> st[sp++] = r.s32();                         // const4s
                    case 0x0e, 0x0f -> st[sp++] = r.u64();                   // const8u/s
                    case 0x10 -> st[sp++] = r.uleb();                        // constu
                    case 0x11 -> st[sp++] = r.sleb();                        // consts
                    case 0x12 -> { st[sp] = st[sp - 1]; sp++; }              // dup
                    case 0x13 -> sp--;                                       // drop
                    case 0x14 -> { st[sp] = st[sp - 2]; sp++; }              // over
                    case 0x15 -> { int i = r.u8(); st[sp] = st[sp - 1 - i]; sp++; } // pick
                    case 0x16 -> { long t = st[sp - 1]; st[sp - 1] = st[sp - 2]; st[sp - 2] = t; } // swap
                    case 0x17 -> { long t = st[sp - 1]; st[sp - 1] = st[sp - 2]; st[sp - 2] = st[sp - 3]; st[sp - 3] = t; } // rot
                    case 0x19 -> st[sp - 1] = Math.abs(st[sp - 1]);
                    case 0x1a -> { sp--; st[sp - 1] &= st[sp]; }
                    case 0x1b -> { sp--; if (st[sp] == 0) throw new Failed("div by 0"); st[sp - 1] /= st[sp]; }
                    case 0x1c -> { sp--; st[sp - 1] -= st[sp]; }
                    case 0x1d -> { sp--; if (st[sp] == 0) throw new Failed("mod by 0"); st[sp - 1] = Long.remainderUnsigned(st[sp - 1], st[sp]); }
                    case 0x1e -> { sp--; st[sp - 1] *= st[sp]; }
                    case 0x1f -> st[sp - 1] = -st[sp - 1];
                    case 0x20 -> st[sp - 1] = ~st[sp - 1];
                    case 0x21 -> { sp--; st[sp - 1] |= st[sp]; }
                    case 0x22 -> { sp--; st[sp - 1] += st[sp]; }
                    case 0x23 -> st[sp - 1] += r.uleb();                     // plus_uconst
                    case 0x24 -> { sp--; st[sp - 1] <<= st[sp]; }
                    case 0x25 -> { sp--; st[sp - 1] >>>= st[sp]; }
                    case 0x26 -> { sp--; st[sp - 1] >>= st[sp]; }
                    case 0x27 -> { sp--; st[sp - 1] ^= st[sp]; }
                    case 0x28 -> { int d = (short) r.u16(); if (st[--sp] != 0) r.pos += d; } // bra
                    case 0x29 -> { sp--; st[sp - 1] = st[sp - 1] == st[sp] ? 1 : 0; }
                    case 0x2a -> { sp--; st[sp - 1] = st[sp - 1] >= st[sp] ? 1 : 0; }
                    case 0x2b -> { sp--; st[sp - 1] = st[sp - 1] > st[sp] ? 1 : 0; }
                    case 0x2c -> { sp--; st[sp - 1] = st[sp - 1] <= st[sp] ? 1 : 0; }
                    case 0x2d -> { sp--; st[sp - 1] = st[sp - 1] < st[sp] ? 1 : 0; }
                    case 0x2e -> { sp--; st[sp - 1] = st[sp - 1] != st[sp] ? 1 : 0; }
                    case 0x2f -> { int d = (short) r.u16(); r.pos += d; }  // skip
                    case 0x92 -> { int reg = (int) r.uleb(); long off = r.sleb(); st[sp++] = regs.get(reg) + off; } // bregx
                    case 0x96 -> { }                                        // nop
                    default -> throw new Failed("DW_OP 0x" + Integer.toHexString(op));
                }
            }
        } catch (RuntimeException e) {
            throw new Failed("malformed expression");
        }
        if (sp < 1) throw new Failed("empty expression stack");
        return st[sp - 1];
    }
}
