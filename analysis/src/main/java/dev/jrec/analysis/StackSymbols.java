package dev.jrec.analysis;

import dev.jrec.analysis.StackProfile.Frame;
import dev.jrec.analysis.StackProfile.FrameType;
import dev.jrec.analysis.StackProfile.Stack;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A capture's stacks with their frames named, read once (the named query {@code stack_frames}) and then used to
 * expand aggregated (stack_id, weight) rows into {@link StackProfile}s: the per-event work stays in DuckDB, and
 * Java only touches each distinct stack.
 */
final class StackSymbols {
    /** What a stack that the stack table lacks shows as. */
    static final String MISSING_STACK = "[missing stack]";

    /** Distinct named frames (name, type); index = symbol. */
    private final List<Frame> symbols = new ArrayList<>();
    private final Map<Frame, Integer> symbolIndex = new HashMap<>();
    /** stack_id → symbols, leaf first, as the stack row lists them. */
    private final Map<Long, int[]> stacks = new HashMap<>();

    private StackSymbols() {}

    static StackSymbols load(Connection c) throws SQLException {
        StackSymbols s = new StackSymbols();
        Loader l = s.new Loader();
        Query.named("stack_frames").stream(c, Map.of(), l);
        return s;
    }

    int stacks() {
        return stacks.size();
    }

    /** Reads rows ordered by stack_id, depth. */
    private final class Loader implements Table.Sink {
        private final Map<Long, Integer> byFrameId = new HashMap<>();
        private long stackId;
        private long lastDepth = -1;
        private int[] cur = new int[64];
        private int n;

        @Override
        public void columns(List<Table.Column> columns) {}

        @Override
        public void row(List<Object> v) {
            long id = ((Number) v.get(0)).longValue(), depth = ((Number) v.get(1)).longValue();
            if (n > 0 && id != stackId) flush();
            if (n > 0 && depth == lastDepth) return; // the same depth twice: a stack row written twice, differently
            stackId = id;
            lastDepth = depth;
            long frameId = ((Number) v.get(2)).longValue();
            Integer sym = byFrameId.get(frameId);
            if (sym == null) {
                String func = (String) v.get(3), module = (String) v.get(4);
                Long fileOffset = v.get(5) == null ? null : ((Number) v.get(5)).longValue();
                boolean kernel = Boolean.TRUE.equals(v.get(6));
                sym = symbol(new Frame(name(func, module, fileOffset), module, kernel ? FrameType.KERNEL : FrameType.USER));
                byFrameId.put(frameId, sym);
            }
            if (n == cur.length) cur = Arrays.copyOf(cur, n * 2);
            cur[n++] = sym;
        }

        @Override
        public void end() {
            if (n > 0) flush();
        }

        private void flush() {
            stacks.put(stackId, Arrays.copyOf(cur, n));
            n = 0;
            lastDepth = -1;
        }
    }

    private int symbol(Frame f) {
        Frame key = new Frame(f.name(), null, f.type());
        Integer i = symbolIndex.get(key);
        if (i != null) return i;
        symbols.add(f);
        symbolIndex.put(key, symbols.size() - 1);
        return symbols.size() - 1;
    }

    /**
     * What a frame is called: its function; unresolved, {@code [module+0xoffset]} with the module's file name
     * ({@code [libc.so.6+0x2a1c0]}, {@code [kernel.kallsyms+0x1f00]}), {@code [module]} without an offset
     * ({@code [anon]}), or {@code [unknown]}.
     */
    static String name(String func, String module, Long fileOffset) {
        if (func != null && !func.isBlank()) return func;
        if (module == null || module.isBlank() || module.equals("[unknown]")) return "[unknown]";
        String m = module.startsWith("[") && module.endsWith("]") ? module.substring(1, module.length() - 1)
                : module.substring(module.lastIndexOf('/') + 1);
        if (m.isEmpty()) m = module;
        return "[" + m + (fileOffset == null || fileOffset < 0 ? "" : "+0x" + Long.toHexString(fileOffset).toLowerCase(Locale.ROOT)) + "]";
    }

    /**
     * Expands aggregated rows — columns {@code comm} (the root frame), {@code stack_id} (null: no stack),
     * {@code leaf} (a task frame after the leaf, or null) and {@code weight} — into stacks; rows whose
     * expansions are the same stack are added up, and stacks of weight 0 are left out.
     */
    StackProfile profile(StackProfile.Kind kind, Table rows) {
        int comm = rows.column("comm"), stack = rows.column("stack_id"), leaf = rows.column("leaf"), weight = rows.column("weight");
        List<Frame> frames = new ArrayList<>();
        Map<Frame, Integer> frameIndex = new HashMap<>();
        Map<Integer, Integer> bySymbol = new HashMap<>();
        Map<Path, long[]> merged = new LinkedHashMap<>();
        int[] path = new int[64];
        for (List<Object> r : rows.rows()) {
            int n = 0;
            path = grow(path, 2);
            path[n++] = index(frames, frameIndex, task((String) r.get(comm)));
            Object id = r.get(stack);
            if (id != null) {
                int[] st = stacks.get(((Number) id).longValue());
                if (st == null) {
                    path[n++] = index(frames, frameIndex, new Frame(MISSING_STACK, null, FrameType.USER));
                } else {
                    path = grow(path, n + st.length + 1);
                    for (FrameType t : new FrameType[] {FrameType.USER, FrameType.KERNEL}) {
                        for (int i = st.length - 1; i >= 0; i--) {
                            if (symbols.get(st[i]).type() != t) continue;
                            int sym = st[i];
                            Integer fi = bySymbol.get(sym);
                            if (fi == null) {
                                fi = index(frames, frameIndex, symbols.get(sym));
                                bySymbol.put(sym, fi);
                            }
                            path[n++] = fi;
                        }
                    }
                }
            }
            if (r.get(leaf) != null) {
                path = grow(path, n + 1);
                path[n++] = index(frames, frameIndex, task((String) r.get(leaf)));
            }
            long w = ((Number) r.get(weight)).longValue();
            merged.computeIfAbsent(new Path(Arrays.copyOf(path, n)), k -> new long[1])[0] += w;
        }
        List<Stack> out = new ArrayList<>(merged.size());
        for (Map.Entry<Path, long[]> e : merged.entrySet()) if (e.getValue()[0] > 0) out.add(new Stack(e.getKey().frames, e.getValue()[0]));
        // keep only frames some stack uses, in order of first use
        int[] remap = new int[frames.size()];
        Arrays.fill(remap, -1);
        List<Frame> used = new ArrayList<>();
        List<Stack> renumbered = new ArrayList<>(out.size());
        for (Stack s : out) {
            int[] f = new int[s.frames().length];
            for (int i = 0; i < f.length; i++) {
                int old = s.frames()[i];
                if (remap[old] < 0) {
                    remap[old] = used.size();
                    used.add(frames.get(old));
                }
                f[i] = remap[old];
            }
            renumbered.add(new Stack(f, s.weight()));
        }
        return new StackProfile(kind, used, StackProfile.ordered(used, renumbered));
    }

    private static Frame task(String comm) {
        return new Frame(comm == null || comm.isBlank() ? "[unknown]" : comm, null, FrameType.TASK);
    }

    private static int index(List<Frame> frames, Map<Frame, Integer> index, Frame f) {
        Frame key = new Frame(f.name(), null, f.type());
        Integer i = index.get(key);
        if (i != null) return i;
        frames.add(f);
        index.put(key, frames.size() - 1);
        return frames.size() - 1;
    }

    private static int[] grow(int[] a, int need) {
        return need <= a.length ? a : Arrays.copyOf(a, Math.max(need, a.length * 2));
    }

    private record Path(int[] frames) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Path p && Arrays.equals(p.frames, frames);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(frames);
        }
    }
}
