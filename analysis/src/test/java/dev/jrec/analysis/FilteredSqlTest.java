package dev.jrec.analysis;

import static dev.jrec.analysis.KnownCapture.MS;
import static dev.jrec.analysis.KnownCapture.START;
import static org.junit.jupiter.api.Assertions.*;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SQL run with a filter sees the rows the reports see for it, and plain SQL after it sees everything again. */
class FilteredSqlTest extends OnKnownCapture {
    private static long count(String sql) throws java.sql.SQLException {
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void theFilterReachesPlainViewNames() throws Exception {
        // app (100) made 4 syscalls in 100-102 ms and at 2 s, cat (300) 2 at 110-120 ms
        assertEquals(6, count("SELECT count(*) FROM syscall"));
        Filter window = Filter.ALL.window(START + 100 * MS, START + 115 * MS);
        assertEquals(4L, (long) FilteredSql.with(db.connection(), window, () -> count("SELECT count(*) FROM syscall")), "3 of app's, 1 of cat's");
        assertEquals(3L, (long) FilteredSql.with(db.connection(), window.pids(List.of(100)), () -> count("SELECT count(*) FROM syscall")));
        assertEquals(2L, (long) FilteredSql.with(db.connection(), Filter.ALL.comm("c*t"), () -> count("SELECT count(*) FROM syscall")), "a glob on comm");
        assertEquals(1L, (long) FilteredSql.with(db.connection(), Filter.ALL.comm("it's"), () -> 1L), "a quote in the comm is a literal");
        // a switch is kept when either task is: db (200) is in 4 of the 5 (switched out at 10 and 40 ms, in at 30 and 1500 ms)
        assertEquals(4L, (long) FilteredSql.with(db.connection(), Filter.ALL.pids(List.of(200)), () -> count("SELECT count(*) FROM sched_switch")));
        // thread and process are whole: they say who the filtered rows are
        assertEquals(count("SELECT count(*) FROM thread"), (long) FilteredSql.with(db.connection(), window, () -> count("SELECT count(*) FROM thread")));
        assertEquals(6, count("SELECT count(*) FROM syscall"), "after it, the views are whole again");
    }

    @Test
    void theFilterIsLiftedWhenTheSqlFails() throws Exception {
        assertThrows(java.sql.SQLException.class, () -> FilteredSql.with(db.connection(), Filter.ALL.pids(List.of(100)), () -> count("SELECT nope FROM syscall")));
        assertEquals(6, count("SELECT count(*) FROM syscall"));
    }
}
