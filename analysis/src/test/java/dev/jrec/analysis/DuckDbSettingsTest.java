package dev.jrec.analysis;

import static dev.jrec.analysis.KnownCapture.MS;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DuckDB optimizers {@link DuckDbSettings} turns off gave wrong answers at random; this query caught it. */
class DuckDbSettingsTest {
    @TempDir Path dir;

    @Test
    void processNamesJoinEveryTime() throws Exception {
        Path p = KnownCapture.standard().write(dir.resolve("known.parquet"), 3000 * MS);
        var params = QueryContractTest.anyParams();
        for (int i = 0; i < 20; i++) {
            try (CaptureDb db = CaptureDb.open(p)) {
                DuckDbSettings.apply(db.connection());
                Table t = Query.named("top_sched").table(db.connection(), params);
                assertEquals("app-main", t.get(0, "comm"), "run " + i);
                assertEquals("postgres", t.get(1, "comm"), "run " + i);
            }
        }
    }

    @Test
    void memoryIsBoundedToAQuarterOfTheRamWithinLimits() {
        long gib = 1024 * DuckDbSettings.MIB;
        assertEquals("512MiB", DuckDbSettings.memoryLimit(java.util.Map.of(), 2 * gib));
        assertEquals("1024MiB", DuckDbSettings.memoryLimit(java.util.Map.of(), 64 * gib), "at most 1 GiB");
        assertEquals("256MiB", DuckDbSettings.memoryLimit(java.util.Map.of(), gib / 2), "at least 256 MiB");
        assertEquals("1024MiB", DuckDbSettings.memoryLimit(java.util.Map.of(), 0), "RAM unknown");
        assertEquals("6GB", DuckDbSettings.memoryLimit(java.util.Map.of(DuckDbSettings.MEMORY_ENV, " 6GB "), 2 * gib));
        assertEquals(Path.of("/var/tmp/x"), DuckDbSettings.tempDirectory(java.util.Map.of(DuckDbSettings.TEMP_ENV, "/var/tmp/x")));
        assertTrue(DuckDbSettings.tempDirectory(java.util.Map.of()).getFileName().toString().startsWith("jrec-duckdb-"));
    }

    private static Object one(java.sql.Statement st, String sql) throws Exception {
        try (var rs = st.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getObject(1);
        }
    }

    /** Past the limit DuckDB spills to the temporary folder instead of growing; without a folder it fails. */
    @Test
    void anAnalysisLargerThanTheLimitSpills() throws Exception {
        Path temp = dir.resolve("spill");
        var env = java.util.Map.of(DuckDbSettings.MEMORY_ENV, "30MB", DuckDbSettings.TEMP_ENV, temp.toString());
        // a sort of 3 million rows with a string each: about 100 MB of data through 30 MB
        String sort = "SELECT sum(r * i) FROM (SELECT row_number() OVER (ORDER BY h) AS r, i, s FROM "
                + "(SELECT i, hash(i) AS h, repeat('x', 10 + i % 20) AS s FROM range(3000000) t(i)))";
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement()) {
            DuckDbSettings.apply(c, env, 0);
            try (var rs = st.executeQuery("SELECT current_setting('memory_limit'), current_setting('temp_directory')")) {
                assertTrue(rs.next());
                assertEquals("28.6 MiB", rs.getString(1));
                assertEquals(temp.toString(), rs.getString(2));
            }
            Object bounded = one(st, sort);
            try (var u = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var ust = u.createStatement()) {
                assertEquals(one(ust, sort), bounded, "the same answer as without a limit");
            }
        }
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement()) {
            DuckDbSettings.apply(c, env, 0);
            st.execute("SET temp_directory = ''"); // nowhere to spill
            var oom = assertThrows(java.sql.SQLException.class, () -> st.executeQuery(sort).close());
            assertTrue(oom.getMessage().contains("Out of Memory"), oom.getMessage());
        }
        var e = assertThrows(java.sql.SQLException.class, () -> {
            try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:")) {
                DuckDbSettings.apply(c, java.util.Map.of(DuckDbSettings.MEMORY_ENV, "lots"), 0);
            }
        });
        assertTrue(e.getMessage().startsWith("JREC_DUCKDB_MEMORY=lots is not a memory size DuckDB takes"), e.getMessage());
    }
}
