package dev.jrec.analysis;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * runqlen on a real capture, against a sweep in Java over the raw sched_switch rows (the file's own columns,
 * not the views): each wait adds one to its CPU's queue from switch-in minus wait_ns to the switch-in.
 */
class RunqlenTest {
    @Test
    void timeAtEachQueueLengthIsTheSweepOfTheWaits() throws Exception {
        try (CaptureDb db = CaptureDb.open(SampleCapturesTest.capture("cpu-contention"))) {
            Reports r = new Reports(db);
            long lo = r.startNs();
            long hi = ((Number) SampleCapturesTest.rows(db, "SELECT max(ts) FROM capture_rows WHERE kind = 'sched_switch'").get(0).get(0)).longValue();
            Map<Integer, TreeMap<Long, Integer>> deltas = new TreeMap<>();
            for (List<Object> row : SampleCapturesTest.rows(db, "SELECT cpu, ts, wait_ns, next_tid FROM capture_rows WHERE kind = 'sched_switch'")) {
                int cpu = ((Number) row.get(0)).intValue();
                long ts = ((Number) row.get(1)).longValue();
                TreeMap<Long, Integer> d = deltas.computeIfAbsent(cpu, c -> new TreeMap<>());
                d.merge(lo, 0, Integer::sum);
                if (row.get(2) == null || ((Number) row.get(3)).intValue() == 0 || ts <= lo) continue;
                long start = Math.max(lo, ts - ((Number) row.get(2)).longValue());
                if (ts <= start) continue;
                d.merge(start, 1, Integer::sum);
                d.merge(ts, -1, Integer::sum);
            }
            List<String> expected = new ArrayList<>();
            for (var cpu : deltas.entrySet()) {
                TreeMap<Integer, Long> time = new TreeMap<>();
                int level = 0;
                long at = lo;
                for (var e : cpu.getValue().entrySet()) {
                    if (e.getKey() > at) time.merge(level, e.getKey() - at, Long::sum);
                    level += e.getValue();
                    at = Math.max(at, e.getKey());
                }
                if (hi > at) time.merge(level, hi - at, Long::sum);
                time.forEach((n, ns) -> expected.add(String.format("cpu %d runqlen %d %.3f ms %.2f%%", cpu.getKey(), n, ns / 1e6, 100.0 * ns / (hi - lo))));
            }
            Table t = Query.named("runqlen").table(db.connection(), params(lo));
            List<String> actual = t.rows().stream().map(row -> String.format("cpu %d runqlen %d %.3f ms %.2f%%",
                    row.get(0), row.get(1), ((Number) row.get(2)).doubleValue(), ((Number) row.get(3)).doubleValue())).toList();
            assertEquals(expected, actual);
            assertTrue(actual.stream().anyMatch(s -> s.matches("cpu \\d+ runqlen [2-9].*")), "4 busy loops on 2 CPUs queue 2 or more at times: " + actual);
        }
    }

    private static Map<String, Object> params(long start) {
        Map<String, Object> p = Filter.ALL.params();
        p.put("start_ns", start);
        return p;
    }
}
