package dev.jrec.recorder;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.read.CapturedEvent;
import dev.jrec.formats.read.EventFilter;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.schema.Source;
import dev.jrec.formats.write.CapturePaths;
import dev.jrec.formats.write.Ring;
import dev.jrec.recorder.ring.RingOptions;
import dev.jrec.recorder.ring.Trigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** record --ring on this host's real events: triggers fired by real workloads, dumps while recording, epochs. */
class RingRecordingTest {
    private static final long S = 1_000_000_000L;
    @TempDir Path dir;

    private static RecordConfig config(Path out, long syscallMinNs, Source... sources) {
        return new RecordConfig(out, null, EnumSet.copyOf(List.of(sources)), List.of(), null, null, 0, 0, syscallMinNs, Set.of(),
                Duration.ofMillis(20), List.of("test"), RecordConfig.DEFAULT_SAMPLE_HZ, RecordConfig.DEFAULT_OFFCPU_MIN_NS,
                RecordConfig.DEFAULT_DISK_HEADROOM);
    }

    private static List<CapturedEvent> read(Path p) throws Exception {
        try (Capture c = Capture.open(p); var s = c.events(EventFilter.ALL)) {
            List<CapturedEvent> out = new ArrayList<>();
            s.forEach(out::add);
            return out;
        }
    }

    private static Map<String, String> footer(Path p) throws Exception {
        try (Capture c = Capture.open(p)) {
            return c.metadata().all();
        }
    }

    /**
     * A 0.4 s sleep (clock_nanosleep longer than 300 ms) and a shell that kills itself with SIGSEGV fire their
     * triggers; each dump holds the event that fired it, 2 s before it and 1 s after it. Two dumps asked while
     * recording are written too, and the ring stays, stopped, for dumps after the recorder is gone.
     */
    @Test
    void triggersOnRealEventsDumpTheirWindowAndDumpsAskedWhileRecordingAreWritten() throws Exception {
        List<RingOptions.Dump> written = new CopyOnWriteArrayList<>();
        RingOptions.Listener listener = collect(written);
        List<Trigger> triggers = List.of(
                Trigger.parse("syscall > 300ms name=clock_nanosleep|nanosleep comm=sleep", t -> Long.parseLong(t.replace("ms", "")) * 1_000_000),
                Trigger.parse("exit signal=SEGV|ABRT", t -> 0));
        RingOptions ring = new RingOptions(new Ring.Limits(10 * S, 0), triggers, 2 * S, S, 0, dir.resolve("dumps"), 0, 0, listener);
        Path out = dir.resolve("ring");
        long sleeper, crasher;
        Recorder.Result r;
        RingOptions.Dump asked1, asked2;
        try (LiveRecording rec = new LiveRecording(config(out, 100_000_000L, Source.SCHED, Source.PROC, Source.SYSCALL), x -> x.ring(ring))) {
            Thread.sleep(2500); // the pre-window is recorded
            Process p = new ProcessBuilder("sleep", "0.4").start();
            sleeper = p.pid();
            p.waitFor();
            Thread.sleep(1500);
            Process q = new ProcessBuilder("sh", "-c", "kill -SEGV $$").start();
            crasher = q.pid();
            q.waitFor();
            asked1 = rec.recorder().dump(3 * S, dir.resolve("asked1.parquet")).get(60, TimeUnit.SECONDS);
            asked2 = rec.recorder().dump(0, dir.resolve("asked2.parquet")).get(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + 60 * S;
            while (written.stream().filter(d -> d.trigger() != null).count() < 2 && System.nanoTime() < deadline) Thread.sleep(100);
            r = rec.stop();
        }
        assertEquals("clean", r.completion());
        assertNotNull(r.ring());
        assertTrue(Files.exists(r.ring().dir().resolve(Ring.STOPPED)), "a clean stop marks the ring");

        RingOptions.Dump slept = only(written, triggers.get(0)), crashed = only(written, triggers.get(1));
        checkTriggerDump(slept, e -> e.kind() == EventKind.SYSCALL && e.pid() == sleeper && e.getLong(Column.DUR_NS) > 300_000_000L);
        checkTriggerDump(crashed, e -> e.kind() == EventKind.PROC_EXIT && e.pid() == crasher && (e.getInt(Column.EXIT_CODE) & 0x7f) == 11);
        assertTrue(slept.path().startsWith(dir.resolve("dumps")), slept.path().toString());

        for (RingOptions.Dump d : List.of(asked1, asked2)) {
            Map<String, String> f = footer(d.path());
            assertEquals("dump", f.get(MetadataKeys.COMPLETION));
            assertEquals("request", f.get(MetadataKeys.DUMP_REASON));
            List<CapturedEvent> events = read(d.path());
            assertFalse(events.isEmpty());
            assertEquals(events.stream().filter(e -> e.kind() == EventKind.SCHED_SWITCH).count(), Long.parseLong(f.get(MetadataKeys.ROWS_PREFIX + "sched_switch")),
                    "the footer counts the rows the dump holds");
        }
        assertTrue(asked2.firstTs() <= asked1.firstTs() && asked2.lastTs() >= asked1.lastTs(), "the second dump asked for the whole ring");
        assertTrue(Long.parseLong(footer(asked2.path()).get(MetadataKeys.ROWS_PREFIX + "sched_switch"))
                >= Long.parseLong(footer(asked1.path()).get(MetadataKeys.ROWS_PREFIX + "sched_switch")), "so it holds at least as much");
        assertTrue(asked1.lastTs() - asked1.firstTs() <= 5 * S, "--last 3s: whole segments, at most a second more each side");
        assertEquals(4, r.ring().dumps());

        Ring stopped = Ring.load(r.ring().dir());
        assertArrayEquals(new long[] {r.ring().firstTs(), r.ring().lastTs()}, stopped.span(), "the stopped ring reads back");
    }

    /**
     * Two triggers that are not about one row's duration: a real OOM kill (python3 over a 32 MiB memory cgroup)
     * fires 'oom' with its victim, and two shell loops that keep both CPUs busy fire 'cpu busy > 90% for 2s'
     * once, 1 to 5 s after they start (the spell is counted in whole seconds of /proc/stat).
     */
    @Test
    void anOomKillAndBusyCpusFireTheirTriggers() throws Exception {
        List<RingOptions.Dump> written = new CopyOnWriteArrayList<>();
        RingOptions.Listener listener = collect(written);
        List<Trigger> triggers = List.of(Trigger.parse("oom", t -> 0),
                Trigger.parse("cpu busy > 90% for 2s", t -> Long.parseLong(t.replace("s", "")) * S));
        RingOptions ring = new RingOptions(new Ring.Limits(20 * S, 0), triggers, 2 * S, S, 0, dir.resolve("dumps"), 0, 0, listener);
        long burnStart;
        List<Process> burners = new ArrayList<>();
        try (LiveRecording rec = new LiveRecording(config(dir.resolve("oom"), 0, Source.SCHED, Source.PROC), x -> x.ring(ring))) {
            Thread.sleep(2500); // the pre-window is recorded
            Process oom = new ProcessBuilder("sh", "-c", Workloads.OOM).inheritIO().start();
            assertEquals(137, oom.waitFor(), "the OOM killer ended python3 (SIGKILL)");
            Thread.sleep(1500);
            burnStart = System.nanoTime();
            for (int i = 0; i < 2; i++) burners.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
            long deadline = System.nanoTime() + 60 * S;
            while (written.size() < 2 && System.nanoTime() < deadline) Thread.sleep(100);
            for (Process b : burners) b.destroyForcibly().waitFor();
            rec.stop();
        } finally {
            for (Process b : burners) b.destroyForcibly();
        }
        RingOptions.Dump killed = only(written, triggers.get(0)), busy = only(written, triggers.get(1));
        checkTriggerDump(killed, e -> e.kind() == EventKind.OOM_KILL && e.comm().equals("python3")
                && e.getLong(Column.BYTES) > 16L << 20 && e.getInt(Column.OOM_SCORE_ADJ) == 0);
        Map<String, String> f = footer(busy.path());
        long ts = Long.parseLong(f.get(MetadataKeys.TRIGGER_TS));
        // /proc/stat is read once a second: the second in which the loops started is busy enough (> 90 %) to begin the
        // spell when they started early in it, so the 2 s can begin up to a second before they did (CI: fired at 1.91 s)
        assertTrue(ts >= burnStart + S && ts <= burnStart + 5 * S, "fired 1-5 s into the spell: " + (ts - burnStart) / 1e9 + " s");
        assertTrue(f.get(MetadataKeys.TRIGGER_EVENT).matches("cpu busy=(9\\d|100)\\.\\d% over \\d+\\.\\d s \\(all CPUs\\)"), f.get(MetadataKeys.TRIGGER_EVENT));
        List<CapturedEvent> events = read(busy.path());
        Set<Long> pids = new HashSet<>();
        for (Process b : burners) pids.add(b.pid());
        assertTrue(events.stream().anyMatch(e -> e.kind() == EventKind.SCHED_SWITCH && pids.contains((long) e.pid()) && e.ts() < ts),
                "the burners' switches before the trigger are in its dump");
        assertEquals(1, written.stream().filter(d -> triggers.get(1).text().equals(d.trigger())).count(), "once per busy spell");
    }

    /** A listener that keeps the dumps written. */
    private static RingOptions.Listener collect(List<RingOptions.Dump> written) {
        return new RingOptions.Listener() {
            @Override
            public void written(RingOptions.Dump d) {
                written.add(d);
            }
        };
    }

    private static RingOptions.Dump only(List<RingOptions.Dump> written, Trigger t) {
        List<RingOptions.Dump> d = written.stream().filter(x -> t.text().equals(x.trigger())).toList();
        assertFalse(d.isEmpty(), "a dump for " + t.text() + " among " + written);
        return d.getFirst();
    }

    private void checkTriggerDump(RingOptions.Dump d, java.util.function.Predicate<CapturedEvent> firing) throws Exception {
        Map<String, String> f = footer(d.path());
        assertEquals("dump", f.get(MetadataKeys.COMPLETION));
        assertEquals(d.trigger(), f.get(MetadataKeys.TRIGGER_NAME));
        long ts = Long.parseLong(f.get(MetadataKeys.TRIGGER_TS));
        List<CapturedEvent> events = read(d.path());
        CapturedEvent fired = events.stream().filter(firing).findFirst().orElseThrow(() -> new AssertionError("the firing event is in " + d));
        List<CapturedEvent> at = events.stream().filter(firing).filter(e -> e.ts() == ts).toList();
        assertFalse(at.isEmpty(), "the trigger's ts is its event's: " + ts + " vs " + fired.ts() + " (" + f.get(MetadataKeys.TRIGGER_EVENT) + ")");
        assertTrue(f.get(MetadataKeys.TRIGGER_EVENT).contains("pid=" + fired.pid()), f.get(MetadataKeys.TRIGGER_EVENT));
        assertTrue(events.stream().anyMatch(e -> e.ts() < ts - 3 * S / 2), "the pre-window (2 s) is in it");
        assertTrue(events.stream().anyMatch(e -> e.ts() > ts + S / 2), "the post-window (1 s) is in it");
        assertTrue(events.stream().filter(e -> e.kind().source() != Source.META).noneMatch(e -> e.ts() < ts - 4 * S),
                "no event more than a segment before the pre-window");
    }

    /**
     * A 2 s ring over 14 s of on-CPU stacks: the recorder describes stacks, frames and threads again every 2 s of
     * events, so the table segments of the first seconds leave the ring, and what is left still explains every
     * stack id, frame id and (nearly) every thread its events name.
     */
    @Test
    void epochsLetOldTableSegmentsGoAndEveryReferenceStillResolves() throws Exception {
        Path out = dir.resolve("epochs");
        RingOptions ring = new RingOptions(new Ring.Limits(2 * S, 0), List.of(), 0, 0, 0, dir.resolve("dumps"), 0, 0, new RingOptions.Listener() {});
        Process burn = new ProcessBuilder("sh", "-c", "end=$(($(date +%s) + 16)); while [ $(date +%s) -lt $end ]; do :; done").start();
        Recorder.Result r;
        try (LiveRecording rec = new LiveRecording(config(out, 0, Source.SCHED, Source.PROFILE), x -> x.ring(ring))) {
            Thread.sleep(14_000);
            r = rec.stop();
        } finally {
            burn.destroyForcibly();
        }
        Path parts = CapturePaths.partsDir(out.toAbsolutePath());
        List<String> names;
        try (var files = Files.list(parts)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertFalse(names.contains("tables-000001.parquet"), "the first epoch's tables left the ring: " + names + " " + r.ring());
        Ring stopped = Ring.load(parts);
        Path all = dir.resolve("all.parquet");
        Ring.Snapshot snap = stopped.snapshot(Long.MIN_VALUE, Long.MAX_VALUE);
        snap.write(all, Map.of(), Map.of());
        List<CapturedEvent> events = read(all);
        Map<Long, long[]> stacks = new java.util.HashMap<>();
        Set<Long> frames = new HashSet<>(), referencedFrames = new HashSet<>();
        Set<Integer> threads = new HashSet<>(), named = new HashSet<>();
        long samples = 0;
        for (CapturedEvent e : events) {
            switch (e.kind()) {
                case STACK -> {
                    assertNull(stacks.put(e.getLong(Column.STACK_ID), e.getLongs(Column.FRAME_IDS)), "a stack id once per dump");
                }
                case FRAME -> frames.add(e.getLong(Column.FRAME_ID));
                case THREAD -> threads.add(e.tid());
                case CPU_SAMPLE -> {
                    samples++;
                    if (e.has(Column.STACK_ID)) {
                        long[] f = stacks.get(e.getLong(Column.STACK_ID));
                        assertNotNull(f, "stack " + e.getLong(Column.STACK_ID) + " before its sample");
                        for (long id : f) referencedFrames.add(id);
                    }
                    if (e.tid() != 0) named.add(e.tid());
                }
                default -> {}
            }
        }
        assertTrue(samples > 100, "the shell burned a CPU: " + samples + " samples");
        assertTrue(frames.containsAll(referencedFrames), "every frame of every sampled stack is described (a stack of an older epoch may outlive its frames: no event refers to it)");
        named.removeAll(threads);
        assertTrue(named.size() <= 2, "threads sampled but not described: " + named);
        assertTrue(r.ring().lastTs() - r.ring().firstTs() < 4 * S, "2 s kept (whole segments): " + (r.ring().lastTs() - r.ring().firstTs()));
    }

    /**
     * runqlat: a thread that wakes every 2 ms on CPU 1 is kept off it for 300 ms by a SCHED_FIFO busy loop pinned
     * there; the trigger fires on its switch-in, and the dump holds that switch with its wait.
     */
    @Test
    void aThreadKeptOffItsCpuByARealtimeHogFiresRunqlat() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs a CPU 1");
        List<RingOptions.Dump> written = new CopyOnWriteArrayList<>();
        Trigger t = Trigger.parse("runqlat > 50ms comm=jrec-victim", x -> Long.parseLong(x.replace("ms", "")) * 1_000_000);
        RingOptions ring = new RingOptions(new Ring.Limits(6 * S, 0), List.of(t), S, S, 0, dir.resolve("dumps"), 0, 0, collect(written));
        Process victim;
        try (LiveRecording rec = new LiveRecording(config(dir.resolve("runq"), 0, Source.SCHED), x -> x.ring(ring))) {
            victim = new ProcessBuilder("taskset", "-c", "1", Workloads.PYTHON, "-c",
                    "open('/proc/self/comm', 'w').write('jrec-victim')\nimport time\nend = time.time() + 4\nwhile time.time() < end: time.sleep(0.002)").start();
            Thread.sleep(1500);
            Workloads.run("chrt", "-f", "10", "taskset", "-c", "1", Workloads.PYTHON, "-c",
                    "import time\nend = time.time() + 0.3\nwhile time.time() < end: pass");
            victim.waitFor();
            long deadline = System.nanoTime() + 30 * S;
            while (written.isEmpty() && System.nanoTime() < deadline) Thread.sleep(100);
            rec.stop();
        }
        assertFalse(written.isEmpty(), "the victim waited > 50 ms for CPU 1: a dump");
        RingOptions.Dump d = written.getFirst();
        Map<String, String> f = footer(d.path());
        assertTrue(f.get(MetadataKeys.TRIGGER_EVENT).startsWith("sched_switch pid=" + victim.pid() + " "), f.get(MetadataKeys.TRIGGER_EVENT));
        long ts = Long.parseLong(f.get(MetadataKeys.TRIGGER_TS));
        CapturedEvent sw = read(d.path()).stream().filter(e -> e.kind() == EventKind.SCHED_SWITCH && e.ts() == ts
                && "jrec-victim".equals(e.getString(Column.NEXT_COMM))).findFirst().orElseThrow(() -> new AssertionError("the firing switch-in"));
        assertTrue(sw.getLong(Column.WAIT_NS) > 50_000_000L && sw.getLong(Column.WAIT_NS) < 2 * S, "waited " + sw.getLong(Column.WAIT_NS) + " ns");
        assertEquals(1, sw.cpu(), "on the CPU both were pinned to");
    }

    /**
     * Ring bound under a syscall storm (dd moving 1-byte blocks: millions of read/write calls): the ring's files on
     * disk, sampled every 100 ms including the segment being written, stay within --ring-size plus the growth of
     * the segment open between two checks, and the oldest segments are the ones that went.
     */
    @Test
    void aSyscallStormNeverTakesTheRingPastItsSize() throws Exception {
        long limit = 8L << 20;
        Path out = dir.resolve("storm");
        RingOptions ring = new RingOptions(new Ring.Limits(60 * S, limit), List.of(), 0, 0, 0, dir.resolve("dumps"), 0, 0, new RingOptions.Listener() {});
        Path parts = CapturePaths.partsDir(out.toAbsolutePath());
        long most = 0;
        Recorder.Result r;
        java.util.concurrent.CompletableFuture<RingOptions.Dump> stormDump = null;
        try (LiveRecording rec = new LiveRecording(config(out, 0, Source.SCHED, Source.SYSCALL), x -> x.ring(ring))) {
            Process dd = new ProcessBuilder("dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=6000000").start();
            long deadline = System.nanoTime() + 60 * S;
            long askAt = System.nanoTime() + 2 * S;
            while (dd.isAlive() && System.nanoTime() < deadline) {
                most = Math.max(most, ringBytes(parts));
                if (stormDump == null && System.nanoTime() > askAt) stormDump = rec.recorder().dump(S, dir.resolve("storm-dump.parquet"));
                Thread.sleep(100);
            }
            assertNotNull(stormDump, "dd ran for more than 2 s");
            RingOptions.Dump d = stormDump.get(60, TimeUnit.SECONDS);
            dd.destroyForcibly();
            r = rec.stop();
            long rows = read(d.path()).stream().filter(e -> e.kind() == EventKind.SYSCALL).count();
            System.out.printf("dump during the storm: %,d syscall rows over %.2f s, complete %.2f s after asked%n", rows,
                    (d.lastTs() - d.firstTs()) / 1e9, d.latencyNs() / 1e9);
            assertTrue(rows > 100_000, "the storm's syscalls are in the dump: " + rows);
            assertEquals(rows, Long.parseLong(footer(d.path()).get(MetadataKeys.ROWS_PREFIX + "syscall")),
                    "its footer counts what it holds, though the storm dropped its segments from the ring meanwhile");
        }
        most = Math.max(most, ringBytes(parts));
        long events = r.totals().events(Source.SYSCALL);
        System.out.printf("ring bound: %,d syscall events recorded, %d segments dropped, ring files at most %.1f MiB of %.1f MiB%n",
                events, r.ring().droppedSegments(), most / 1048576.0, limit / 1048576.0);
        assertTrue(r.ring().droppedSegments() > 0, "the storm filled the ring: " + r.ring());
        assertTrue(r.ring().bytes() <= limit, "closed files within --ring-size: " + r.ring().bytes());
        assertTrue(most <= limit * 5 / 4, "on disk at most " + most + " bytes for a " + limit + " byte ring");
        Ring stopped = Ring.load(parts);
        try (var files = Files.list(parts)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().equals("seg-000001.parquet")), "the oldest went first");
        }
        assertTrue(stopped.span()[1] >= r.ring().lastTs(), "the newest stayed");
        assertTrue(events >= 12_000_000L && r.totals().drops(Source.SYSCALL) == 0,
                "every read and write of dd's 6,000,000 was recorded, the dump asked in the storm notwithstanding: " + events
                + " events, " + r.totals().drops(Source.SYSCALL) + " drops");
    }

    /** Bytes of the ring's event and table files, finished or being written (not the spool). */
    private static long ringBytes(Path parts) throws java.io.IOException {
        long n = 0;
        try (var files = Files.list(parts)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("seg-") || name.startsWith("tables-")) {
                    try {
                        n += Files.size(p);
                    } catch (java.nio.file.NoSuchFileException gone) {
                        // dropped between the listing and the size
                    }
                }
            }
        }
        return n;
    }

    /** A trigger whose post-window the stop cuts short is dumped at the stop, timed from then (not from a window end to come). */
    @Test
    void theStopDumpsATriggerBeforeItsPostWindowEnds() throws Exception {
        List<RingOptions.Dump> written = new CopyOnWriteArrayList<>();
        RingOptions ring = new RingOptions(new Ring.Limits(60 * S, 0), List.of(), S, 30 * S, 0, dir.resolve("dumps"), 0, 0, collect(written));
        java.util.concurrent.CompletableFuture<RingOptions.Dump> fired;
        try (LiveRecording rec = new LiveRecording(config(dir.resolve("cut"), 0, Source.SCHED), x -> x.ring(ring))) {
            Thread.sleep(1500);
            fired = rec.recorder().trigger("test");
            Thread.sleep(500);
            rec.stop();
        }
        RingOptions.Dump d = fired.get(30, TimeUnit.SECONDS);
        assertEquals(List.of(d), written);
        assertTrue(d.latencyNs() >= 0 && d.latencyNs() < 30 * S, "timed from the cut: " + d.latencyNs());
        assertEquals("stop", footer(d.path()).get(MetadataKeys.DUMP_CUT));
    }
}
