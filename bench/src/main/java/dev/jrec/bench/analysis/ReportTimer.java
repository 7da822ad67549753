// In-process timing of jrec's report views against the same aggregation in plain DuckDB, for
// bench/analysis-perf.sh. Per view: open the capture (CaptureDb.open + new Reports, as `jrec report` does),
// run the view ROUNDS times through dev.jrec.analysis.Reports, and run the plain-DuckDB equivalent (a fresh
// in-memory DuckDB connection, default settings, SQL straight over read_parquet) ROUNDS times. Prints one
// tab-separated line per view and side: first run, median of the rest, peak Java heap (sum of the heap
// pools' peaks, reset before the view), peak RSS of the process during the view (VmHWM, reset through
// /proc/self/clear_refs; DuckDB's memory is native, so it shows here and not in the heap), and the median
// CPU time of the process per run (all DuckDB threads: steadier than wall time on a loaded machine).
//
//   java --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmx512m -cp "$OUT/lib/*" dev.jrec.bench.analysis.ReportTimer CAPTURE [ROUNDS] [VIEW...]
//   java ... dev.jrec.bench.analysis.ReportTimer --sql VIEW CAPTURE     # the plain SQL as one statement, for `jrec query`
package dev.jrec.bench.analysis;

import dev.jrec.analysis.CaptureDb;
import dev.jrec.analysis.Filter;
import dev.jrec.analysis.Grouping;
import dev.jrec.analysis.Log2Histogram;
import dev.jrec.analysis.Reports;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

public class ReportTimer {
    interface Work {
        long run() throws Exception; // returns a row count or checksum, so nothing is optimized away
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--sql")) {
            String f = "'" + Path.of(args[2]).toAbsolutePath().toString().replace("'", "''") + "'";
            List<String> sqls = PlainSql.of(f).get(args[1]);
            if (sqls.size() == 1) System.out.println(sqls.get(0).replace('\n', ' '));
            else { // several result sets as one: each tagged with its part, columns matched by name
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < sqls.size(); i++) {
                    if (i > 0) sb.append(" UNION ALL BY NAME ");
                    sb.append("SELECT ").append(i + 1).append(" AS part, * FROM (").append(sqls.get(i).replace('\n', ' ')).append(")");
                }
                System.out.println(sb);
            }
            return;
        }
        Path capture = Path.of(args[0]).toAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> views = args.length > 2 ? List.of(Arrays.copyOfRange(args, 2, args.length))
                : List.of("summary", "runqlat", "biolatency", "syscount");
        String file = "'" + capture.toString().replace("'", "''") + "'";
        Map<String, List<String>> plain = PlainSql.of(file);

        System.out.println("view\tside\tfirst_ms\tmedian_ms\topen_ms\theap_peak_mb\trss_peak_mb\tresult\tcpu_ms");
        for (String view : views) {
            // jrec: CaptureDb + Reports, as `jrec report` runs it
            resetPeaks();
            long t0 = System.nanoTime();
            try (CaptureDb db = CaptureDb.open(capture)) {
                Reports r = new Reports(db);
                double openMs = (System.nanoTime() - t0) / 1e6;
                Work w = switch (view) {
                    case "summary" -> () -> r.summary(Filter.ALL, 10).top().stream().mapToLong(t -> t.rows().size()).sum();
                    case "runqlat" -> () -> r.runqlat(Filter.ALL, Grouping.NONE, Log2Histogram.Unit.USECS).groups().get(0).total();
                    case "cpudist" -> () -> r.cpudist(Filter.ALL, Grouping.NONE, Log2Histogram.Unit.USECS).groups().get(0).total();
                    case "biolatency" -> () -> r.biolatency(Filter.ALL, Grouping.NONE, Log2Histogram.Unit.USECS).groups().get(0).total();
                    case "syscount" -> () -> r.syscount(Filter.ALL, false, false, false, 10).rows().size();
                    default -> throw new IllegalArgumentException("unknown view " + view);
                };
                report(view, "jrec", openMs, w, rounds);
            }
            // plain DuckDB over read_parquet
            resetPeaks();
            t0 = System.nanoTime();
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
                double openMs = (System.nanoTime() - t0) / 1e6;
                List<String> sqls = plain.get(view);
                report(view, "duckdb", openMs, () -> {
                    long n = 0;
                    try (Statement st = c.createStatement()) {
                        for (String sql : sqls) {
                            try (ResultSet rs = st.executeQuery(sql)) {
                                while (rs.next()) n++;
                            }
                        }
                    }
                    return n;
                }, rounds);
            }
        }
    }

    static void report(String view, String side, double openMs, Work w, int rounds) throws Exception {
        double[] ms = new double[rounds], cpu = new double[rounds];
        long result = 0;
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime(), c = os.getProcessCpuTime();
            result = w.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
            cpu[i] = (os.getProcessCpuTime() - c) / 1e6;
        }
        System.out.printf("%s\t%s\t%.0f\t%.0f\t%.0f\t%.0f\t%.0f\t%d\t%.0f%n", view, side, ms[0], medianOfRest(ms), openMs, heapPeakMb(), rssPeakMb(), result,
                medianOfRest(cpu));
    }

    /** The median of the runs after the first. */
    static double medianOfRest(double[] v) {
        double[] rest = Arrays.copyOfRange(v, v.length > 1 ? 1 : 0, v.length);
        Arrays.sort(rest);
        return rest.length % 2 == 1 ? rest[rest.length / 2] : (rest[rest.length / 2 - 1] + rest[rest.length / 2]) / 2;
    }

    static void resetPeaks() throws Exception {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5"); // resets VmHWM to the current RSS
        } catch (Exception e) {
            // not Linux, or not allowed: the RSS peak is then the process's since start
        }
    }

    static double heapPeakMb() {
        long b = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) b += p.getPeakUsage().getUsed();
        return b / 1048576.0;
    }

    static double rssPeakMb() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmHWM:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
        }
        return Double.NaN;
    }

    /** The same aggregations as jrec's named queries, written straight over the file with DuckDB's defaults. */
    static final class PlainSql {
        static Map<String, List<String>> of(String f) {
            String src = "read_parquet(" + f + ")";
            String hist = """
                    WITH v AS (SELECT %2$s AS value_ns FROM %1$s WHERE kind = '%3$s' AND %2$s IS NOT NULL %4$s),
                    b AS (SELECT CASE WHEN value_ns // 1000 < 2 THEN 0 ELSE floor(log2(value_ns // 1000))::INTEGER END AS bucket, count(*) AS n FROM v GROUP BY 1),
                    s AS (SELECT count(*) AS total, quantile_cont(value_ns, [0.5, 0.99, 0.999]) AS q, max(value_ns) AS mx FROM v)
                    SELECT * FROM b, s ORDER BY bucket""";
            String syscount = """
                    SELECT syscall, count(*) AS count, count(*) FILTER (WHERE ret < 0 AND ret >= -4095) AS errors,
                           sum(dur_ns) / 1e6 AS total_ms, avg(dur_ns) / 1e3 AS avg_us, max(dur_ns) / 1e3 AS max_us
                    FROM %s WHERE kind = 'syscall' GROUP BY syscall ORDER BY count DESC, syscall LIMIT 10""".formatted(src);
            List<String> summary = List.of(
                    // top by CPU time and by off-CPU (blocked) time, in one pass as top_sched does it: per thread, the
                    // sum of wakeups (switch-in less run-queue wait) minus the sum of switch-outs is its blocked time,
                    // once an unpaired first switch-in and last switch-out are left out
                    """
                    WITH o AS (
                        SELECT pid, tid, count(*) AS n, count(*) FILTER (WHERE prev_state <> 0) AS blocked,
                               count(*) FILTER (WHERE prev_state & 2 <> 0 AND prev_state & 1024 = 0) AS d, sum(ts) AS s, min(ts) AS f,
                               max(ts) AS l, arg_max(prev_state, ts) AS ls, count(dur_ns) AS switches, sum(dur_ns) AS oncpu, arg_max(comm, ts) AS comm
                        FROM %1$s WHERE kind = 'sched_switch' AND tid <> 0 GROUP BY pid, tid
                    ), i AS (
                        SELECT next_pid AS pid, next_tid AS tid, count(*) AS n, sum(ts - coalesce(wait_ns, 0)) AS s, min(ts) AS f,
                               arg_min(ts - coalesce(wait_ns, 0), ts) AS fw, max(ts) AS l, count(wait_ns) AS timed
                        FROM %1$s WHERE kind = 'sched_switch' AND next_tid <> 0 GROUP BY next_pid, next_tid
                    ), t AS (
                        SELECT pid, o.comm, o.l, coalesce(o.switches, 0) AS switches, o.oncpu, coalesce(i.f < coalesce(o.f, 9223372036854775807), false) AS li,
                               coalesce(o.l > coalesce(i.l, -1), false) AS lo, coalesce(o.n, 0) AS no, coalesce(i.n, 0) AS ni, coalesce(o.blocked, 0) AS blocked,
                               coalesce(o.d, 0) AS d, o.ls, coalesce(o.s, 0) AS so, coalesce(i.s, 0) AS si, i.fw, coalesce(o.switches, 0) + coalesce(i.timed, 0) > 0 AS timed
                        FROM o FULL JOIN i USING (pid, tid)
                    ), p AS (
                        SELECT pid, arg_max(comm, l) AS comm, count(*) FILTER (WHERE switches > 0) AS threads, sum(switches) AS switches, sum(oncpu) AS oncpu,
                               sum(blocked - (lo AND ls <> 0)::INT) FILTER (WHERE timed AND no - lo::INT = ni - li::INT) AS blocks,
                               sum(d - (lo AND ls & 2 <> 0 AND ls & 1024 = 0)::INT) FILTER (WHERE timed AND no - lo::INT = ni - li::INT) AS d_blocks,
                               sum(greatest(si - CASE WHEN li THEN fw ELSE 0 END - so + CASE WHEN lo THEN l ELSE 0 END, 0))
                                   FILTER (WHERE timed AND no - lo::INT = ni - li::INT) AS off
                        FROM t WHERE pid <> 0 GROUP BY pid
                    )
                    SELECT * FROM (SELECT pid, comm, threads, switches, oncpu / 1e6 AS oncpu_ms, 'cpu' AS top FROM p WHERE switches > 0 ORDER BY oncpu DESC, pid LIMIT 10)
                    UNION ALL BY NAME
                    SELECT * FROM (SELECT pid, comm, blocks, off / 1e6 AS offcpu_ms, d_blocks, 'offcpu' AS top FROM p WHERE blocks > 0 ORDER BY off DESC, pid LIMIT 10)""".formatted(src),
                    // top by syscalls
                    """
                    SELECT pid, arg_max(comm, ts) AS comm, count(*) AS count, count(*) FILTER (WHERE ret < 0 AND ret >= -4095) AS errors,
                           sum(dur_ns) / 1e6 AS total_ms, avg(dur_ns) / 1e3 AS avg_us, max(dur_ns) / 1e3 AS max_us
                    FROM %s WHERE kind = 'syscall' GROUP BY pid ORDER BY count DESC, pid LIMIT 10""".formatted(src),
                    // top by block I/O
                    """
                    SELECT pid, arg_max(comm, ts) AS comm, count(*) AS io, coalesce(sum(bytes) FILTER (WHERE rwbs LIKE '%%R%%'), 0) // 1024 AS read_kb,
                           coalesce(sum(bytes) FILTER (WHERE rwbs LIKE '%%W%%'), 0) // 1024 AS write_kb, avg(dur_ns) / 1e6 AS avg_ms
                    FROM %s WHERE kind = 'block_rq_complete' GROUP BY pid ORDER BY read_kb + write_kb DESC, io DESC, pid LIMIT 10""".formatted(src),
                    // losses
                    "SELECT ts, dur_ns, source, reason, lost FROM %s WHERE kind = 'loss' ORDER BY ts LIMIT 1000".formatted(src));
            return Map.of(
                    "summary", summary,
                    "runqlat", List.of(hist.formatted(src, "wait_ns", "sched_switch", "AND next_tid <> 0")),
                    "cpudist", List.of(hist.formatted(src, "dur_ns", "sched_switch", "AND tid <> 0")),
                    "biolatency", List.of(hist.formatted(src, "dur_ns", "block_rq_complete", "")),
                    "syscount", List.of(syscount));
        }
    }
}
