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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
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

    private static String text(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getString(1);
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
        for (String tcp : List.of("tcp_state", "tcp_accept", "tcp_retransmit", "tcp_send_reset", "tcp_receive_reset", "tcp_drop")) {
            expected.put(tcp, (long) PER_KIND);
        }
        expected.put("signal", (long) PER_KIND);
        expected.put("hung_task", (long) PER_KIND);
        expected.put("loss", (long) PER_KIND);
        expected.put("frame", (long) PER_KIND);
        expected.put("stack_frame", 3L * PER_KIND); // three frames per stack row
        try (CaptureDb db = CaptureDb.open(capture); Statement st = db.connection().createStatement()) {
            for (var e : expected.entrySet()) assertEquals(e.getValue(), count(st, "SELECT count(*) FROM " + e.getKey()), e.getKey());
            assertTrue(count(st, "SELECT count(*) FROM thread") <= 50, "one row per tid");
            assertEquals(0, count(st, "SELECT count(*) FROM block_rq_complete WHERE latency_ns IS NULL"));
            assertEquals(0, count(st, "SELECT count(*) FROM syscall WHERE start_ts > ts"));
            assertEquals(1, count(st, "SELECT count(*) FROM capture_metadata WHERE key = 'jrec.format.version' AND value = '" + dev.jrec.formats.schema.FormatVersion.CURRENT + "'"));
        }
    }

    /** A definition in a view module: the module, the block of comment lines and SQL it is in, and the match. */
    record Definition(String module, String block, Matcher match) {
        String name() {
            return match.group(1);
        }
    }

    /** Every block of every view module that {@code p} finds, each name once. */
    static List<Definition> definitions(Pattern p) {
        List<Definition> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String module : CaptureDb.MODULES) {
            for (String block : CaptureDb.module(module).split("\n\n")) {
                Matcher m = p.matcher(block);
                if (!m.find()) continue;
                assertTrue(seen.add(m.group(1)), "defined twice: " + m.group(1));
                out.add(new Definition(module, block, m));
            }
        }
        return out;
    }

    private static final Pattern COLUMN = Pattern.compile("^-- @column (\\w+) (\\S+) .+$", Pattern.MULTILINE);

    /** The @column lines of a block as "name TYPE" lines, and the columns DuckDB describes for {@code sql}, alike. */
    static void assertColumns(Statement st, Definition d, String sql) throws Exception {
        StringBuilder documented = new StringBuilder(), actual = new StringBuilder();
        for (Matcher c = COLUMN.matcher(d.block()); c.find(); ) documented.append(c.group(1)).append(' ').append(c.group(2)).append('\n');
        try (ResultSet rs = st.executeQuery("DESCRIBE " + sql)) {
            while (rs.next()) actual.append(rs.getString("column_name")).append(' ').append(rs.getString("column_type")).append('\n');
        }
        assertEquals(actual.toString(), documented.toString(), "columns of " + d.name() + " in views/" + d.module() + ".sql");
    }

    /** Perfetto-style contract: every column of every view is declared with an @column line, in order. */
    @Test
    void everyViewColumnIsDocumented() throws Exception {
        List<Definition> views = definitions(Pattern.compile("CREATE OR REPLACE VIEW (\\w+) AS"));
        try (CaptureDb db = CaptureDb.open(capture); Statement st = db.connection().createStatement()) {
            for (Definition v : views) assertColumns(st, v, v.name());
        }
        assertTrue(views.size() >= 15, "views found: " + views.stream().map(Definition::name).toList());
    }

    /**
     * The macros are documented like the views: what they take ({@code @arg}) and give ({@code @returns} a type,
     * or the {@code @column}s of a table macro), and the documentation is true.
     */
    @Test
    void everyMacroIsDocumentedAndTyped() throws Exception {
        Pattern arg = Pattern.compile("^-- @arg (\\w+) (\\S+) .+$", Pattern.MULTILINE);
        Pattern returns = Pattern.compile("^-- @returns (\\w+(?:\\([^)]*\\))?)", Pattern.MULTILINE);
        // a call of each with values of the documented types
        Map<String, String> calls = new java.util.HashMap<>();
        calls.put("rwbs_parts", "SELECT rwbs_parts('WS')");
        calls.put("bio_flags", "SELECT bio_flags('WS')");
        calls.put("comm_matches", "SELECT comm_matches(1::INTEGER, 'svc-w1', 'svc')");
        calls.put("tcp_flag_names", "SELECT tcp_flag_names(18::BIGINT)");
        calls.put("ip_version", "SELECT ip_version('::ffff:10.0.0.1')");
        calls.put("signal_name", "SELECT signal_name(9::INTEGER)");
        calls.put("container_id", "SELECT container_id('/system.slice/docker-" + "a".repeat(64) + ".scope')");
        calls.put("pod_uid", "SELECT pod_uid('/kubepods.slice/x')");
        calls.put("cgroup_label", "SELECT cgroup_label('/system.slice/x.service')");
        calls.put("lock_function", "SELECT lock_function('rwsem_down_write_slowpath')");
        calls.put("log2_bucket", "SELECT log2_bucket(4000::BIGINT, 1000::BIGINT)");
        calls.put("thread_intervals", "SELECT * FROM thread_intervals([]::INTEGER[], NULL::VARCHAR, []::INTEGER[])");
        calls.put("log2_histogram", "WITH v AS (SELECT '1' AS group_key, 'x' AS group_name, 0::BIGINT AS ts, 5::BIGINT AS value_ns) " + "SELECT * FROM log2_histogram('v', 'pid', 1000::BIGINT)");
        List<Definition> macros = definitions(Pattern.compile("CREATE OR REPLACE MACRO (\\w+)\\(([^)]*)\\) AS( TABLE)?"));
        try (CaptureDb db = CaptureDb.open(capture); Statement st = db.connection().createStatement()) {
            for (Definition m : macros) {
                String name = m.name(), where = " of macro " + name + " in views/" + m.module() + ".sql";
                StringBuilder args = new StringBuilder();
                for (Matcher a = arg.matcher(m.block()); a.find(); ) args.append(args.isEmpty() ? "" : ", ").append(a.group(1));
                assertEquals(m.match().group(2), args.toString(), "-- @arg lines" + where);
                assertTrue(calls.containsKey(name), "no call of macro " + name + " in this test");
                if (m.match().group(3) != null) {
                    assertColumns(st, m, calls.get(name));
                } else {
                    Matcher r = returns.matcher(m.block());
                    assertTrue(r.find(), "-- @returns line" + where);
                    try (ResultSet rs = st.executeQuery("DESCRIBE " + calls.get(name))) {
                        assertTrue(rs.next());
                        assertEquals(r.group(1), rs.getString("column_type"), "type" + where);
                    }
                }
            }
            Set<String> seen = new HashSet<>(macros.stream().map(Definition::name).toList());
            assertEquals(calls.keySet(), seen);
            assertEquals("SYN|ACK", text(st, "SELECT tcp_flag_names(18)"));
            assertEquals("FIN|PSH|ACK", text(st, "SELECT tcp_flag_names(25)"));
            assertEquals("", text(st, "SELECT tcp_flag_names(0)"));
            assertEquals("6", text(st, "SELECT ip_version('::ffff:10.0.0.1')"));
            assertEquals("4", text(st, "SELECT ip_version('10.0.0.1')"));
            String id = "4f3c2a1b9d8e" + "0123456789abcdef".repeat(3) + "0123";
            String pod = "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1b2c3d4e_5f6a_4b7c_8d9e_0f1a2b3c4d5e.slice";
            for (String cg : List.of("/system.slice/docker-" + id + ".scope", "/docker/" + id, "/machine.slice/libpod-" + id + ".scope",
                    "/" + pod + "/cri-containerd-" + id + ".scope", "/" + pod + "/crio-" + id + ".scope")) {
                assertEquals(id, text(st, "SELECT container_id('" + cg + "')"), cg);
                assertEquals("container 4f3c2a1b9d8e", text(st, "SELECT cgroup_label('" + cg + "')"), cg);
            }
            assertEquals("1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e", text(st, "SELECT pod_uid('/" + pod + "/cri-containerd-" + id + ".scope')"));
            assertEquals("1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e", text(st, "SELECT pod_uid('/kubepods/burstable/pod1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e/" + id + "')"));
            assertEquals("pod 1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e", text(st, "SELECT cgroup_label('/" + pod + "')"));
            assertEquals(null, text(st, "SELECT container_id('/user.slice/user-0.slice/session-3.scope')"));
            assertEquals("", text(st, "SELECT cgroup_label('/system.slice/nginx.service')"));
            assertEquals(List.of("KILL", "TERM", "CHLD", "RTMIN+2"), List.of(text(st, "SELECT signal_name(9)"), text(st, "SELECT signal_name(15)"),
                    text(st, "SELECT signal_name(17)"), text(st, "SELECT signal_name(36)")));
            assertEquals(List.of("true", "true", "true", "false", "false"), List.of(text(st, "SELECT lock_function('_raw_spin_lock_irqsave')"),
                    text(st, "SELECT lock_function('down_write_killable')"), text(st, "SELECT lock_function('__mutex_lock.constprop.0')"),
                    text(st, "SELECT lock_function('__vm_munmap')"), text(st, "SELECT lock_function('do_user_addr_fault')")));
            // log2_bucket: BCC's buckets, values truncated to whole units first
            assertEquals(0, count(st, "SELECT log2_bucket(0, 1000)"));
            assertEquals(0, count(st, "SELECT log2_bucket(1999, 1000)"));
            assertEquals(1, count(st, "SELECT log2_bucket(2000, 1000)"));
            assertEquals(1, count(st, "SELECT log2_bucket(3999, 1000)"));
            assertEquals(2, count(st, "SELECT log2_bucket(4000, 1000)"));
            assertEquals(10, count(st, "SELECT log2_bucket(2047, 1)"));
            assertEquals(11, count(st, "SELECT log2_bucket(2048, 1)"));
        }
    }

    /** bio_flags names every rwbs blk_fill_rwbs can write as libbpf-tools' biolatency -F does. */
    @Test
    void bioFlagsNameRwbsAsBiolatencyDoes() throws Exception {
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("R", "Read");
        expected.put("W", "Write");
        expected.put("WS", "Sync-Write");
        expected.put("F", "Flush");
        expected.put("FF", "PreFlush-Flush"); // the flush machinery's REQ_OP_FLUSH | REQ_PREFLUSH
        expected.put("FWS", "PreFlush-Sync-Write");
        expected.put("WFS", "FUA-Sync-Write");
        expected.put("FWFS", "PreFlush-FUA-Sync-Write");
        expected.put("RA", "ReadAhead-Read");
        expected.put("RM", "Metadata-Read");
        expected.put("RSM", "Metadata-Sync-Read");
        expected.put("RAS", "ReadAhead-Sync-Read");
        expected.put("D", "Discard");
        expected.put("DE", "SecureErase");
        expected.put("N", "Unknown");
        expected.put("X", "X"); // not an rwbs: as it is
        try (CaptureDb db = CaptureDb.open(capture); Statement st = db.connection().createStatement()) {
            for (Map.Entry<String, String> e : expected.entrySet()) {
                try (ResultSet rs = st.executeQuery("SELECT bio_flags('" + e.getKey() + "')")) {
                    assertTrue(rs.next());
                    assertEquals(e.getValue(), rs.getString(1), "rwbs " + e.getKey());
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT bio_flags(NULL::VARCHAR)")) {
                assertTrue(rs.next());
                assertNull(rs.getString(1));
            }
        }
    }

    @Test
    void badInputIsRefusedBeforeDuckDbSeesIt() throws Exception {
        Path text = Files.writeString(dir.resolve("x.parquet"), "not parquet");
        var e = assertThrows(CaptureFormatException.class, () -> CaptureDb.open(text));
        assertTrue(e.getMessage().contains("is not a Parquet file"));
    }
}
