package dev.jrec.analysis;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Turns the timeline queries' rows (only buckets with time) into {@link Timeline}'s full tables. Work per bucket, not per event. */
final class TimelineGrid {
    private TimelineGrid() {}

    /**
     * @param recordingStartNs time_s counts from it
     * @param cpuCount CPUs the host had (footer), so idle CPUs show; 0 when unknown
     */
    static Timeline build(long from, long to, long bucket, long recordingStartNs, int cpuCount, Table cpu, Table proc, Table loss) {
        int n = to <= from ? 0 : (int) ((to - from + bucket - 1) / bucket);
        int scale = bucket % 1_000_000 == 0 ? 3 : bucket % 1_000 == 0 ? 6 : 9;
        BigDecimal[] times = new BigDecimal[n];
        long[] span = new long[n];
        for (int b = 0; b < n; b++) {
            long s = from + b * bucket;
            times[b] = BigDecimal.valueOf(s - recordingStartNs).movePointLeft(9).setScale(scale, RoundingMode.HALF_UP);
            span[b] = Math.min(s + bucket, to) - s;
        }
        boolean[] lost = new boolean[n];
        for (List<Object> r : loss.rows()) {
            long b = ((Number) r.get(loss.column("bucket"))).longValue();
            if (b >= 0 && b < n) lost[(int) b] = true;
        }

        TreeSet<Integer> cpus = new TreeSet<>();
        for (int c = 0; c < cpuCount; c++) cpus.add(c);
        Map<Long, List<Object>> cpuRows = new HashMap<>();
        int cb = cpu.column("bucket"), cc = cpu.column("cpu");
        for (List<Object> r : cpu.rows()) {
            int c = ((Number) r.get(cc)).intValue();
            cpus.add(c);
            cpuRows.put(key(((Number) r.get(cb)).longValue(), c), r);
        }
        List<List<Object>> cpuOut = new ArrayList<>(n * cpus.size());
        for (int b = 0; b < n; b++) {
            for (int c : cpus) {
                List<Object> r = cpuRows.get(key(b, c));
                long busy = r == null ? 0 : ((Number) r.get(cpu.column("busy_ns"))).longValue();
                cpuOut.add(Arrays.asList(times[b], c, pct(busy, span[b]), r == null ? null : r.get(cpu.column("top_comm")),
                        r == null ? null : r.get(cpu.column("top_pid")),
                        r == null ? null : pct(((Number) r.get(cpu.column("top_ns"))).longValue(), span[b]), lost[b]));
            }
        }

        Map<Integer, String> processes = new LinkedHashMap<>();
        Map<Long, List<Object>> procRows = new HashMap<>();
        int pb = proc.column("bucket"), pp = proc.column("pid"), pc = proc.column("comm"), pr = proc.column("rank");
        List<List<Object>> byRank = new ArrayList<>(proc.rows());
        byRank.sort((x, y) -> Long.compare(((Number) x.get(pr)).longValue(), ((Number) y.get(pr)).longValue()));
        for (List<Object> r : byRank) {
            int pid = ((Number) r.get(pp)).intValue();
            processes.putIfAbsent(pid, (String) r.get(pc));
            procRows.put(key(((Number) r.get(pb)).longValue(), pid), r);
        }
        List<List<Object>> procOut = new ArrayList<>(n * processes.size());
        for (int b = 0; b < n; b++) {
            for (Map.Entry<Integer, String> p : processes.entrySet()) {
                List<Object> r = procRows.get(key(b, p.getKey()));
                procOut.add(Arrays.asList(times[b], p.getKey(), p.getValue(), ms(r, proc, "run_ns"), ms(r, proc, "runnable_ns"),
                        ms(r, proc, "blocked_ns"), lost[b]));
            }
        }
        return new Timeline(from, to, bucket, new Table("cpu timeline", Timeline.cpuColumns(), cpuOut),
                new Table("process timeline", Timeline.processColumns(), procOut));
    }

    private static long key(long bucket, int id) {
        return bucket << 24 ^ (id & 0xffffffL);
    }

    private static BigDecimal pct(long ns, long span) {
        if (span <= 0) return BigDecimal.ZERO.setScale(1);
        return BigDecimal.valueOf(ns * 100.0 / span).setScale(1, RoundingMode.HALF_UP);
    }

    private static BigDecimal ms(List<Object> r, Table t, String column) {
        long ns = r == null ? 0 : ((Number) r.get(t.column(column))).longValue();
        return BigDecimal.valueOf(ns).movePointLeft(6).setScale(3, RoundingMode.HALF_UP);
    }
}
