package dev.jrec.bpf.uprobe;

import java.util.List;

/**
 * What uprobe.bpf.c records at one probe: struct probe_spec, one per probe in its {@code probe_specs} knob,
 * indexed by the probe's attach cookie.
 *
 * @param args   positions (0-based) of the integer arguments to record, in the order they are recorded: at
 *               most 6 (a function's register arguments; a USDT note's arguments by number)
 * @param strArg position of the argument that points to a string to record, or -1
 * @param timed  pair the entry with the return in the kernel (uretprobe): duration and return value
 * @param stack  take the caller's user stack
 * @param sampled record 1 call in the object's sample_every (else every call: a free that must meet its allocation)
 * @param deref  bit i: the i-th recorded argument is a pointer, and the 8 bytes it points to are recorded instead,
 *               read at the return of a timed call (an out-parameter, as posix_memalign's address), else at the call
 */
public record ProbeSpec(List<Integer> args, int strArg, boolean timed, boolean stack, boolean sampled, int deref) {
    /** probe_specs' length in uprobe.bpf.c: the most probes one recording attaches. */
    public static final int MAX_PROBES = 64;
    public static final int MAX_ARGS = 6;
    /** sizeof(struct probe_spec). */
    public static final int BYTES = 16;
    /** The knob that holds every probe's spec. */
    public static final String KNOB = "probe_specs";

    public ProbeSpec {
        args = List.copyOf(args);
        if (args.size() > MAX_ARGS) throw new IllegalArgumentException("at most " + MAX_ARGS + " integer arguments, got " + args.size());
        for (int a : args) if (a < 0 || a > 11) throw new IllegalArgumentException("argument position " + a + " is not 0..11");
        if (strArg < -1 || strArg > 11) throw new IllegalArgumentException("string argument position " + strArg + " is not 0..11");
        if (deref >>> args.size() != 0) throw new IllegalArgumentException("deref mask " + deref + " names arguments not recorded");
    }

    /** A spec that records each argument as it is. */
    public ProbeSpec(List<Integer> args, int strArg, boolean timed, boolean stack, boolean sampled) {
        this(args, strArg, timed, stack, sampled, 0);
    }

    /** The probe_specs knob's bytes for these specs, in cookie order. */
    public static byte[] knob(List<ProbeSpec> specs) {
        if (specs.size() > MAX_PROBES) throw new IllegalArgumentException("at most " + MAX_PROBES + " probes, got " + specs.size());
        byte[] b = new byte[MAX_PROBES * BYTES];
        for (int p = 0; p < specs.size(); p++) {
            ProbeSpec s = specs.get(p);
            int o = p * BYTES;
            b[o] = (byte) s.args.size();
            for (int i = 0; i < s.args.size(); i++) b[o + 1 + i] = (byte) (int) s.args.get(i);
            b[o + 7] = (byte) s.strArg;
            b[o + 8] = (byte) (s.timed ? 1 : 0);
            b[o + 9] = (byte) (s.stack ? 1 : 0);
            b[o + 10] = (byte) (s.sampled ? 1 : 0);
            b[o + 11] = (byte) s.deref;
        }
        return b;
    }
}
