package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.read.CapturedEvent;
import dev.jrec.formats.read.EventFilter;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.MetadataKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * record --ring as an SRE runs it, in its own process: a shell killed by SIGSEGV fires its trigger, jrec dump works
 * twice while it records, jrec trigger is held off after a dump, and after SIGKILL the ring it left is dumped
 * offline and recovered.
 */
class RingCommandTest {
    @TempDir Path dir;

    private static Map<String, String> footer(Path p) throws Exception {
        try (Capture c = Capture.open(p)) {
            return c.metadata().all();
        }
    }

    private static long count(Path p, EventKind kind) throws Exception {
        try (Capture c = Capture.open(p); var s = c.events(EventFilter.kinds(kind))) {
            long n = 0;
            for (CapturedEvent e : s) n++;
            return n;
        }
    }

    @Test
    void triggerDumpRecoverAsAUserRunsThem() throws Exception {
        Path ring = dir.resolve("jrec"), log = dir.resolve("record.log");
        Process rec = ChildRecorder.start(List.of(), log, "--ring", "8s", "--dir", ring.toString(), "--events", "sched,proc",
                "--trigger", "exit signal=SEGV", "--pre", "2s", "--post", "1s", "--trigger-holdoff", "1m");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("jrec: recording")) {
                if (!rec.isAlive()) {
                    Assumptions.assumeTrue(rec.exitValue() != ExitCodes.UNSUPPORTED, "this host cannot record: " + Files.readString(log));
                    fail("the recorder exited: " + Files.readString(log));
                }
                assertTrue(System.nanoTime() < deadline, "not recording after 60 s: " + Files.readString(log));
                Thread.sleep(50);
            }
            assertTrue(Files.readString(log).contains("into a ring of the last 8 s"), Files.readString(log));
            Thread.sleep(2500);
            Process crash = new ProcessBuilder("sh", "-c", "kill -SEGV $$").start();
            long crasher = crash.pid();
            crash.waitFor();

            Path first = dir.resolve("first.parquet");
            ReportCommandTest.Run d1 = ReportCommandTest.jrec("dump", "--dir", ring.toString(), "--last", "2s", "-o", first.toString());
            assertEquals(0, d1.code(), d1.err());
            assertEquals(first.toString(), d1.out().strip());
            ReportCommandTest.Run d2 = ReportCommandTest.jrec("dump", "--dir", ring.toString());
            assertEquals(0, d2.code(), d2.err());
            Path second = Path.of(d2.out().strip());
            assertTrue(second.startsWith(ring.resolve("dumps")) && Files.exists(second), d2.out());
            assertEquals("request", footer(second).get(MetadataKeys.DUMP_REASON));
            assertTrue(count(second, EventKind.SCHED_SWITCH) > count(first, EventKind.SCHED_SWITCH), "the whole ring holds more than its last 2 s");

            // the trigger's dump: written once its post-window (1 s) is recorded
            Path fired = null;
            while (fired == null && System.nanoTime() < deadline) {
                try (var s = Files.list(ring.resolve("dumps"))) {
                    fired = s.filter(p -> p.getFileName().toString().contains("-exit-signal-segv")).findFirst().orElse(null);
                }
                Thread.sleep(100);
            }
            assertNotNull(fired, "a dump for the SIGSEGV: " + Files.readString(log));
            Map<String, String> f = footer(fired);
            assertEquals("exit signal=SEGV", f.get(MetadataKeys.TRIGGER_NAME));
            assertTrue(f.get(MetadataKeys.TRIGGER_EVENT).startsWith("proc_exit pid=" + crasher + " "), f.get(MetadataKeys.TRIGGER_EVENT));
            try (Capture c = Capture.open(fired); var s = c.events(EventFilter.kinds(EventKind.PROC_EXIT))) {
                boolean found = false;
                for (CapturedEvent e : s) found |= e.pid() == crasher && (e.getInt(Column.EXIT_CODE) & 0x7f) == 11;
                assertTrue(found, "the exit that fired it is in the dump");
            }
            ReportCommandTest.Run info = ReportCommandTest.jrec("info", fired.toString());
            assertTrue(info.out().contains("trigger   'exit signal=SEGV' fired at "), info.out());
            assertTrue(Files.readString(log).contains("jrec: trigger 'exit signal=SEGV' fired at "), Files.readString(log));
            Path html = dir.resolve("fired.html");
            ReportCommandTest.Run export = ReportCommandTest.jrec("export", fired.toString(), "--as", "html", "-o", html.toString());
            assertEquals(0, export.code(), export.err());
            String page = Files.readString(html);
            assertTrue(page.contains("Dumped by the trigger <b>exit signal=SEGV</b>"), "the report says what fired it");
            assertTrue(page.contains("<line class=\"trigger\""), "and marks it on the CPUs over time");

            ReportCommandTest.Run held = ReportCommandTest.jrec("trigger", "--dir", ring.toString(), "pager alert");
            assertEquals(ExitCodes.BAD_INPUT, held.code(), held.err());
            assertTrue(held.err().contains("holdoff"), held.err());
        } finally {
            rec.destroyForcibly(); // SIGKILL: the ring stays, not marked stopped
            rec.waitFor();
        }
        Path offline = dir.resolve("offline.parquet");
        ReportCommandTest.Run left = ReportCommandTest.jrec("dump", "--dir", ring.toString(), "-o", offline.toString());
        assertEquals(0, left.code(), left.err());
        assertTrue(left.err().contains("no recorder runs in"), left.err());
        assertEquals("offline", footer(offline).get(MetadataKeys.DUMP_REASON));
        assertTrue(count(offline, EventKind.SCHED_SWITCH) > 0);

        ReportCommandTest.Run recovered = ReportCommandTest.jrec("recover", ring.toString());
        assertEquals(0, recovered.code(), recovered.err());
        assertFalse(Files.exists(ring.resolve("ring.parts")), "recovered: the ring is now a dump");
        try (var s = Files.list(ring.resolve("dumps"))) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().endsWith("-recovered.parquet")), recovered.out());
        }
        ReportCommandTest.Run none = ReportCommandTest.jrec("dump", "--dir", ring.toString());
        assertEquals(ExitCodes.BAD_INPUT, none.code(), none.err());
        assertTrue(none.err().startsWith("jrec: no ring recording in "), none.err());
    }

    @Test
    void triggersThatCannotWorkAreUsageErrors() {
        ReportCommandTest.Run r = ReportCommandTest.jrec("record", "--ring", "1m", "--dir", dir.toString(), "--trigger", "syscall > 2s");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("add syscall to --events"), r.err());
        r = ReportCommandTest.jrec("record", "--ring", "1m", "--dir", dir.toString(), "--trigger", "runqlat 50ms");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("runqlat needs a threshold"), r.err());
        r = ReportCommandTest.jrec("record", "--ring", "1m", "--pre", "50s", "--post", "20s", "--dir", dir.toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("longer than --ring"), r.err());
        r = ReportCommandTest.jrec("record", "--ring", "1m", "-o", dir.resolve("x.parquet").toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("not -o"), r.err());
    }
}
