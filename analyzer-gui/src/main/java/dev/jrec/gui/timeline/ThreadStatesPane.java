package dev.jrec.gui.timeline;

import dev.jrec.analysis.Filter;
import dev.jrec.analysis.Query;
import dev.jrec.analysis.Table;
import dev.jrec.gui.OpenCapture;
import dev.jrec.gui.Session;
import dev.jrec.gui.Tables;
import dev.jrec.gui.Units;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;

/**
 * Where each thread's time went in the selection (the named query threadstates): Perfetto's thread-state
 * aggregation under the timeline, the table that says whether a slow thread ran, waited for a CPU or blocked.
 */
final class ThreadStatesPane {
    /** Enough threads for any workload one looks at; the rest are the ones that did least. */
    static final long ROWS = 500;

    private final Session session;
    private final TableView<List<Object>> table = Tables.view();
    private final Label caption = new Label();
    private final BorderPane root = new BorderPane(table);
    private Table shown;
    /** The filter changed since the totals were summed. */
    private boolean stale = true;

    ThreadStatesPane(Session session, IntConsumer revealThread) {
        this.session = session;
        caption.setPadding(new Insets(2, 4, 2, 4));
        caption.setWrapText(true);
        root.setTop(caption);
        table.setRowFactory(v -> {
            javafx.scene.control.TableRow<List<Object>> row = new javafx.scene.control.TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty() && shown != null) revealThread.accept((Integer) row.getItem().get(shown.column("tid")));
            });
            return row;
        });
    }

    BorderPane node() {
        return root;
    }

    /** Reads the totals for the session's filter: its window (the whole recording without one), processes and comm. */
    void load(OpenCapture c) {
        stale = false;
        Filter f = session.filter().get();
        if (!sched(c)) {
            clear();
            caption.setText(NO_SCHED);
            return;
        }
        caption.setText("Summing every thread's states in the filter (this reads all the scheduler switches of the threads kept)...");
        Map<String, Object> p = f.params();
        p.put("start_ns", c.startNs());
        p.put("limit", ROWS);
        session.jobs().submit("timeline-thread-states", "Summing thread states", () -> Query.named("threadstates").table(c.connection(), p), t -> {
            shown = t;
            Tables.show(table, t);
            caption.setText(caption(c, f, t.rows().size()));
        }, why -> caption.setText("could not sum thread states: " + why));
    }

    /** The filter changed while the tab was not in front: the totals are summed when it comes forward. */
    void stale(OpenCapture c) {
        stale = true;
        shown = null;
        table.getItems().clear();
        caption.setText(sched(c) ? "" : NO_SCHED);
    }

    private static final String NO_SCHED = "no scheduler events in this capture: thread states need a recording with --events sched";

    private static boolean sched(OpenCapture c) {
        return dev.jrec.analysis.Analysis.recorded(c.reports().metadata(), dev.jrec.formats.schema.Source.SCHED);
    }

    boolean isStale() {
        return stale;
    }

    void clear() {
        stale = true;
        shown = null;
        table.getItems().clear();
        caption.setText("");
    }

    private static String caption(OpenCapture c, Filter f, int threads) {
        String where = f.windowed()
                ? "in the selection " + Units.offset(Math.max(f.fromNs(), c.startNs()) - c.startNs()) + " to " + Units.offset(Math.min(f.toNs(), c.endNs()) - c.startNs())
                        + " (" + Units.duration(Math.min(f.toNs(), c.endNs()) - Math.max(f.fromNs(), c.startNs())) + ")"
                : "over the whole recording (drag on the lanes to select a range)";
        return threads + (threads == ROWS ? "+" : "") + " threads " + where
                + ": time running, waiting for a CPU (runnable), asleep (S), blocked (D, usually I/O) and idle (I); double-click a thread to show its lane";
    }

    String caption() {
        return caption.getText();
    }

    TableView<List<Object>> table() {
        return table;
    }
}
