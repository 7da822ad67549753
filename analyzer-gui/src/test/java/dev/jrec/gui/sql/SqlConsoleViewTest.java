package dev.jrec.gui.sql;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import dev.jrec.gui.Fx;
import dev.jrec.gui.Tables;
import dev.jrec.gui.WorkbenchWindow;
import dev.jrec.gui.Workbenches;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SQL console on the io-burst sample: results, CSV, a bad query's one line, and Cancel of a long query. */
class SqlConsoleViewTest {
    static WorkbenchWindow w;

    @BeforeAll
    static void open() throws Exception {
        w = Workbenches.open(Fx.sample("io-burst"));
        Fx.run(() -> w.select(w.sql()));
        Fx.settle(w);
    }

    @AfterAll
    static void close() throws Exception {
        Workbenches.close(w);
    }

    private static void run(String sql) throws Exception {
        Fx.run(() -> {
            w.sql().editor().setText(sql);
            w.sql().run();
        });
        Fx.settle(w);
    }

    @Test
    void aQueryShowsItsRowsAndCopiesAsCsv() throws Exception {
        run("SELECT name, count(*) AS calls FROM syscall WHERE name IN ('read', 'write', 'fsync') GROUP BY 1 ORDER BY 1");
        assertEquals(3, (int) Fx.call(() -> w.sql().result().getItems().size()));
        String csv = Fx.call(() -> Tables.csv(w.sql().result()));
        // the sample's README: 6144 writes, 6154 reads, one fsync
        assertEquals("name,calls\r\nfsync,1\r\nread,6154\r\nwrite,6144\r\n", csv);
        assertTrue(Fx.call(() -> w.sql().status().getText()).startsWith("3 rows"));
    }

    @Test
    void aBadQueryGetsOneLine() throws Exception {
        run("SELECT 1 AS before");
        assertEquals(1, (int) Fx.call(() -> w.sql().result().getItems().size()));
        run("SELECT nope FROM syscall");
        String s = Fx.call(() -> w.sql().status().getText());
        assertTrue(s.contains("nope") && !s.contains("\n"), s);
        assertEquals(0, (int) Fx.call(() -> w.sql().result().getItems().size()), "the last query's rows are not left under the error");
        assertEquals(javafx.scene.paint.Color.web("#d93025"), Fx.call(() -> {
            w.sql().status().applyCss();
            return w.sql().status().getTextFill();
        }), "the error is in the theme's red");
        run("SELECT 1 AS after");
        assertNotEquals(javafx.scene.paint.Color.web("#d93025"), Fx.call(() -> {
            w.sql().status().applyCss();
            return w.sql().status().getTextFill();
        }));
    }

    /** The filter bar filters the views, not the SQL a user writes: the console says so when a filter is set. */
    @Test
    void theConsoleSaysTheFilterDoesNotApply() throws Exception {
        Fx.run(() -> w.filter().comm("dd"));
        run("SELECT 1");
        assertTrue(Fx.call(() -> w.sql().status().getText()).contains("filter does not apply: tick 'Apply the filter'"), Fx.call(() -> w.sql().status().getText()));
        Fx.run(() -> w.filter().clear());
        run("SELECT 1");
        assertFalse(Fx.call(() -> w.sql().status().getText()).contains("filter"));
    }

    /** Ticked, "Apply the filter" runs the same SQL on the views as the filter leaves them, and again when it changes. */
    @Test
    void applyTheFilterRunsTheSqlOnTheFilteredViews() throws Exception {
        long all, dd, from = w.capture().startNs(), to = from + (w.capture().endNs() - from) / 2;
        try (var st = w.capture().connection().createStatement()) {
            var rs = st.executeQuery("SELECT count(*), count(*) FILTER (WHERE ts >= " + from + " AND ts < " + to + ") FROM syscall");
            rs.next();
            all = rs.getLong(1);
            dd = rs.getLong(2);
        }
        assertTrue(dd > 0 && dd < all, dd + " of " + all);
        Fx.run(() -> w.filter().window(from, to));
        Fx.run(() -> w.sql().applyFilter().setSelected(true));
        run("SELECT count(*) AS n FROM syscall");
        assertEquals(dd, ((Number) Fx.call(() -> w.sql().result().getItems().getFirst().getFirst())).longValue());
        assertTrue(Fx.call(() -> w.sql().status().getText()).contains("with the filter: time "), Fx.call(() -> w.sql().status().getText()));
        Fx.run(() -> w.filter().clear());
        Fx.settle(w);
        assertEquals(all, ((Number) Fx.call(() -> w.sql().result().getItems().getFirst().getFirst())).longValue(), "re-run when the filter changed");
        Fx.run(() -> w.sql().applyFilter().setSelected(false));
        Fx.settle(w);
    }

    /** Keywords, strings, comments and view names get their own style; Ctrl+Space offers views, and a view's columns after "view.". */
    @Test
    void theEditorHighlightsAndCompletesViewsAndColumns() throws Exception {
        String sql = "SELECT 'x' FROM syscall -- why";
        var spans = Fx.call(() -> w.sql().editor().highlight(sql));
        List<String> styled = new java.util.ArrayList<>();
        int at = 0;
        for (var span : spans) {
            if (!span.getStyle().isEmpty()) styled.add(sql.substring(at, at + span.getLength()) + "=" + span.getStyle().iterator().next());
            at += span.getLength();
        }
        assertEquals(List.of("SELECT=sql-keyword", "'x'=sql-string", "FROM=sql-keyword", "syscall=sql-view", "-- why=sql-comment"), styled);
        assertTrue(Fx.call(() -> w.sql().editor().candidates("SELECT * FROM sys")).contains("syscall"));
        assertEquals(List.of("dur_ns"), Fx.call(() -> w.sql().editor().candidates("SELECT syscall.du")), "after the capture opened, its columns");
    }

    @Test
    void cancelStopsALongQueryAndTheConnectionStillWorks() throws Exception {
        Fx.run(() -> {
            w.sql().editor().setText("SELECT count(*) FROM range(1000000000) a, range(1000) b WHERE a.range * b.range % 7 = 3");
            w.sql().run();
        });
        Thread.sleep(400);
        assertFalse(Fx.call(() -> w.jobs().idle()), "still running");
        long t0 = System.nanoTime();
        Fx.run(() -> w.jobs().cancel());
        Fx.settle(w);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5_000, "cancelled in " + ms + " ms");
        assertEquals("cancelled", Fx.call(() -> w.jobs().statusProperty().get()));
        run("SELECT 42 AS answer");
        assertEquals(42L, ((Number) Fx.call(() -> w.sql().result().getItems().getFirst().getFirst())).longValue());
    }
}
