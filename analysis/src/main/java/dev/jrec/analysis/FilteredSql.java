package dev.jrec.analysis;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;

/**
 * Runs a user's SQL on the event views as a filter leaves them (view module {@code filtered}): the filter goes into
 * the {@code jrec_*} variables and schema {@code filtered} comes first on the search path, so {@code FROM syscall}
 * reads the syscalls in the window, of the processes and comm kept, with no change to the SQL.
 */
public final class FilteredSql {
    private FilteredSql() {}

    public interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} on {@code c} with the views filtered by {@code f}; the search path is main's again after. */
    public static <T> T with(Connection c, Filter f, Work<T> work) throws SQLException {
        try (Statement st = c.createStatement()) {
            // literals: numbers as such, the comm quoted; SET VARIABLE takes no parameters
            // as text: -9223372036854775808 would parse as the negation of a number BIGINT cannot hold
            st.execute("SET VARIABLE jrec_from_ns = CAST('" + f.fromNs() + "' AS BIGINT)");
            st.execute("SET VARIABLE jrec_to_ns = CAST('" + f.toNs() + "' AS BIGINT)");
            st.execute("SET VARIABLE jrec_pids = [" + f.pids().stream().map(String::valueOf).collect(Collectors.joining(",")) + "]::INTEGER[]");
            st.execute("SET VARIABLE jrec_comm = " + (f.comm() == null ? "NULL" : "'" + f.comm().replace("'", "''") + "'") + "::VARCHAR");
            st.execute("SET search_path = 'filtered,main'");
        }
        try {
            return work.run();
        } finally {
            try (Statement st = c.createStatement()) {
                st.execute("SET search_path = 'main'");
            }
        }
    }
}
