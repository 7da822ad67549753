package dev.jrec.recorder.stacks;

import dev.jrec.bpf.perf.StackEvents;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.write.EventBatch;
import dev.jrec.symbols.Symbolizer;
import dev.jrec.symbols.unwind.EhFrame;
import dev.jrec.symbols.unwind.StackSnapshot;
import dev.jrec.symbols.unwind.Unwinder;

import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The capture's stack and frame tables. A stack (kernel ips then user ips
 * of one process) becomes a {@code stack} row — frame_ids leaf first,
 * unwind — and each frame a {@code frame} row the first time it is
 * referenced, written through a {@link RowSink} before the event row that
 * references it (same ts, so the writer's stable sort keeps them before).
 * Frames are deduplicated by identity ({@link Symbolizer.Frame#key}),
 * stacks by (frame ids, unwind). Not thread-safe.
 */
public final class StackTable {
    /** stack.unwind values. */
    public static final String UNWIND_FP = "fp", UNWIND_DWARF = "dwarf", UNWIND_KERNEL = "kernel", UNWIND_TRUNCATED = "truncated";
    /** bpf_get_stackid's -EFAULT: nothing to unwind (no user stack), not a loss. */
    public static final int NO_STACK = -14;
    /** No stack: what {@link #stackId} returns when there is no frame to reference. */
    public static final long NONE = -1;
    private static final int MAX_DEPTH = 127;

    private final Symbolizer symbolizer;
    private final Map<Object, Long> frameIds = new HashMap<>();
    private final Map<StackKey, Long> stackIds = new HashMap<>();
    /** (pid, kernel id, user id) → stack_id, per stack map: ids never change while the objects are loaded. */
    private final Map<StackLookup, Map<Integer, Map<Long, Long>>> byMapIds = new IdentityHashMap<>();
    private final Map<String, Long> unresolvedFrames = new TreeMap<>();
    private long nextFrameId = 1;
    private long nextStackId = 1;
    private long framesResolved;
    /** User stacks of events: CFI-unwound to the end, CFI-unwound but cut short, frame pointers only. */
    private long userDwarf, userTruncated, userFp;
    private long unwindNanos;
    private long symbolizeNanos;
    private final Map<String, Long> truncatedBy = new TreeMap<>();

    private record StackKey(long[] frames, String unwind) {
        @Override
        public boolean equals(Object o) {
            return o instanceof StackKey k && Arrays.equals(frames, k.frames) && unwind.equals(k.unwind);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(frames) * 31 + unwind.hashCode();
        }
    }

    public StackTable(Symbolizer symbolizer) {
        this.symbolizer = symbolizer;
    }

    public Symbolizer symbolizer() {
        return symbolizer;
    }

    /**
     * The stack_id for a record's stack ids (as bpf_get_stackid returned
     * them) in map, of process pid; writes the stack and frame rows that
     * are new. {@link #NONE} when neither id names a stack.
     */
    public long stackId(RowSink sink, long ts, int pid, StackLookup map, int kernelStackId, int userStackId) {
        return stackId(sink, ts, pid, map, kernelStackId, userStackId, false);
    }

    /**
     * As above; fromTracepoint: the stack was taken by a tracepoint program
     * (offcpu), so its leading kernel frames are the BPF program and the
     * tracepoint's dispatch (bpf_prog_*, bpf_trace_run*, __traceiter_*):
     * they are left out, the stack starts where the tracepoint fired.
     */
    public long stackId(RowSink sink, long ts, int pid, StackLookup map, int kernelStackId, int userStackId,
                        boolean fromTracepoint) {
        if (kernelStackId < 0 && userStackId < 0) {
            return NONE;
        }
        Map<Long, Long> cache = byMapIds.computeIfAbsent(map, m -> new HashMap<>()).computeIfAbsent(pid, p -> new HashMap<>());
        long key = ((long) kernelStackId << 32) | (userStackId & 0xffffffffL);
        Long id = cache.get(key);
        if (id != null) {
            return id;
        }
        long[] kernel = kernelStackId >= 0 ? map.ips(kernelStackId) : null;
        if (kernel != null && fromTracepoint) {
            kernel = withoutTracing(kernel);
        }
        long[] user = userStackId >= 0 ? map.ips(userStackId) : null;
        boolean userLost = userStackId < 0 && userStackId != NO_STACK && pid != 0 || userStackId >= 0 && user == null;
        boolean kernelLost = kernelStackId < 0 && kernelStackId != NO_STACK || kernelStackId >= 0 && kernel == null;
        long stack = stackId(sink, ts, pid, kernel, user, userLost || kernelLost);
        if (kernel != null || kernelStackId < 0) {
            if (user != null || userStackId < 0) {
                cache.put(key, stack); // a missing map entry is not cached: it may be there next time
            }
        }
        return stack;
    }

    /**
     * The stack_id of a user stack taken at a function's first instruction (a uprobe), where the frame is not
     * built yet: rbp is still the caller's, so a frame-pointer walk skips the caller, whose address, read from
     * [sp], goes back in after the leaf. {@link #NONE} when the map no longer holds the stack.
     */
    public long entryStackId(RowSink sink, long ts, int pid, StackLookup map, int userStackId, long caller) {
        Map<EntryKey, Long> cache = byEntry.computeIfAbsent(map, m -> new HashMap<>());
        EntryKey key = new EntryKey(pid, userStackId, caller);
        Long known = cache.get(key);
        if (known != null) return known;
        long[] ips = map.ips(userStackId);
        if (ips == null) return NONE; // not cached: the map may hold it next time
        if (caller != 0 && ips.length > 0 && (ips.length < 2 || ips[1] != caller)) {
            long[] with = new long[ips.length + 1];
            with[0] = ips[0];
            with[1] = caller;
            System.arraycopy(ips, 1, with, 2, ips.length - 1);
            ips = with;
        }
        long id = stackId(sink, ts, pid, null, ips, false);
        cache.put(key, id);
        return id;
    }

    /** (pid, user stack id, caller) → stack_id, per stack map: a hot function's calls share a handful of stacks. */
    private final Map<StackLookup, Map<EntryKey, Long>> byEntry = new IdentityHashMap<>();

    private record EntryKey(int pid, int userStackId, long caller) {}

    /**
     * As above, with the user registers and stack copy the record carried (--call-graph dwarf), or
     * null: the user stack is then unwound with the binaries' .eh_frame ({@link Unwinder}) instead of
     * taken from the frame-pointer stack in the map. unwind is "dwarf" when the CFI reached the
     * outermost frame; when it was cut short (the copy ended, a frame without CFI or frame pointer),
     * the frame-pointer stack continues it from the last frame both have, and unwind is "truncated".
     */
    public long stackId(RowSink sink, long ts, int pid, StackLookup map, int kernelStackId, int userStackId,
                        boolean fromTracepoint, StackEvents.UserRegs regs) {
        if (regs == null || pid <= 0) {
            if (userStackId >= 0) userFp++;
            return stackId(sink, ts, pid, map, kernelStackId, userStackId, fromTracepoint);
        }
        long[] kernel = kernelStackId >= 0 ? map.ips(kernelStackId) : null;
        if (kernel != null && fromTracepoint) {
            kernel = withoutTracing(kernel);
        }
        boolean kernelLost = kernelStackId < 0 && kernelStackId != NO_STACK || kernelStackId >= 0 && kernel == null;
        long t0 = System.nanoTime();
        Unwinder.Result r = Unwinder.unwind(snapshot(regs), symbolizer.modules(pid));
        long[] user = r.ips();
        String unwind;
        if (r.status() == Unwinder.Status.COMPLETE) {
            userDwarf++;
            unwind = UNWIND_DWARF;
        } else {
            userTruncated++;
            unwind = UNWIND_TRUNCATED;
            truncatedBy.merge(r.reason() == null ? "?" : r.reason().startsWith("bad CFI") ? "bad CFI" : r.reason(), 1L, Long::sum);
            user = spliced(user, userStackId >= 0 ? map.ips(userStackId) : null);
        }
        unwindNanos += System.nanoTime() - t0;
        // the same unwound stack again: skip symbolizing its frames
        Map<UnwoundKey, Long> cache = unwound.computeIfAbsent(map, m -> new HashMap<>());
        UnwoundKey key = new UnwoundKey(pid, kernelStackId, user, unwind);
        Long known = kernelLost || kernelStackId >= 0 && kernel == null ? null : cache.get(key);
        if (known != null) {
            return known;
        }
        long id = stackId(sink, ts, pid, kernel, user, unwind, kernelLost);
        if (!kernelLost) {
            if (cache.size() >= UNWOUND_CACHE_MAX) cache.clear();
            cache.put(key, id);
        }
        return id;
    }

    private static final int UNWOUND_CACHE_MAX = 1 << 16;
    /** (pid, kernel stack id, unwound user ips, unwind) → stack_id, per stack map. */
    private final Map<StackLookup, Map<UnwoundKey, Long>> unwound = new IdentityHashMap<>();

    private record UnwoundKey(int pid, int kernelStackId, long[] user, String unwind) {
        @Override
        public boolean equals(Object o) {
            return o instanceof UnwoundKey k && pid == k.pid && kernelStackId == k.kernelStackId && Arrays.equals(user, k.user)
                    && unwind.equals(k.unwind);
        }

        @Override
        public int hashCode() {
            return (pid * 31 + kernelStackId) * 31 + Arrays.hashCode(user);
        }
    }

    /** The CFI frames, continued by the frame-pointer ones after the last frame both have. */
    static long[] spliced(long[] cfi, long[] fp) {
        if (fp == null || fp.length == 0) {
            return cfi;
        }
        if (cfi.length == 0) {
            return fp;
        }
        for (int i = cfi.length - 1; i >= 0; i--) {
            for (int j = 0; j < fp.length; j++) {
                if (fp[j] == cfi[i]) {
                    int n = Math.min(i + 1 + fp.length - j - 1, MAX_DEPTH);
                    long[] out = Arrays.copyOf(cfi, n);
                    System.arraycopy(fp, j + 1, out, i + 1, n - i - 1);
                    return out;
                }
            }
        }
        return cfi.length >= 2 || fp.length < 2 ? cfi : fp;
    }

    private static StackSnapshot snapshot(StackEvents.UserRegs u) {
        long[] regs = new long[EhFrame.NREGS];
        regs[EhFrame.RA] = u.ip();
        regs[EhFrame.RSP] = u.sp();
        regs[EhFrame.RBP] = u.bp();
        regs[EhFrame.RBX] = u.bx();
        regs[EhFrame.R12] = u.r12();
        regs[EhFrame.R13] = u.r13();
        regs[EhFrame.R14] = u.r14();
        regs[EhFrame.R15] = u.r15();
        int known = 1 << EhFrame.RA | 1 << EhFrame.RSP | 1 << EhFrame.RBP | 1 << EhFrame.RBX | 1 << EhFrame.R12
                | 1 << EhFrame.R13 | 1 << EhFrame.R14 | 1 << EhFrame.R15;
        return new StackSnapshot(regs, known, u.sp(), u.stack());
    }

    /**
     * The stack_id of these ips (either may be null), leaf first; writes the
     * stack and frame rows that are new. lost: part of the stack could not be
     * had (unwind is then "truncated").
     */
    public long stackId(RowSink sink, long ts, int pid, long[] kernel, long[] user, boolean lost) {
        int nu = user == null ? 0 : user.length;
        return stackId(sink, ts, pid, kernel, user, nu > 0 ? UNWIND_FP : UNWIND_KERNEL, lost);
    }

    private long stackId(RowSink sink, long ts, int pid, long[] kernel, long[] user, String userUnwind, boolean lost) {
        int nk = kernel == null ? 0 : kernel.length, nu = user == null ? 0 : user.length;
        if (nk + nu == 0) {
            return NONE;
        }
        long[] frames = new long[nk + nu];
        long t0 = System.nanoTime();
        for (int i = 0; i < nk; i++) {
            frames[i] = frameId(sink, ts, symbolizer.kernel(kernel[i], i == 0));
        }
        for (int i = 0; i < nu; i++) {
            frames[nk + i] = frameId(sink, ts, symbolizer.user(pid, user[i], i == 0));
        }
        symbolizeNanos += System.nanoTime() - t0;
        String unwind = lost || nk == MAX_DEPTH || nu == MAX_DEPTH ? UNWIND_TRUNCATED : nu > 0 ? userUnwind : UNWIND_KERNEL;
        StackKey key = new StackKey(frames, unwind);
        Long id = stackIds.get(key);
        if (id != null) {
            return id;
        }
        long stackId = nextStackId++;
        stackIds.put(key, stackId);
        int r = sink.row(EventKind.STACK, ts);
        EventBatch b = sink.batch();
        b.setLong(Column.STACK_ID, r, stackId);
        b.setLongs(Column.FRAME_IDS, r, frames);
        b.setString(Column.UNWIND, r, unwind);
        return stackId;
    }

    private long[] withoutTracing(long[] kernel) {
        int skip = 0;
        while (skip < kernel.length && isTracing(symbolizer.kernel(kernel[skip], skip == 0))) {
            skip++;
        }
        return skip == 0 ? kernel : Arrays.copyOfRange(kernel, skip, kernel.length);
    }

    private static boolean isTracing(Symbolizer.Frame f) {
        String func = f.func();
        return "[bpf]".equals(f.module()) || func != null && (func.startsWith("bpf_prog_") || func.startsWith("bpf_trace_run")
                || func.startsWith("__traceiter_") || func.startsWith("__bpf_trace_") || func.startsWith("bpf_trampoline_"));
    }

    private long frameId(RowSink sink, long ts, Symbolizer.Frame f) {
        Long id = frameIds.get(f.key());
        if (id != null) {
            return id;
        }
        long frameId = nextFrameId++;
        frameIds.put(f.key(), frameId);
        if (f.resolved()) {
            framesResolved++;
        } else {
            unresolvedFrames.merge(f.module(), 1L, Long::sum);
        }
        int r = sink.row(EventKind.FRAME, ts);
        EventBatch b = sink.batch();
        b.setLong(Column.FRAME_ID, r, frameId);
        b.setString(Column.FUNC, r, f.func());
        b.setString(Column.MODULE, r, f.module());
        if (f.funcOffset() >= 0) {
            b.setLong(Column.FUNC_OFFSET, r, f.funcOffset());
        }
        b.setString(Column.BUILD_ID, r, f.buildId());
        if (f.fileOffset() >= 0) {
            b.setLong(Column.FILE_OFFSET, r, f.fileOffset());
        }
        b.setLong(Column.ADDR, r, f.addr());
        return frameId;
    }

    /** After exec: the pid's addresses mean other code now. */
    public void forgetProcess(int pid) {
        symbolizer.forget(pid);
        for (Map<UnwoundKey, Long> m : unwound.values()) {
            m.keySet().removeIf(k -> k.pid() == pid);
        }
        for (Map<Integer, Map<Long, Long>> m : byMapIds.values()) {
            m.remove(pid);
        }
        for (Map<EntryKey, Long> m : byEntry.values()) {
            m.keySet().removeIf(k -> k.pid() == pid);
        }
    }

    /**
     * A ring recording's new epoch: stacks and frames are written again when next referenced, under new ids (a
     * dump never holds one id twice), so that the table segments of an older epoch may leave the ring with the
     * events that referred to them; the maps shrink to what one epoch uses, and processes gone from /proc are
     * forgotten by the symbolizer, which over days would otherwise hold every process that ever ran.
     */
    public void newEpoch() {
        frameIds.clear();
        stackIds.clear();
        byMapIds.clear();
        byEntry.clear();
        unwound.clear();
        symbolizer.forgetExited();
    }

    /** Snapshot the pid's maps now if not yet (see {@link Symbolizer#snapshot}). */
    public void processSeen(int pid) {
        symbolizer.snapshot(pid);
    }

    public long stacks() {
        return nextStackId - 1;
    }

    public long frames() {
        return nextFrameId - 1;
    }

    public long framesResolved() {
        return framesResolved;
    }

    /** Events whose user stack the CFI unwound to its outermost frame ("dwarf"). */
    public long userStacksDwarf() {
        return userDwarf;
    }

    /** Events with a stack copy whose CFI unwinding was cut short (continued by frame pointers where possible). */
    public long userStacksTruncated() {
        return userTruncated;
    }

    /** Events whose user stack is the frame-pointer walk alone (no stack copy). */
    public long userStacksFp() {
        return userFp;
    }

    /** Counts an event that came without its stack copy and took its frame-pointer stack another way. */
    public void framePointersOnly() {
        userFp++;
    }

    /** Why CFI unwinding stopped short, with counts (for the summary and debugging). */
    public Map<String, Long> truncatedBy() {
        return new LinkedHashMap<>(truncatedBy);
    }

    /** Time spent unwinding stack copies, ns. */
    /** Time spent naming frames (each distinct address is named once per process; repeats are cache hits). */
    public long symbolizeNanos() {
        return symbolizeNanos;
    }

    public long unwindNanos() {
        return unwindNanos;
    }

    /** Distinct frames that got no function name, by module (for the summary). */
    public Map<String, Long> unresolvedFramesByModule() {
        return new LinkedHashMap<>(unresolvedFrames);
    }
}
