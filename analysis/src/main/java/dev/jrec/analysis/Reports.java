package dev.jrec.analysis;

import dev.jrec.formats.read.CaptureMetadata;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.schema.Source;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The analyses over one open capture, as typed results. Each one checks that the capture recorded the
 * source it reads ({@link MissingSourceException}), then runs its named {@link Query}; what to show of the
 * capture is a {@link Filter}. Listings, which can be long, stream into a {@link Table.Sink}.
 */
public final class Reports {
    private final CaptureDb db;
    private final CaptureMetadata md;
    private final long startNs;
    private final long endNs;
    private StackSymbols symbols;

    public Reports(CaptureDb db) throws SQLException {
        this.db = db;
        this.md = db.metadata();
        DuckDbSettings.apply(db.connection());
        this.startNs = md.startNs().isPresent() ? md.startNs().getAsLong() : bound("min");
        this.endNs = md.endNs().isPresent() ? md.endNs().getAsLong() : bound("max");
    }

    private long bound(String fn) throws SQLException {
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT " + fn + "(ts) FROM capture_rows")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The recording's start on the capture clock; listings count TIME(s) from it. */
    public long startNs() {
        return startNs;
    }

    public long endNs() {
        return endNs;
    }

    public CaptureMetadata metadata() {
        return md;
    }

    /** A point in the capture as a user writes it: {@code 2.5s}, {@code -5s}, an ISO time ({@link TimeSpec}). */
    public long time(String spec) {
        return TimeSpec.parse(spec, startNs, endNs, md.realtimeOffsetNs());
    }

    public Log2Histogram runqlat(Filter f, Grouping g, Log2Histogram.Unit u) throws SQLException, MissingSourceException {
        return histogram(Analysis.RUNQLAT, f, g, u, Map.of(), Grouping.NONE, Grouping.PROCESS, Grouping.CPU, Grouping.CGROUP);
    }

    public Log2Histogram cpudist(Filter f, Grouping g, Log2Histogram.Unit u) throws SQLException, MissingSourceException {
        return histogram(Analysis.CPUDIST, f, g, u, Map.of(), Grouping.NONE, Grouping.PROCESS, Grouping.CPU, Grouping.CGROUP);
    }

    public Log2Histogram biolatency(Filter f, Grouping g, Log2Histogram.Unit u) throws SQLException, MissingSourceException {
        return histogram(Analysis.BIOLATENCY, f, g, u, Map.of(), Grouping.NONE, Grouping.DISK, Grouping.FLAGS);
    }

    public Log2Histogram syslat(Filter f, String syscall, Grouping g, Log2Histogram.Unit u) throws SQLException, MissingSourceException {
        return histogram(Analysis.SYSLAT, f, g, u, Map.of("syscall", syscall), Grouping.NONE, Grouping.PROCESS);
    }

    /** The time in one function recorded with --uretprobe (its name, or a glob over its probe's), as BCC's funclatency. */
    public Log2Histogram funclatency(Filter f, String func, Grouping g, Log2Histogram.Unit u) throws SQLException, MissingSourceException {
        return histogram(Analysis.FUNCLATENCY, f, g, u, Map.of("func", func), Grouping.NONE, Grouping.PROCESS);
    }

    /** The functions recorded with --uretprobe (those funclatency can time), the most called first. */
    public java.util.List<String> timedFunctions(Filter f) throws SQLException, MissingSourceException {
        Table t = collect(Analysis.FUNCCOUNT, "funccount", f, Map.of("limit", 1000L));
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        for (int r = 0; r < t.rows().size(); r++) {
            if (String.valueOf(t.get(r, "probe")).startsWith("uretprobe:")) names.add(String.valueOf(t.get(r, "func")));
        }
        return java.util.List.copyOf(names);
    }

    public void biosnoop(Filter f, Table.Sink out) throws SQLException, MissingSourceException {
        rows(Analysis.of("biosnoop"), "biosnoop", f, Map.of(), out);
    }

    /**
     * What the comm filter {@code pattern} keeps: processes (pid, name, threads kept, whether the process's own name
     * matched), most threads first; the captures without sched rows answer from the thread table alone.
     */
    public Table commMatched(String pattern) throws SQLException {
        return Query.named("comm_matched").table(db.connection(), Map.of("comm", pattern));
    }

    /** What {@link #describeMatched} says of a comm filter that keeps nothing. */
    public static final String MATCHES_NOTHING = "matches nothing";

    /** {@link #commMatched} as the workbench says it: "2 processes, 5 threads: svc (4), svc-cli (1)", or {@link #MATCHES_NOTHING}. */
    public static String describeMatched(Table t) {
        if (t.rows().isEmpty()) return MATCHES_NOTHING;
        long threads = 0;
        StringBuilder names = new StringBuilder();
        for (int r = 0; r < t.rows().size(); r++) {
            long n = ((Number) t.get(r, "threads")).longValue();
            threads += n;
            if (r < 3) names.append(r == 0 ? "" : ", ").append(t.get(r, "name")).append(" (").append(n).append(')');
        }
        if (t.rows().size() > 3) names.append(", ...");
        int p = t.rows().size();
        return p + (p == 1 ? " process, " : " processes, ") + threads + (threads == 1 ? " thread: " : " threads: ") + names;
    }

    public Table biotop(Filter f, int limit) throws SQLException, MissingSourceException {
        return collect(Analysis.of("biotop"), "biotop", f, Map.of("limit", (long) limit));
    }

    public Table syscount(Filter f, boolean perProcess, boolean failedOnly, boolean byTime, int limit) throws SQLException, MissingSourceException {
        return collect(Analysis.SYSCOUNT, perProcess ? "syscount_process" : "syscount", f,
                Map.of("failed_only", failedOnly, "by_time", byTime, "limit", (long) limit));
    }

    /**
     * A listing view (tcppeers, tcpdrop, hardirqs, ...) as a table of its first {@code limit} rows, titled, with
     * the parameters of its own it needs: a section of the postmortem page.
     */
    public Table listing(String view, String title, Filter f, int limit, Map<String, Object> params) throws SQLException, MissingSourceException {
        Table t = collect(Analysis.of(view), view, f, params);
        return new Table(title, t.columns(), t.rows().subList(0, Math.min(limit, t.rows().size())));
    }

    public void execsnoop(Filter f, Table.Sink out) throws SQLException, MissingSourceException {
        rows(Analysis.EXECSNOOP, "execsnoop", f, Map.of(), out);
    }

    /** @param errno only calls that failed with it; null for any */
    public void opensnoop(Filter f, boolean failedOnly, Integer errno, Table.Sink out) throws SQLException, MissingSourceException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("failed_only", failedOnly);
        p.put("errno", errno);
        rows(Analysis.of("opensnoop"), "opensnoop", f, p, out);
    }

    public void exitsnoop(Filter f, boolean perThread, Table.Sink out) throws SQLException, MissingSourceException {
        rows(Analysis.of("exitsnoop"), "exitsnoop", f, Map.of("per_thread", perThread), out);
    }

    /**
     * Weighted stacks of one kind, from the aggregated rows of the named query {@code KIND_stacks}; the capture's
     * stacks and frames are read once, on first use.
     */
    public StackProfile stacks(StackProfile.Kind kind, Filter f) throws SQLException, MissingSourceException {
        Analysis.ofStacks(kind).require(md);
        Table rows = Query.named(kind.id() + "_stacks").table(db.connection(), params(f, Map.of()));
        if (symbols == null) symbols = StackSymbols.load(db.connection());
        return symbols.profile(kind, rows);
    }

    /**
     * Time threads waited for a CPU, with the stack they had blocked in when the wait followed an off-CPU interval
     * (named query runnable_stacks): the wall clock's runnable part. Empty without scheduler events.
     */
    public StackProfile runnableStacks(Filter f) throws SQLException {
        if (!Analysis.recorded(md, dev.jrec.formats.schema.Source.SCHED) || !Analysis.recorded(md, dev.jrec.formats.schema.Source.OFFCPU)) {
            return new StackProfile(StackProfile.Kind.OFFCPU, List.of(), List.of());
        }
        Table rows = Query.named("runnable_stacks").table(db.connection(), params(f, Map.of()));
        if (symbols == null) symbols = StackSymbols.load(db.connection());
        return symbols.profile(StackProfile.Kind.OFFCPU, rows);
    }

    /**
     * The timeline of the window (cut to the recording) in buckets of {@code bucketNs}, or, when 0, in about 30
     * buckets of a round length; the processes part shows the {@code top} that ran the most.
     *
     * @throws IllegalArgumentException when the buckets would be more than {@link Timeline#MAX_BUCKETS}
     */
    public Timeline timeline(Filter f, long bucketNs, int top) throws SQLException, MissingSourceException {
        Analysis.TIMELINE.require(md);
        long from = Math.max(f.fromNs(), startNs), to = Math.max(from, Math.min(f.toNs(), endNs));
        long bucket = bucketNs > 0 ? bucketNs : Timeline.niceBucket(to - from, 30);
        long n = (to - from + bucket - 1) / bucket;
        if (n > Timeline.MAX_BUCKETS) {
            throw new IllegalArgumentException("a bucket of " + duration(bucket) + " cuts " + seconds(to - from) + " into " + n
                    + " buckets, more than " + Timeline.MAX_BUCKETS + ": choose a larger bucket or a shorter window");
        }
        Map<String, Object> p = params(f.window(from, to), Map.of("bucket_ns", bucket, "limit", (long) top));
        p.put("start_ns", from);
        Table cpu = Query.named("timeline_cpu").table(db.connection(), p);
        Table proc = Query.named("timeline_process").table(db.connection(), p);
        Table loss = Query.named("timeline_loss").table(db.connection(), p);
        return TimelineGrid.build(from, to, bucket, startNs, cpuCount(), cpu, proc, loss);
    }

    private int cpuCount() {
        try {
            String n = md.get(MetadataKeys.CPU_COUNT);
            return n == null ? 0 : Integer.parseInt(n.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Names of the threads and processes in the window (named query {@code trace_threads}). */
    public void traceThreads(Filter f, Table.Sink out) throws SQLException {
        Query.named("trace_threads").stream(db.connection(), params(f, Map.of()), out);
    }

    /** What ran on each CPU, one row per on-CPU interval, in time order (named query {@code trace_cpu_slices}). */
    public void traceCpuSlices(Filter f, Table.Sink out) throws SQLException {
        Query.named("trace_cpu_slices").stream(db.connection(), params(f, Map.of()), out);
    }

    /** Syscalls and block I/O as intervals of the thread that made them (named query {@code trace_thread_slices}). */
    public void traceThreadSlices(Filter f, Table.Sink out) throws SQLException {
        Query.named("trace_thread_slices").stream(db.connection(), params(f, Map.of()), out);
    }

    /** The capture's footer metadata, key → value, in key order. */
    public Map<String, String> footer() {
        return new java.util.TreeMap<>(md.all());
    }

    public Summary summary(Filter f, int top) throws SQLException {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("host", or(md.host()));
        facts.put("kernel", or(md.kernelRelease()));
        facts.put("cpus", or(md.get(MetadataKeys.CPU_COUNT)) + (md.get(MetadataKeys.CPU_MODEL) == null ? "" : " (" + md.get(MetadataKeys.CPU_MODEL) + ")"));
        facts.put("recorded", md.wallClock(startNs) + " → " + md.wallClock(endNs) + " (" + seconds(endNs - startNs) + ")");
        if (f.windowed()) {
            long from = Math.max(f.fromNs(), startNs), to = Math.min(f.toNs(), endNs);
            facts.put("window", seconds(from - startNs) + " → " + seconds(to - startNs) + " after the start (" + seconds(to - from) + ")");
        }
        if (!f.pids().isEmpty()) facts.put("pids", f.pids().toString().replaceAll("[\\[\\] ]", ""));
        if (f.comm() != null) facts.put("comm", f.comm());
        facts.put("sources", or(md.get(MetadataKeys.SOURCES)));
        facts.put("completion", md.completion() + (md.get(MetadataKeys.STOP_REASON) == null ? "" : ", stopped by " + md.get(MetadataKeys.STOP_REASON)));

        String scope = RecordingNotes.scope(md);
        if (scope != null) facts.put("scope", scope + ": only these processes were timed; others show only where they met them");

        Map<String, Object> p = params(f, Map.of("limit", (long) top));
        List<Table> tops = new ArrayList<>();
        if (Analysis.recorded(md, Source.SCHED)) {
            Table sched = rowsOf(EventKind.SCHED_SWITCH, "top_sched", p);
            tops.add(ranked(sched, "cpu_rank", "top processes by CPU time", "pid", "comm", "threads", "switches", "oncpu_ms"));
            tops.add(ranked(sched, "offcpu_rank", "top processes by off-CPU (blocked) time, summed over their threads"
                    + (scope == null ? "" : "; known only for " + scope), "pid", "comm", "blocks", "offcpu_ms", "d_blocks"));
        }
        if (Analysis.recorded(md, Source.SYSCALL)) {
            Map<String, Object> sp = new LinkedHashMap<>(p);
            sp.put("failed_only", false);
            sp.put("by_time", false);
            tops.add(titled("top processes by syscalls", rowsOf(EventKind.SYSCALL, "syscount_process", sp)));
        }
        if (Analysis.recorded(md, Source.BLOCK)) tops.add(titled("top processes by block I/O", rowsOf(EventKind.BLOCK_RQ_COMPLETE, "top_io", p)));
        Table losses = titled("lost events by time", rowsOf(EventKind.LOSS, "loss_by_time", params(f, Map.of("limit", 1000L))));
        return new Summary(facts, sources(md), losses, tops);
    }

    /**
     * A named query's result; without running it when the footer counts no rows of the kind it reads (a scan
     * of the whole file for nothing, as the kind is in every row group).
     */
    private Table rowsOf(EventKind kind, String query, Map<String, Object> params) throws SQLException {
        if ("0".equals(md.get(MetadataKeys.ROWS_PREFIX + kind.id()))) return Query.named(query).empty();
        return Query.named(query).table(db.connection(), params);
    }

    /** The rows of {@code t} that have a {@code rank}, in its order, with only {@code columns}. */
    static Table ranked(Table t, String rank, String title, String... columns) {
        int r = t.column(rank);
        int[] keep = java.util.Arrays.stream(columns).mapToInt(t::column).toArray();
        List<List<Object>> rows = t.rows().stream().filter(row -> row.get(r) != null)
                .sorted(java.util.Comparator.comparingLong(row -> ((Number) row.get(r)).longValue()))
                .map(row -> java.util.Arrays.stream(keep).mapToObj(row::get).toList()).toList();
        return new Table(title, java.util.Arrays.stream(keep).mapToObj(t.columns()::get).toList(), rows);
    }

    /** Events and events lost per source, as the footer counts them: no query, so a view can show it first. */
    public static Table sources(CaptureMetadata md) {
        String recorded = md.get(MetadataKeys.SOURCES);
        Set<String> on = recorded == null ? Set.of() : Set.of(recorded.split(","));
        List<List<Object>> rows = new ArrayList<>();
        for (Source s : Source.values()) {
            if (s == Source.META) continue;
            if (!on.contains(s.id()) && md.events(s) == 0 && md.drops(s) == 0) continue;
            rows.add(List.of(s.id(), md.events(s), md.lost(s)));
        }
        return new Table("events and drops per source", List.of(Table.Column.named("source", Table.Type.TEXT),
                Table.Column.named("events", Table.Type.INTEGER), Table.Column.named("drops", Table.Type.INTEGER)), rows);
    }

    private Log2Histogram histogram(Analysis a, Filter f, Grouping g, Log2Histogram.Unit u, Map<String, Object> extra, Grouping... allowed)
            throws SQLException, MissingSourceException {
        if (!List.of(allowed).contains(g)) throw new IllegalArgumentException(a.id() + " cannot be split by " + g.name().toLowerCase(Locale.ROOT));
        return histogram(a, f, g, u, extra);
    }

    /** The histogram of a report of shape HISTOGRAM, split by {@code g}, with its query's own parameters in {@code extra}. */
    public Log2Histogram histogram(Analysis a, Filter f, Grouping g, Log2Histogram.Unit u, Map<String, Object> extra)
            throws SQLException, MissingSourceException {
        return histogram(a, a.query(), f, g.key, u, extra);
    }

    /**
     * The same from another histogram query that reads the source of {@code a}, split by its own {@code groupBy} key:
     * hardirqs -d is irq_histogram's, by {@code hardirq} or {@code softirq}, which no other histogram has.
     */
    public Log2Histogram histogram(Analysis a, String query, Filter f, String groupBy, Log2Histogram.Unit u, Map<String, Object> extra)
            throws SQLException, MissingSourceException {
        a.require(md);
        Map<String, Object> p = params(f, extra);
        p.put("group_by", groupBy);
        p.put("unit_ns", u.ns);
        return Log2Histogram.fromRows(u, groupBy, Query.named(query).table(db.connection(), p));
    }

    /** Streams the rows of {@code query}, which reads the source of {@code a}, with its own parameters in {@code extra}. */
    public void rows(Analysis a, String query, Filter f, Map<String, Object> extra, Table.Sink out) throws SQLException, MissingSourceException {
        a.require(md);
        Query.named(query).stream(db.connection(), params(f, extra), out);
    }

    private Table collect(Analysis a, String query, Filter f, Map<String, Object> extra) throws SQLException, MissingSourceException {
        a.require(md);
        return Query.named(query).table(db.connection(), params(f, extra));
    }

    private Map<String, Object> params(Filter f, Map<String, Object> extra) {
        Map<String, Object> p = f.params();
        p.put("start_ns", startNs);
        p.putAll(extra);
        return p;
    }

    private static Table titled(String title, Table t) {
        return new Table(title, t.columns(), t.rows());
    }

    private static String or(String s) {
        return s == null ? "?" : s;
    }

    static String duration(long ns) {
        if (ns < 1_000) return ns + "ns";
        if (ns < 1_000_000) return String.format(Locale.ROOT, "%.0fus", ns / 1e3);
        if (ns < 1_000_000_000) return String.format(Locale.ROOT, "%.0fms", ns / 1e6);
        return seconds(ns);
    }

    static String seconds(long ns) {
        return String.format(Locale.ROOT, "%.3f s", ns / 1e9);
    }
}
