package dev.jrec.gui;

import dev.jrec.analysis.CaptureDb;
import dev.jrec.analysis.Filter;
import dev.jrec.analysis.Reports;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/** A capture the workbench has open: its DuckDB, the analyses over it, and a way to cancel the running query. */
public final class OpenCapture implements AutoCloseable {
    private final Path path;
    private final CaptureDb db;
    private final StatementTracker tracker;
    private final Reports reports;
    private final Connection connection;

    private OpenCapture(Path path, CaptureDb db, StatementTracker tracker, Reports reports, Connection connection) {
        this.path = path;
        this.db = db;
        this.tracker = tracker;
        this.reports = reports;
        this.connection = connection;
    }

    /** @throws IOException with CaptureProbe's one-line message for a file that is not a readable capture */
    public static OpenCapture open(Path path) throws IOException, SQLException {
        CaptureDb db = CaptureDb.open(path);
        try {
            StatementTracker t = new StatementTracker();
            Connection c = t.wrap(db.connection());
            return new OpenCapture(path, db, t, new Reports(db.over(c)), c);
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public Reports reports() {
        return reports;
    }

    /** The connection whose statements Cancel reaches; for named queries the workbench runs itself. */
    public Connection connection() {
        return connection;
    }

    public long startNs() {
        return reports.startNs();
    }

    public long endNs() {
        return reports.endNs();
    }

    /** A filter's query parameters plus the recording's start, which listings count their times from. */
    public Map<String, Object> params(Filter f) {
        Map<String, Object> p = f.params();
        p.put("start_ns", startNs());
        return p;
    }

    void cancelRunning() {
        tracker.cancelAll();
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
