package dev.jrec.analysis;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Settings every connection that runs analyses gets. */
public final class DuckDbSettings {
    /**
     * Optimizers that return wrong rows, silently, in DuckDB 1.5.2 on jrec's queries. common_subplan:
     * subtrees shared between UNION ALL arms (duckdb/duckdb#25819, fixed for 1.6 by #25831).
     * join_filter_pushdown: top_offcpu's LEFT JOIN to the process view lost its matches in about half the
     * runs, with more than one thread (DuckDbSettingsTest repeats it). Both only save work; recheck them
     * when DuckDB is upgraded.
     */
    public static final String DISABLED_OPTIMIZERS = "common_subplan,join_filter_pushdown";

    private DuckDbSettings() {}

    public static void apply(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET disabled_optimizers = '" + DISABLED_OPTIMIZERS + "'");
        }
    }
}
