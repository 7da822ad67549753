package dev.jrec.analysis;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.read.CaptureFormatException;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.testing.SampleEvents;
import dev.jrec.formats.write.CaptureWriter;
import dev.jrec.formats.write.EventBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureDbTest {
    @TempDir static Path dir;
    static Path capture;
    static final int PER_KIND = 50;

    @BeforeAll
    static void writeCapture() throws Exception {
        capture = dir.resolve("it's a capture.parquet"); // a quote in the path must not break the views
        EventBatch b = new EventBatch(PER_KIND * EventKind.values().length);
        Random rnd = new Random(5);
        long ts = 0;
        for (int i = 0; i < PER_KIND; i++) for (EventKind k : EventKind.values()) SampleEvents.add(b, k, ts += 1000, rnd);
        try (CaptureWriter w = CaptureWriter.create(capture, SampleEvents.recordingMetadata(), CaptureWriter.Options.defaults())) {
            w.write(b);
        }
    }

    private static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    @Test
    void everyKindViewSeesItsRows() throws Exception {
        Map<String, Long> expected = new HashMap<>();
        expected.put("sched_switch", (long) PER_KIND);
        expected.put("sched_wakeup", 2L * PER_KIND); // wakeup and wakeup_new
        expected.put("sched_migrate", (long) PER_KIND);
        expected.put("proc_exec", (long) PER_KIND);
        expected.put("proc_fork", (long) PER_KIND);
        expected.put("proc_exit", (long) PER_KIND);
        expected.put("block_rq_issue", (long) PER_KIND);
        expected.put("block_rq_complete", (long) PER_KIND);
        expected.put("syscall", (long) PER_KIND);
        expected.put("cpu_sample", (long) PER_KIND);
        expected.put("offcpu", (long) PER_KIND);
        expected.put("loss", (long) PER_KIND);
        expected.put("frame", (long) PER_KIND);
        expected.put("stack_frame", 3L * PER_KIND); // three frames per stack row
        try (CaptureDb db = CaptureDb.open(capture); Statement st = db.connection().createStatement()) {
            for (var e : expected.entrySet()) assertEquals(e.getValue(), count(st, "SELECT count(*) FROM " + e.getKey()), e.getKey());
            assertTrue(count(st, "SELECT count(*) FROM thread") <= 50, "one row per tid");
            assertEquals(0, count(st, "SELECT count(*) FROM block_rq_complete WHERE latency_ns IS NULL"));
            assertEquals(0, count(st, "SELECT count(*) FROM syscall WHERE start_ts > ts"));
            assertEquals(1, count(st, "SELECT count(*) FROM capture_metadata WHERE key = 'jrec.format.version' AND value = '1.0'"));
        }
    }

    /** Perfetto-style contract: every column of every view is declared with an @column line, in order. */
    @Test
    void everyViewColumnIsDocumented() throws Exception {
        Pattern view = Pattern.compile("CREATE OR REPLACE VIEW (\\w+) AS");
        Pattern col = Pattern.compile("^-- @column (\\w+) (\\S+) .+$", Pattern.MULTILINE);
        Set<String> seen = new HashSet<>();
        try (CaptureDb db = CaptureDb.open(capture); Statement st = db.connection().createStatement()) {
            for (String module : CaptureDb.MODULES) {
                for (String block : CaptureDb.module(module).split("\n\n")) {
                    Matcher v = view.matcher(block);
                    if (!v.find()) continue;
                    String name = v.group(1);
                    assertTrue(seen.add(name), "view defined twice: " + name);
                    Matcher c = col.matcher(block);
                    StringBuilder documented = new StringBuilder(), actual = new StringBuilder();
                    while (c.find()) documented.append(c.group(1)).append(' ').append(c.group(2)).append('\n');
                    try (ResultSet rs = st.executeQuery("DESCRIBE " + name)) {
                        while (rs.next()) actual.append(rs.getString("column_name")).append(' ').append(rs.getString("column_type")).append('\n');
                    }
                    assertEquals(actual.toString(), documented.toString(), "columns of view " + name + " in views/" + module + ".sql");
                }
            }
        }
        assertTrue(seen.size() >= 15, "views found: " + seen);
    }

    @Test
    void badInputIsRefusedBeforeDuckDbSeesIt() throws Exception {
        Path text = Files.writeString(dir.resolve("x.parquet"), "not parquet");
        var e = assertThrows(CaptureFormatException.class, () -> CaptureDb.open(text));
        assertTrue(e.getMessage().contains("is not a Parquet file"));
    }
}
