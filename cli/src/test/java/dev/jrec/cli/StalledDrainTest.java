package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recorder that stops draining while its sources keep producing — what a storm does to a consumer
 * that symbolizes stacks on a loaded host (issue 11, item 1) — must explain the hole in the capture
 * with loss rows over it. Here the stall is made certain with SIGSTOP (4 s), with several sources at once;
 * loss rows used to end at the newest event drained, which is from when the ring filled, so the
 * seconds of drops after it were covered by nothing.
 */
class StalledDrainTest {
    /**
     * Bucket of the gap check: a source of this test's rates has events in every one of them, even on a
     * host that pauses the test for a moment (the 4 s stop spans at least three).
     */
    static final long BUCKET_NS = 1_000_000_000L;

    /**
     * Rings of 2M fill within about a second of the stop but leave the recorder room to keep up after it:
     * drops that went on after the stop would cover the gap even with the old accounting.
     */
    @TempDir Path dir;

    @Test
    void aStalledRecorderExplainsEveryGapWithLossRows() throws Exception {
        List<Thread> sleepers = new ArrayList<>();
        var running = new java.util.concurrent.atomic.AtomicBoolean(true);
        for (int i = 0; i < 16; i++) {
            sleepers.add(Thread.ofPlatform().daemon().name("sleeper-" + i).start(() -> {
                while (running.get()) {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        Path capture = dir.resolve("stalled.parquet"), log = dir.resolve("record.log");
        try {
            Process rec = ChildRecorder.start(List.of(), log, "-d", "8s", "--events", "sched,offcpu,syscall", "--call-graph", "fp",
                    "--buffer", "2M", "-p", Long.toString(ProcessHandle.current().pid()), "-o", capture.toString());
            waitFor(log, "jrec: recording", rec);
            Thread.sleep(1500);
            signal("STOP", rec.pid());
            Thread.sleep(4000);
            signal("CONT", rec.pid());
            ChildRecorder.finish(rec, log);
        } finally {
            running.set(false);
            for (Thread t : sleepers) t.join();
        }
        for (String[] s : new String[][] {{"sched_switch", "sched"}, {"offcpu", "offcpu"}, {"syscall", "syscall"}}) {
            long lost = sql(capture, "SELECT coalesce(sum(lost), 0) FROM loss WHERE source = '" + s[1] + "'");
            long unexplained = sql(capture, unexplainedBuckets(s[0], s[1], BUCKET_NS));
            System.out.printf("%s: %d lost, %d unexplained %d ms buckets%n", s[0], lost, unexplained, BUCKET_NS / 1_000_000);
            assertTrue(lost > 0, s[1] + ": the 4 s stop lost nothing, so this test tried nothing: " + Files.readString(log));
            assertEquals(0, unexplained, s[0] + ": buckets with neither events nor loss rows of " + s[1]);
        }
    }

    /**
     * SQL: how many buckets of {@code bucketNs}, from the recording's start (every probe attached; a source attached earlier has rows before it) to its last row, hold no row of
     * {@code view} and lie outside every loss interval of {@code source} (a loss row covers ts - dur_ns to ts).
     */
    static String unexplainedBuckets(String view, String source, long bucketNs) {
        return """
                WITH span AS (SELECT (SELECT value::BIGINT FROM capture_metadata WHERE key = 'jrec.recording.start_ns') AS lo, max(ts) AS hi FROM capture_rows),
                b AS (SELECT range AS i FROM range(0, (SELECT (hi - lo) // %3$d FROM span))),
                ev AS (SELECT DISTINCT (ts - (SELECT lo FROM span)) // %3$d AS i FROM %1$s),
                ls AS (SELECT ts - dur_ns - (SELECT lo FROM span) AS s, ts - (SELECT lo FROM span) AS e FROM loss WHERE source = '%2$s')
                SELECT count(*) FROM b
                WHERE i NOT IN (SELECT i FROM ev)
                  AND NOT EXISTS (SELECT 1 FROM ls WHERE ls.s < (b.i + 1) * %3$d AND ls.e > b.i * %3$d)
                """.formatted(view, source, bucketNs);
    }

    private static void waitFor(Path log, String line, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(log) && Files.readString(log).contains(line))) {
            if (!p.isAlive() || System.nanoTime() > deadline) ChildRecorder.finish(p, log);
            Thread.sleep(20);
        }
    }

    private static void signal(String sig, long pid) throws Exception {
        Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start();
        assertEquals(0, k.waitFor());
    }

    private static long sql(Path c, String query) {
        ReportCommandTest.Run r = ReportCommandTest.jrec("query", c.toString(), query, "--format", "csv");
        assertEquals(0, r.code(), r.err());
        return Long.parseLong(r.out().lines().skip(1).findFirst().orElseThrow().strip());
    }
}
