package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.testing.SampleEvents;
import dev.jrec.formats.write.CapturePaths;
import dev.jrec.formats.write.CaptureWriter;
import dev.jrec.formats.write.EventBatch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jrec command on the runtime classpath a production host gets (no Hadoop, no JavaFX). */
class CliTest {
    @TempDir Path dir;

    record Run(int code, String out, String err) {}

    static Run jrec(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Jrec.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path capture(boolean finish) throws Exception {
        Path p = dir.resolve("c.parquet");
        EventBatch b = new EventBatch(3000);
        Random rnd = new Random(3);
        for (int i = 0; i < 1000; i++) SampleEvents.add(b, EventKind.SCHED_SWITCH, 1_000_000_000L + i * 1000L, rnd);
        for (int i = 0; i < 10; i++) SampleEvents.add(b, EventKind.LOSS, 1_000_000_000L + i * 100_000L, rnd);
        CaptureWriter w = CaptureWriter.create(p, SampleEvents.recordingMetadata(), CaptureWriter.Options.defaults());
        w.write(b);
        if (finish) w.close(Map.of(MetadataKeys.END_TS, "2000000000"));
        else { // as if the process died right after a segment closed
            w.flush();
            w.abandon();
        }
        return p;
    }

    @Test
    void hadoopIsNotOnTheRuntimeClasspath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.hadoop.conf.Configuration"));
    }

    @Test
    void infoPrintsSpanSourcesAndKinds() throws Exception {
        Run r = jrec("info", capture(true).toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("host      testhost"), r.out());
        assertTrue(r.out().contains("(1.00 s)"), "span from start_ns to end_ns: " + r.out());
        assertTrue(r.out().matches("(?s).*sched\\s+1,000\\s+\\d[\\d,]*\\s+<- lost events.*"), r.out());
        assertTrue(r.out().matches("(?s).*sched_switch\\s+1,000.*"), r.out());
        assertTrue(r.out().matches("(?s).*total\\s+1,010.*"), r.out());
    }

    @Test
    void badInputIsOneLineAndExitCode3() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.parquet"), "hello");
        Run r = jrec("info", text.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("jrec: "), r.err());
        assertEquals("", r.out());
    }

    @Test
    void recoverFinishesAnInterruptedCapture() throws Exception {
        Path p = capture(false);
        Run before = jrec("info", p.toString());
        assertEquals(ExitCodes.BAD_INPUT, before.code());
        assertTrue(before.err().contains("run 'jrec recover"), before.err());

        Run r = jrec("recover", p.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1,010 rows from 1 segments"), r.out());
        assertFalse(Files.exists(CapturePaths.partsDir(p)));
        Run after = jrec("info", p.toString());
        assertEquals(0, after.code(), after.err());
        assertTrue(after.out().contains("recovered"), after.out());

        Run again = jrec("recover", p.toString());
        assertEquals(ExitCodes.BAD_INPUT, again.code());
        assertTrue(again.err().contains("nothing to recover"), again.err());
        assertFalse(r.err().contains("spool"), "no spool, no warning: " + r.err());
    }

    @Test
    void recoverSaysWhatTheSpoolHeldThatTheCaptureDoesNot() throws Exception {
        Path p = capture(false);
        Files.write(CapturePaths.partsDir(p).resolve(CapturePaths.SPOOL), new byte[5 << 20]);
        Run r = jrec("recover", p.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("the recorder's spool has no header to read it by") && r.err().contains("(its spill file held 5.0 MiB)"),
                r.err());
        assertFalse(Files.exists(CapturePaths.partsDir(p)));
    }

    @Test
    void viewsPrintsSqlThatDuckDbRuns() throws Exception {
        Run r = jrec("views", capture(true).toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("CREATE OR REPLACE VIEW sched_switch AS"), r.out());
        assertTrue(r.out().contains("-- @column prev_oncpu_ns BIGINT"), r.out());
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement()) {
            for (String sql : r.out().split(";\n")) if (!sql.isBlank()) st.execute(sql);
            try (var rs = st.executeQuery("SELECT count(*) FROM sched_switch")) {
                assertTrue(rs.next());
                assertEquals(1000, rs.getLong(1));
            }
        }
    }

    @Test
    void usageErrorsExit2() {
        assertEquals(ExitCodes.USAGE, jrec("info").code());
        assertEquals(ExitCodes.USAGE, jrec("frobnicate").code());
        Run bad = jrec("record", "--buffer", "3M");
        assertEquals(ExitCodes.USAGE, bad.code());
        assertEquals(List.of("jrec: --buffer must be a power of two between 4K and 1G, e.g. 16M (got 3M)",
                "jrec: see 'jrec record --help'"), bad.err().lines().toList(), "one line and a pointer, not the whole help");
        Run dir = jrec("record", "-o", "/nonexistent-jrec-dir/x.parquet");
        assertEquals(ExitCodes.USAGE, dir.code());
        assertTrue(dir.err().contains("directory /nonexistent-jrec-dir does not exist"), dir.err());
        assertFalse(Files.exists(Path.of("/nonexistent-jrec-dir")), "nothing created");
        Run help = jrec("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("Exit codes:"));
    }
}
