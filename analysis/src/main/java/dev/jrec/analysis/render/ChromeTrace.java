package dev.jrec.analysis.render;

import dev.jrec.analysis.Table;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A capture as a trace in Chrome's JSON trace event format ({@code {"traceEvents": [...]}}), which
 * ui.perfetto.dev and chrome://tracing open. Each CPU is a process of its own, "CPU n" (pid
 * {@link #CPU_PID_BASE} + n, tid n), listed first, whose complete ("X") events are what ran on it, named by
 * comm; syscalls and block I/O requests are "X" events on the thread that made them, named by the thread
 * table ("M" metadata events). A request that does not nest among its thread's slices (it outlived the syscall,
 * or overlaps another request) is an async slice (a "b"/"e" pair) of its process instead, since a thread's
 * "X" events must nest. Times are microseconds since the recording's start, to the nanosecond.
 *
 * <p>Use: {@link #begin}, then feed {@link #threads()}, {@link #cpuSlices()} and {@link #threadSlices()} from
 * the trace queries, then {@link #end}.
 */
public final class ChromeTrace {
    /** CPU n's synthetic process id: above any Linux pid (at most 2^22). */
    public static final int CPU_PID_BASE = 1_000_000_000;

    private final PrintWriter out;
    private final long originNs;
    private boolean first = true;
    private final Set<Integer> cpusNamed = new HashSet<>();
    private final Set<Integer> processesNamed = new HashSet<>();
    /** Per thread, the ends of the "X" slices that are open (a stack), to keep the thread's slices nested. */
    private final Map<Integer, List<Long>> open = new HashMap<>();
    private long asyncId;
    private long cpuSlices, threadSlices, asyncSlices;

    /** @param originNs the recording's start: time 0 of the trace */
    public ChromeTrace(PrintWriter out, long originNs) {
        this.out = out;
        this.originNs = originNs;
    }

    /** Starts the document; {@code otherData} (host, kernel, ...) is shown as the trace's metadata. */
    public void begin(Map<String, String> otherData) {
        StringBuilder sb = new StringBuilder("{\"displayTimeUnit\":\"ns\",\"otherData\":{");
        boolean f = true;
        for (Map.Entry<String, String> e : otherData.entrySet()) {
            sb.append(f ? "" : ",").append(Json.string(e.getKey())).append(':').append(Json.string(e.getValue() == null ? "" : e.getValue()));
            f = false;
        }
        out.print(sb.append("},\n\"traceEvents\":["));
    }

    public void end() {
        out.println("\n]}");
        out.flush();
    }

    public long cpuSliceCount() {
        return cpuSlices;
    }

    public long threadSliceCount() {
        return threadSlices;
    }

    public long asyncSliceCount() {
        return asyncSlices;
    }

    /** Rows of trace_threads: pid, tid, thread_name, process_name. */
    public Table.Sink threads() {
        return new Rows() {
            @Override
            void row(Row r) {
                int pid = r.i("pid"), tid = r.i("tid");
                if (processesNamed.add(pid)) metadata("process_name", pid, pid, "name", r.s("process_name"));
                metadata("thread_name", pid, tid, "name", r.s("thread_name"));
            }
        };
    }

    /** Rows of trace_cpu_slices: cpu, start_ns, dur_ns, pid, tid, comm, prio, end_state. */
    public Table.Sink cpuSlices() {
        return new Rows() {
            @Override
            void row(Row r) {
                int cpu = r.i("cpu");
                if (cpusNamed.add(cpu)) {
                    metadata("process_name", CPU_PID_BASE + cpu, cpu, "name", "CPU " + cpu);
                    metadata("process_sort_index", CPU_PID_BASE + cpu, cpu, "sort_index", -100_000 + cpu);
                    metadata("thread_name", CPU_PID_BASE + cpu, cpu, "name", "CPU " + cpu);
                }
                Long state = r.l("end_state");
                event("{\"ph\":\"X\",\"cat\":\"sched\",\"name\":" + Json.string(r.s("comm") == null ? "?" : r.s("comm"))
                        + ",\"pid\":" + (CPU_PID_BASE + cpu) + ",\"tid\":" + cpu + ",\"ts\":" + us(r.l("start_ns") - originNs)
                        + ",\"dur\":" + us(r.l("dur_ns")) + ",\"args\":{\"pid\":" + r.o("pid") + ",\"tid\":" + r.o("tid")
                        + ",\"prio\":" + Json.value(r.o("prio")) + ",\"end_state\":" + Json.string(state(state)) + "}}");
                cpuSlices++;
            }
        };
    }

    /** Rows of trace_thread_slices: cat, name, start_ns, dur_ns, pid, tid, nested, ret, path, bytes, sector. */
    public Table.Sink threadSlices() {
        return new Rows() {
            @Override
            void row(Row r) {
                int pid = r.i("pid"), tid = r.i("tid");
                long start = r.l("start_ns"), dur = r.l("dur_ns");
                StringBuilder args = new StringBuilder();
                for (String a : new String[] {"ret", "path", "bytes", "sector"}) {
                    if (r.o(a) != null) args.append(args.isEmpty() ? "" : ",").append('"').append(a).append("\":").append(Json.value(r.o(a)));
                }
                String common = "\"cat\":" + Json.string(r.s("cat")) + ",\"name\":" + Json.string(r.s("name")) + ",\"pid\":" + pid + ",\"tid\":" + tid;
                if (Boolean.TRUE.equals(r.o("nested")) && nests(tid, start, start + dur)) {
                    event("{\"ph\":\"X\"," + common + ",\"ts\":" + us(start - originNs) + ",\"dur\":" + us(dur) + ",\"args\":{" + args + "}}");
                    threadSlices++;
                } else {
                    long id = ++asyncId;
                    event("{\"ph\":\"b\"," + common + ",\"id\":" + id + ",\"ts\":" + us(start - originNs) + ",\"args\":{" + args + "}}");
                    event("{\"ph\":\"e\"," + common + ",\"id\":" + id + ",\"ts\":" + us(start + dur - originNs) + "}");
                    asyncSlices++;
                }
            }
        };
    }

    /** True when [start, end] nests in the thread's open X slices (rows come in start order); then it is open too. */
    private boolean nests(int tid, long start, long end) {
        List<Long> stack = open.computeIfAbsent(tid, t -> new ArrayList<>());
        while (!stack.isEmpty() && stack.getLast() <= start) stack.removeLast();
        if (!stack.isEmpty() && stack.getLast() < end) return false;
        stack.addLast(end);
        return true;
    }

    private void metadata(String name, int pid, int tid, String arg, Object value) {
        event("{\"ph\":\"M\",\"name\":\"" + name + "\",\"pid\":" + pid + ",\"tid\":" + tid + ",\"args\":{\"" + arg + "\":" + Json.value(value) + "}}");
    }

    private void event(String json) {
        out.print(first ? "\n" : ",\n");
        out.print(json);
        first = false;
    }

    /** ns as microseconds with three decimals, exactly. */
    static String us(long ns) {
        return BigDecimal.valueOf(ns, 3).toPlainString();
    }

    /** A task state as ps prints it: R (preempted), S, D, I (idle kernel thread), T, t, X, Z, P. */
    static String state(Long s) {
        if (s == null) return "?";
        if (s == 0) return "R";
        if ((s & 0x402) == 0x402) return "I";
        StringBuilder sb = new StringBuilder();
        String letters = "SDTtXZPx";
        for (int b = 0; b < letters.length(); b++) if ((s & (1L << b)) != 0) sb.append(letters.charAt(b));
        return sb.isEmpty() ? Long.toString(s) : sb.toString();
    }

    /** A sink that hands rows to {@link #row(Row)} with access by column name. */
    private abstract static class Rows implements Table.Sink {
        private final Map<String, Integer> index = new HashMap<>();
        private final Row row = new Row(index);

        @Override
        public void columns(List<Table.Column> columns) {
            for (int i = 0; i < columns.size(); i++) index.put(columns.get(i).name(), i);
        }

        @Override
        public void row(List<Object> values) {
            row.values = values;
            row(row);
        }

        abstract void row(Row r);
    }

    private static final class Row {
        final Map<String, Integer> index;
        List<Object> values;

        Row(Map<String, Integer> index) {
            this.index = index;
        }

        Object o(String c) {
            Integer i = index.get(c);
            return i == null ? null : values.get(i);
        }

        String s(String c) {
            Object v = o(c);
            return v == null ? null : v.toString();
        }

        int i(String c) {
            return ((Number) o(c)).intValue();
        }

        Long l(String c) {
            Object v = o(c);
            return v == null ? null : ((Number) v).longValue();
        }
    }
}
