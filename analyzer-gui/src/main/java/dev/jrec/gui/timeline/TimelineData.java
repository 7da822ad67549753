package dev.jrec.gui.timeline;

import dev.jrec.analysis.Analysis;
import dev.jrec.analysis.Filter;
import dev.jrec.analysis.Query;
import dev.jrec.analysis.Table;
import dev.jrec.formats.schema.Source;
import dev.jrec.gui.OpenCapture;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the timeline draws, for the whole recording and the filter's processes: per CPU the tasks that ran
 * (trace_cpu_slices), a lane per thread (timeline_threads) with its syscalls and block I/O as markers
 * (trace_thread_slices), and when events were lost (loss_by_time). A thread's running / runnable / blocked states
 * (thread_states) are the bulk of a busy capture, so they are read only for the lanes that come into sight
 * ({@link #states}). The time window of the filter is not applied: the timeline shows it as the selection, with the
 * rest of the recording around it.
 */
final class TimelineData {
    /** Thread states, as thread_states names them; an interval's key indexes this. */
    static final List<String> STATES = List.of("running", "runnable", "S", "D", "other");
    /** Rows a lane source may bring: far more than a screen shows, few enough to stay in memory. */
    static final long MAX_ROWS = 2_000_000;

    final long startNs;
    final long endNs;
    final List<Lane> cpus;
    final List<Lane> threads;
    final long[][] losses;
    final List<String> notes;

    TimelineData(long startNs, long endNs, List<Lane> cpus, List<Lane> threads, long[][] losses, List<String> notes) {
        this.startNs = startNs;
        this.endNs = endNs;
        this.cpus = cpus;
        this.threads = threads;
        this.losses = losses;
        this.notes = notes;
    }

    List<Lane> lanes() {
        List<Lane> all = new ArrayList<>(cpus);
        all.addAll(threads);
        return all;
    }

    static TimelineData load(OpenCapture c, Filter filter) throws Exception {
        Filter f = Filter.ALL.pids(filter.pids()).comm(filter.comm());
        Map<String, Object> p = c.params(f);
        List<String> notes = new ArrayList<>();
        boolean sched = Analysis.recorded(c.reports().metadata(), Source.SCHED);
        Map<Integer, Lane> cpus = new TreeMap<>();
        Map<Integer, Lane> threads = new LinkedHashMap<>();
        if (sched) {
            Query.named("trace_cpu_slices").stream(c.connection(), p, sink(t -> {
                int cpu = num(t, 0).intValue();
                cpus.computeIfAbsent(cpu, Lane::cpu).add(num(t, 1).longValue(), num(t, 2).longValue(), num(t, 3).intValue(), num(t, 4).intValue(), (String) t.get(5));
            }));
        }
        // lanes in the query's order: the processes that ran the most first
        Query.named("timeline_threads").stream(c.connection(), p, sink(t -> {
            int pid = num(t, 0).intValue(), tid = num(t, 1).intValue();
            Lane l = Lane.thread(pid, tid, t.get(2) == null ? "?" : (String) t.get(2));
            l.statesLoaded = !sched;
            threads.putIfAbsent(tid, l);
        }));
        Query.named("trace_thread_slices").stream(c.connection(), p, sink(t -> {
            Lane l = threads.get(num(t, 5).intValue());
            if (l == null) return;
            boolean block = "block".equals(t.get(0));
            String label = block ? t.get(1) + " " + t.get(9) + " bytes" : t.get(1) + " = " + t.get(7) + (t.get(8) == null ? "" : " " + t.get(8));
            l.markers.add(num(t, 2).longValue(), num(t, 3).longValue(), block, label);
        }));
        for (Lane l : threads.values()) sortMarkers(l.markers);
        Map<String, Object> lp = c.params(Filter.ALL);
        lp.put("limit", 100_000L);
        Table loss = Query.named("loss_by_time").table(c.connection(), lp);
        long[][] losses = new long[loss.rows().size()][];
        for (int i = 0; i < losses.length; i++) {
            List<Object> r = loss.rows().get(i);
            long from = c.startNs() + Math.round(((Number) r.get(loss.column("from_s"))).doubleValue() * 1e9);
            long to = c.startNs() + Math.round(((Number) r.get(loss.column("to_s"))).doubleValue() * 1e9);
            losses[i] = new long[] {from, Math.max(to, from + 1)};
        }
        if (!sched) notes.add("no scheduler events in this capture (record with --events sched): CPU lanes and thread states are empty");
        return new TimelineData(c.startNs(), c.endNs(), new ArrayList<>(cpus.values()), new ArrayList<>(threads.values()), losses, notes);
    }

    /**
     * The states of some threads over the whole recording (the filter's window is the timeline's selection, not a
     * cut), collected into lanes of their own: the caller installs them on the UI thread.
     */
    static Map<Integer, Lane> states(OpenCapture c, Filter filter, List<Integer> tids) throws Exception {
        Map<String, Object> p = c.params(Filter.ALL.pids(filter.pids()).comm(filter.comm()));
        p.put("tids", tids);
        p.put("limit", MAX_ROWS);
        Map<Integer, Lane> out = new HashMap<>();
        for (int tid : tids) out.put(tid, Lane.thread(0, tid, ""));
        Query.named("thread_states").stream(c.connection(), p, sink(t -> {
            int code = STATES.indexOf((String) t.get(3));
            Lane l = out.get(num(t, 1).intValue());
            if (l != null) l.add(num(t, 4).longValue(), num(t, 5).longValue(), code < 0 ? STATES.size() - 1 : code, l.tid, null);
        }));
        return out;
    }

    private static void sortMarkers(Lane.Markers m) {
        Integer[] idx = new Integer[m.size];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        java.util.Arrays.sort(idx, Comparator.comparingLong(i -> m.start[i]));
        long[] s = new long[m.size], d = new long[m.size];
        boolean[] b = new boolean[m.size];
        String[] l = new String[m.size];
        for (int i = 0; i < idx.length; i++) {
            s[i] = m.start[idx[i]];
            d[i] = m.dur[idx[i]];
            b[i] = m.block[idx[i]];
            l[i] = m.label[idx[i]];
        }
        m.start = s;
        m.dur = d;
        m.block = b;
        m.label = l;
    }

    private static Number num(List<Object> row, int i) {
        Object o = row.get(i);
        return o == null ? 0 : (Number) o;
    }

    private static Table.Sink sink(java.util.function.Consumer<List<Object>> row) {
        return new Table.Sink() {
            @Override
            public void columns(List<Table.Column> columns) {}

            @Override
            public void row(List<Object> values) {
                row.accept(values);
            }
        };
    }
}
