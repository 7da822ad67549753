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
 * What the timeline draws for the filter's processes: per CPU the tasks that ran and per thread lane
 * (timeline_threads) its syscalls, block I/O and TCP events as markers, both read for a time window at a level of
 * detail ({@link #detail}: timeline_cpu_slices, timeline_thread_marks and timeline_thread_net, with buckets as wide as
 * a pixel, so the rows read
 * are bounded by the pixels, not by the capture's length), and when events were lost (loss_by_time). A thread's
 * running / runnable / blocked states (timeline_thread_states, in the same window and buckets) are the bulk of a
 * busy capture, so they, and the markers, are read only for the lanes that come into sight ({@link #states}). The time window of the filter is not applied: the timeline shows
 * it as the selection, with the rest of the recording around it.
 */
final class TimelineData {
    /** Thread states, as thread_states names them; an interval's key indexes this. */
    static final List<String> STATES = List.of("running", "runnable", "S", "D", "I", "other");
    /** Rows a lane source may bring: far more than a screen shows, few enough to stay in memory. */
    static final long MAX_ROWS = 2_000_000;

    final long startNs;
    final long endNs;
    /** The CPU lanes; replaced, lane by lane, when the detail of another window arrives (UI thread). */
    List<Lane> cpus;
    final List<Lane> threads;
    final long[][] losses;
    final List<String> notes;
    /** True when the thread lanes have states (the capture recorded sched), read per window with the detail. */
    boolean statesByWindow;
    /** The OOM kills of the whole recording, drawn across the lanes and on their victims' lanes. */
    List<NetEvents.OomKill> oomKills = List.of();
    /** The window and bucket the CPU lanes and the markers were read for; bucket 0 when not read by window. */
    long detailFrom, detailTo, detailBucket;

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

    /**
     * The CPU lanes (null when only markers were read) and some threads' markers of one time window, at one bucket
     * width; installed on the UI thread.
     */
    record Detail(long fromNs, long toNs, long bucketNs, Map<Integer, Lane> cpus, List<Integer> tids, Map<Integer, Lane.Markers> markers,
            Map<Integer, NetMarks> net, Map<Integer, Strip> waits, Map<Integer, Strip> calls) {}

    /**
     * The lanes, the lost events and the detail of [fromNs, toNs) with buckets of {@code bucketNs} (the time a pixel
     * covers); the recording's start and end bound the window.
     */
    static TimelineData load(OpenCapture c, Filter filter, long fromNs, long toNs, long bucketNs) throws Exception {
        Filter f = Filter.ALL.pids(filter.pids()).comm(filter.comm());
        Map<String, Object> p = c.params(f);
        List<String> notes = new ArrayList<>();
        boolean sched = Analysis.recorded(c.reports().metadata(), Source.SCHED);
        Map<Integer, Lane> threads = new LinkedHashMap<>();
        // lanes in the query's order: the processes that ran the most first
        Query.named("timeline_threads").stream(c.connection(), p, sink(t -> {
            int pid = num(t, 0).intValue(), tid = num(t, 1).intValue();
            Lane l = Lane.thread(pid, tid, t.get(2) == null ? "?" : (String) t.get(2));
            l.process = t.get(6) == null ? l.title : (String) t.get(6);
            l.kernel = Boolean.TRUE.equals(t.get(7));
            l.statesLoaded = !sched;
            threads.putIfAbsent(tid, l);
        }));
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
        TimelineData d = new TimelineData(c.startNs(), c.endNs(), new ArrayList<>(), new ArrayList<>(threads.values()), losses, notes);
        d.statesByWindow = sched;
        if (Analysis.recorded(c.reports().metadata(), Source.PROC)) d.oomKills = List.copyOf(NetEvents.oomKills(c));
        // the markers of the lanes in sight come next, when the view knows which those are
        d.install(detail(c, filter, d.startNs, d.endNs, fromNs, toNs, bucketNs, true, List.of()));
        return d;
    }

    /**
     * What ran on each CPU (when {@code cpuLanes}) and the syscalls and block I/O of the threads {@code tids} (none
     * when empty) in [fromNs, toNs), in buckets of {@code bucketNs}: an interval at least a bucket long as it is,
     * shorter ones summed per bucket. A window reaching the recording's end reaches past it, so nothing recorded
     * after the footer's end is cut.
     */
    static Detail detail(OpenCapture c, Filter filter, long startNs, long endNs, long fromNs, long toNs, long bucketNs, boolean cpuLanes,
            List<Integer> tids) throws Exception {
        long from = Math.max(fromNs, startNs), to = toNs >= endNs ? Long.MAX_VALUE / 4 : toNs, bucket = Math.max(1, bucketNs);
        Map<String, Object> p = c.params(Filter.ALL.pids(filter.pids()).comm(filter.comm()));
        p.put("from_ns", from);
        p.put("to_ns", to);
        p.put("bucket_ns", bucket);
        p.put("tids", tids);
        Map<Integer, Lane> cpus = cpuLanes ? new TreeMap<>() : null;
        if (cpuLanes && Analysis.recorded(c.reports().metadata(), Source.SCHED)) {
            Query.named("timeline_cpu_slices").stream(c.connection(), p, sink(t -> {
                int cpu = num(t, 0).intValue();
                cpus.computeIfAbsent(cpu, Lane::cpu).add(num(t, 1).longValue(), num(t, 2).longValue(), num(t, 3).intValue(), num(t, 4).intValue(),
                        (String) t.get(5), num(t, 7).longValue(), (int) Math.min(Integer.MAX_VALUE, num(t, 6).longValue()));
            }));
        }
        if (cpuLanes && Analysis.recorded(c.reports().metadata(), Source.IRQ)) {
            Query.named("timeline_cpu_irq").stream(c.connection(), p, sink(t -> {
                cpus.computeIfAbsent(num(t, 0).intValue(), Lane::cpu).irq.add(num(t, 1).longValue(), num(t, 2).longValue(), num(t, 3).longValue(),
                        num(t, 4).longValue(), (int) Math.min(Integer.MAX_VALUE, num(t, 5).longValue()), (String) t.get(6));
            }));
        }
        Map<Integer, Lane.Markers> markers = new HashMap<>();
        if (!tids.isEmpty()) Query.named("timeline_thread_marks").stream(c.connection(), p, sink(t -> {
            Lane.Markers m = markers.computeIfAbsent(num(t, 5).intValue(), k -> new Lane.Markers());
            boolean block = "block".equals(t.get(0));
            int calls = (int) Math.min(Integer.MAX_VALUE, num(t, 6).longValue());
            String label = block ? t.get(1) + " " + t.get(10) + " bytes"
                    : calls > 1 ? calls + " syscalls, most often " + t.get(1) + ", " + dev.jrec.gui.Units.duration(num(t, 7).doubleValue()) + " in all"
                    : t.get(1) + " = " + t.get(8) + (t.get(9) == null ? "" : " " + t.get(9));
            m.add(num(t, 2).longValue(), num(t, 3).longValue(), block, label, calls);
        }));
        for (Lane.Markers m : markers.values()) sortMarkers(m);
        Map<Integer, NetMarks> net = tids.isEmpty() ? Map.of() : NetEvents.read(c, p);
        Map<Integer, Strip> waits = new HashMap<>();
        if (!tids.isEmpty() && Analysis.recorded(c.reports().metadata(), Source.LOCK)) {
            Query.named("timeline_thread_waits").stream(c.connection(), p, sink(t -> waits.computeIfAbsent(num(t, 0).intValue(), k -> new Strip())
                    .add(num(t, 1).longValue(), num(t, 2).longValue(), num(t, 3).longValue(), num(t, 4).longValue(),
                            (int) Math.min(Integer.MAX_VALUE, num(t, 5).longValue()), (String) t.get(6))));
        }
        Map<Integer, Strip> calls = new HashMap<>();
        if (!tids.isEmpty() && Analysis.recorded(c.reports().metadata(), Source.UPROBE)) {
            Query.named("timeline_thread_calls").stream(c.connection(), p, sink(t -> calls.computeIfAbsent(num(t, 0).intValue(), k -> new Strip())
                    .add(num(t, 1).longValue(), num(t, 2).longValue(), num(t, 3).longValue(), 0,
                            (int) Math.min(Integer.MAX_VALUE, num(t, 4).longValue()), (String) t.get(5))));
        }
        return new Detail(from, to, bucket, cpus, List.copyOf(tids), markers, net, waits, calls);
    }

    /**
     * Takes the detail of a window: new CPU lanes (the threads' markers, of another window, go), and the markers of
     * the threads read. Markers of another window than the CPU lanes' are dropped: false then.
     */
    boolean install(Detail d) {
        if (d.cpus() != null) {
            cpus = new ArrayList<>(d.cpus().values());
            detailFrom = d.fromNs();
            detailTo = d.toNs();
            detailBucket = d.bucketNs();
            for (Lane l : threads) {
                l.markers.replace(new Lane.Markers());
                l.net.replace(new NetMarks());
                l.waits.replace(new Strip());
                l.calls.replace(new Strip());
                l.marksLoaded = false;
                // the states of another window stay in sight until those of this one come
                if (statesByWindow) l.statesLoaded = false;
            }
        } else if (d.fromNs() != detailFrom || d.toNs() != detailTo || d.bucketNs() != detailBucket) {
            return false;
        }
        java.util.Set<Integer> read = new java.util.HashSet<>(d.tids());
        for (Lane l : threads) {
            if (!read.contains(l.tid)) continue;
            Lane.Markers m = d.markers().get(l.tid);
            l.markers.replace(m == null ? new Lane.Markers() : m);
            NetMarks n = d.net().get(l.tid);
            l.net.replace(n == null ? new NetMarks() : n);
            Strip s = d.waits().get(l.tid);
            l.waits.replace(s == null ? new Strip() : s);
            Strip calls = d.calls().get(l.tid);
            l.calls.replace(calls == null ? new Strip() : calls);
            l.marksLoaded = true;
        }
        return true;
    }

    /** True when the detail read covers [from, to) at a bucket between a quarter and twice {@code nsPerPixel}. */
    boolean detailCovers(long from, long to, double nsPerPixel) {
        if (detailBucket == 0) return true;
        boolean inside = Math.max(from, startNs) >= detailFrom && Math.min(to, endNs) <= detailTo;
        return inside && detailBucket <= Math.max(1, 2 * nsPerPixel) && detailBucket >= nsPerPixel / 4;
    }

    /**
     * The states of some threads in the window of the detail [fromNs, toNs) at its bucket width (timeline_thread_states:
     * intervals thinner than a bucket summed into one with the state the thread spent the most of it in), collected
     * into lanes of their own: the caller installs them on the UI thread if the detail is still of that window.
     */
    static Map<Integer, Lane> states(OpenCapture c, Filter filter, long fromNs, long toNs, long bucketNs, List<Integer> tids) throws Exception {
        Map<String, Object> p = c.params(Filter.ALL.pids(filter.pids()).comm(filter.comm()));
        p.put("from_ns", fromNs);
        p.put("to_ns", toNs);
        p.put("bucket_ns", Math.max(1, bucketNs));
        p.put("tids", tids);
        p.put("limit", MAX_ROWS);
        Map<Integer, Lane> out = new HashMap<>();
        for (int tid : tids) out.put(tid, Lane.thread(0, tid, ""));
        Query.named("timeline_thread_states").stream(c.connection(), p, sink(t -> {
            int code = STATES.indexOf((String) t.get(3));
            Lane l = out.get(num(t, 1).intValue());
            if (l != null) {
                l.add(num(t, 4).longValue(), num(t, 5).longValue(), code < 0 ? STATES.size() - 1 : code, l.tid, null, num(t, 7).longValue(),
                        (int) Math.min(Integer.MAX_VALUE, num(t, 6).longValue()));
            }
        }));
        return out;
    }

    private static void sortMarkers(Lane.Markers m) {
        boolean sorted = true;
        for (int i = 1; i < m.size && sorted; i++) sorted = m.start[i - 1] <= m.start[i];
        if (sorted) return; // the query's order
        Integer[] idx = new Integer[m.size];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        java.util.Arrays.sort(idx, Comparator.comparingLong(i -> m.start[i]));
        long[] s = new long[m.size], d = new long[m.size];
        boolean[] b = new boolean[m.size];
        String[] l = new String[m.size];
        int[] n = new int[m.size];
        for (int i = 0; i < idx.length; i++) {
            s[i] = m.start[idx[i]];
            d[i] = m.dur[idx[i]];
            b[i] = m.block[idx[i]];
            l[i] = m.label[idx[i]];
            n[i] = m.calls[idx[i]];
        }
        m.start = s;
        m.dur = d;
        m.block = b;
        m.label = l;
        m.calls = n;
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
