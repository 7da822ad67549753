package dev.jrec.analysis;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** Settings every connection that runs analyses gets. */
public final class DuckDbSettings {
    /**
     * Optimizers that return wrong rows, silently, in DuckDB 1.5.2 on jrec's queries. common_subplan:
     * subtrees shared between UNION ALL arms (duckdb/duckdb#25819, fixed for 1.6 by #25831).
     * join_filter_pushdown: top_offcpu's (now top_sched's) LEFT JOIN to the process view lost its matches in about half the
     * runs, with more than one thread (DuckDbSettingsTest repeats it). Both only save work; recheck them
     * when DuckDB is upgraded.
     */
    public static final String DISABLED_OPTIMIZERS = "common_subplan,join_filter_pushdown";

    /** Environment variable: DuckDB's memory_limit for analyses, in DuckDB's notation ({@code 512MB}, {@code 4GB}). */
    public static final String MEMORY_ENV = "JREC_DUCKDB_MEMORY";
    /** Environment variable: the folder DuckDB spills to when an analysis needs more than its memory limit. */
    public static final String TEMP_ENV = "JREC_DUCKDB_TEMP";

    static final long MIB = 1L << 20;
    /** The default limit's bounds: a quarter of the RAM, but at least this ... */
    static final long MIN_DEFAULT = 256 * MIB;
    /** ... and at most this, which the largest report of a 10-million-event capture stays well under. */
    static final long MAX_DEFAULT = 1024 * MIB;

    private DuckDbSettings() {}

    /**
     * The optimizers off, and bounded memory: DuckDB's own default is 80 % of the RAM, which a report of a large
     * capture would take on a host that is busy with something else (its memory is native, outside the JVM's
     * heap limit). Past the limit DuckDB spills to the temporary folder, or fails with an out-of-memory error
     * that names the limit; {@value #MEMORY_ENV} raises it.
     */
    public static void apply(Connection c) throws SQLException {
        apply(c, System.getenv(), physicalMemory());
    }

    static void apply(Connection c, Map<String, String> env, long ramBytes) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET disabled_optimizers = '" + DISABLED_OPTIMIZERS + "'");
            String limit = memoryLimit(env, ramBytes);
            try {
                st.execute("SET memory_limit = " + CaptureDb.literal(limit));
            } catch (SQLException e) {
                throw new SQLException(MEMORY_ENV + "=" + limit + " is not a memory size DuckDB takes (e.g. 512MB, 4GB): " + Query.errorLine(e), e);
            }
            st.execute("SET temp_directory = " + CaptureDb.literal(tempDirectory(env).toString()));
        }
    }

    /** {@value #MEMORY_ENV} when set, else a quarter of {@code ramBytes} between {@link #MIN_DEFAULT} and {@link #MAX_DEFAULT}. */
    static String memoryLimit(Map<String, String> env, long ramBytes) {
        String v = env.get(MEMORY_ENV);
        if (v != null && !v.isBlank()) return v.strip();
        long quarter = ramBytes > 0 ? ramBytes / 4 : MAX_DEFAULT;
        return Math.clamp(quarter, MIN_DEFAULT, MAX_DEFAULT) / MIB + "MiB";
    }

    /** {@value #TEMP_ENV} when set, else a folder of this process's own under java.io.tmpdir (DuckDB creates it when it first spills). */
    static Path tempDirectory(Map<String, String> env) {
        String v = env.get(TEMP_ENV);
        if (v != null && !v.isBlank()) return Path.of(v.strip()).toAbsolutePath();
        return Path.of(System.getProperty("java.io.tmpdir"), "jrec-duckdb-" + ProcessHandle.current().pid()).toAbsolutePath();
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) return os.getTotalMemorySize();
        return 0;
    }
}
