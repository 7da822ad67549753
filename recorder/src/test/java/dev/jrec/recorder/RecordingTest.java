package dev.jrec.recorder;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.read.CapturedEvent;
import dev.jrec.formats.read.EventFilter;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.schema.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jrec record against real kernel events from real workloads (this machine and CI run as root). */
class RecordingTest {
    @TempDir Path dir;

    private RecordConfig config(String name, Source... sources) {
        return RecordConfig.defaults(dir.resolve(name)).withSources(EnumSet.copyOf(List.of(sources)));
    }

    private static List<CapturedEvent> read(Path p, EventKind... kinds) throws Exception {
        try (Capture c = Capture.open(p); var s = c.events(EventFilter.kinds(kinds[0], kinds))) {
            List<CapturedEvent> out = new java.util.ArrayList<>();
            s.forEach(out::add);
            return out;
        }
    }

    @Test
    void execsOfAChildAreRecordedWithFilenameAndParent() throws Exception {
        int n = 20;
        long shell;
        Recorder.Result r;
        try (LiveRecording rec = new LiveRecording(config("exec.parquet", Source.PROC))) {
            shell = Workloads.execTrue(n);
            r = rec.stop();
        }
        assertEquals("clean", r.completion());
        List<CapturedEvent> execs = read(r.output(), EventKind.PROC_EXEC).stream()
                .filter(e -> "/bin/true".equals(e.getString(Column.FILENAME)) && e.getInt(Column.PPID) == shell).toList();
        assertEquals(n, execs.size(), "one exec of /bin/true per loop iteration, parented by the shell " + shell);
        assertEquals(List.of("/bin/true"), execs.getFirst().getStrings(Column.ARGV));
        long forks = read(r.output(), EventKind.PROC_FORK).stream().filter(e -> e.pid() == shell).count();
        assertEquals(n, forks, "the shell forked once per /bin/true");
        long exits = read(r.output(), EventKind.PROC_EXIT).stream().filter(e -> e.comm().equals("true")).count();
        assertTrue(exits >= n, "every /bin/true exited: " + exits);
    }

    @Test
    void pipePingPongSwitchesAndWakeupsAreRecordedWithDerivedLatencies() throws Exception {
        int n = 2000;
        long parent;
        Recorder.Result r;
        try (LiveRecording rec = new LiveRecording(config("pingpong.parquet", Source.SCHED, Source.PROC))) {
            parent = Workloads.pingPong(n);
            r = rec.stop();
        }
        long child = read(r.output(), EventKind.PROC_FORK).stream().filter(e -> e.pid() == parent)
                .mapToLong(e -> e.getInt(Column.CHILD_PID)).findFirst().orElseThrow(() -> new AssertionError("no fork by " + parent));
        Set<Long> pair = Set.of(parent, child);
        List<CapturedEvent> switches = read(r.output(), EventKind.SCHED_SWITCH);
        long out = switches.stream().filter(e -> pair.contains((long) e.pid())).count();
        long in = switches.stream().filter(e -> pair.contains((long) e.getInt(Column.NEXT_PID))).count();
        assertTrue(out >= 2L * n, "switches out of the pair: " + out);
        assertTrue(in >= 2L * n, "switches into the pair: " + in);
        long withWait = switches.stream().filter(e -> pair.contains((long) e.getInt(Column.NEXT_PID)) && e.has(Column.WAIT_NS)).count();
        assertTrue(withWait >= 0.95 * in, "run-queue wait derived on switch-in: " + withWait + " of " + in);
        long woken = read(r.output(), EventKind.SCHED_WAKEUP).stream().filter(e -> pair.contains((long) e.pid())).count();
        assertTrue(woken >= n, "the pair woke each other: " + woken);
        // A switch whose task's times could not be stored (untimed) is still in the file: only a lost one counts.
        assertEquals(0, r.totals().lost(Source.SCHED), "no sched event lost at the default buffer: " + r.drops());
    }

    @Test
    void failedOpensAreOneSyscallRowEachWithPathAndErrno() throws Exception {
        int n = 100;
        String path = "/nonexistent/jrec-it-" + ProcessHandle.current().pid();
        long pid;
        Recorder.Result r;
        try (LiveRecording rec = new LiveRecording(config("open.parquet", Source.SYSCALL))) {
            pid = Workloads.openMissing(n, path);
            r = rec.stop();
        }
        List<CapturedEvent> opens = read(r.output(), EventKind.SYSCALL).stream()
                .filter(e -> e.pid() == pid && path.equals(e.getString(Column.PATH))).toList();
        assertEquals(n, opens.size());
        for (CapturedEvent e : opens) {
            assertEquals("openat", e.getString(Column.SYSCALL));
            assertEquals(-2, e.getLong(Column.RET), "ENOENT");
            assertTrue(e.getLong(Column.DUR_NS) > 0);
        }
        long own = read(r.output(), EventKind.SYSCALL).stream().filter(e -> e.pid() == ProcessHandle.current().pid()).count();
        assertEquals(0, own, "jrec's own syscalls are left out");
    }

    @Test
    void directWritesShowAsBlockIssueCompletePairsWithTheirSize() throws Exception {
        Path target = Files.createDirectories(Path.of(System.getProperty("user.dir"), "target", "block-it"));
        Path file = target.resolve("direct.bin");
        Recorder.Result r;
        try (LiveRecording rec = new LiveRecording(config("block.parquet", Source.BLOCK))) {
            Workloads.run("dd", "if=/dev/zero", "of=" + file, "bs=64k", "count=16", "oflag=direct", "conv=fsync");
            r = rec.stop();
        }
        Files.deleteIfExists(file);
        List<CapturedEvent> issues = read(r.output(), EventKind.BLOCK_RQ_ISSUE).stream()
                .filter(e -> "dd".equals(e.comm()) && e.getLong(Column.BYTES) == 65536 && e.getString(Column.RWBS).startsWith("W")).toList();
        assertTrue(issues.size() >= 16, "16 direct 64 KiB writes issued by dd: " + issues.size());
        Set<Long> sectors = issues.stream().map(e -> e.getLong(Column.SECTOR)).collect(Collectors.toSet());
        List<CapturedEvent> completes = read(r.output(), EventKind.BLOCK_RQ_COMPLETE).stream()
                .filter(e -> sectors.contains(e.getLong(Column.SECTOR)) && e.getLong(Column.BYTES) == 65536).toList();
        assertTrue(completes.size() >= 16, "each completed: " + completes.size());
        for (CapturedEvent c : completes) {
            assertEquals("dd", c.comm(), "completion names the issuer, not the irq context");
            assertTrue(c.getLong(Column.DUR_NS) > 0);
            assertNotNull(c.getString(Column.DISK));
        }
    }

    @Test
    void tinyBufferUnderAStormCountsDropsAndTheCaptureStillOpens() throws Exception {
        RecordConfig cfg = config("drops.parquet", Source.SCHED).withRingBytes(4096);
        Recorder.Result r;
        try (LiveRecording rec = new LiveRecording(cfg)) {
            Workloads.pingPong(20_000);
            r = rec.stop();
        }
        long drops = r.drops().get(Source.SCHED);
        assertTrue(drops > 0, "a 4 KiB ring cannot hold a 20k ping-pong between 20 ms drains");
        try (Capture c = Capture.open(r.output())) {
            assertEquals(drops, c.metadata().drops(Source.SCHED), "footer total");
            long fromRows = read(r.output(), EventKind.LOSS).stream()
                    .filter(e -> e.getString(Column.SOURCE).equals("sched")).mapToLong(e -> e.getLong(Column.LOST)).sum();
            assertEquals(drops, fromRows, "loss rows add up to the counter");
            assertEquals("signal", c.metadata().get(MetadataKeys.STOP_REASON));
        }
    }

    @Test
    void durationEndsTheRecordingAndTheFooterDescribesTheHost() throws Exception {
        Recorder.Result r = new Recorder(config("dur.parquet", Source.SCHED).withDuration(Duration.ofMillis(1500))).run((e, n, d, b) -> {});
        assertEquals("duration", r.stopReason());
        assertTrue(r.elapsedNs() >= 1_500_000_000L && r.elapsedNs() < 10_000_000_000L, "elapsed " + r.elapsedNs());
        try (Capture c = Capture.open(r.output())) {
            var md = c.metadata();
            assertEquals(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip(), md.kernelRelease());
            assertEquals(Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip(), md.get(MetadataKeys.BOOT_ID));
            assertTrue(md.events(Source.SCHED) > 0, "an idle host still switches");
            assertTrue(md.rows(EventKind.THREAD) > 0, "threads seen in events are described");
            long start = md.startNs().getAsLong(), end = md.endNs().getAsLong();
            assertTrue(end - start >= 1_500_000_000L);
            for (CapturedEvent e : read(r.output(), EventKind.SCHED_SWITCH)) {
                assertTrue(e.ts() >= start - 50_000_000L && e.ts() <= end, "event inside the span [" + start + ", " + end + "]: " + e.ts());
            }
            assertTrue(Math.abs(md.wallClock(start).toEpochMilli() - System.currentTimeMillis()) < 60_000, "wall clock offset is sane");
        }
    }
}
