package dev.jrec.gui.sql;

import dev.jrec.analysis.CaptureDb;
import dev.jrec.analysis.Query;
import dev.jrec.analysis.Table;
import dev.jrec.gui.CaptureView;
import dev.jrec.gui.OpenCapture;
import dev.jrec.gui.Session;
import dev.jrec.gui.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * SQL over the capture's documented views, for what the built-in views do not answer: the user's own SQL, run like
 * {@code jrec query} (cancellable), the first rows in a table, and the result as CSV on the clipboard.
 */
public final class SqlConsoleView extends CaptureView {
    /** Rows the table shows at most; a larger result says it was cut. */
    static final int MAX_ROWS = 10_000;

    private final SqlEditor editor = new SqlEditor(viewNames(), """
            -- the views are documented in docs/format.md; Ctrl+Enter runs, Ctrl+Space completes
            SELECT next_comm, count(*) AS switches_in, round(avg(next_runq_ns) / 1e3, 1) AS avg_runq_us
            FROM sched_switch GROUP BY 1 ORDER BY 2 DESC LIMIT 20
            """);
    private final javafx.scene.control.CheckBox applyFilter = new javafx.scene.control.CheckBox("Apply the filter");
    private java.nio.file.Path columnsOf;
    private final TableView<List<Object>> result = Tables.view();
    private final Label status = new Label("Ctrl+Enter runs the query");
    private final ListView<String> views = new ListView<>(FXCollections.observableArrayList(viewNames()));
    private final BorderPane root = new BorderPane();
    private Table last;

    public SqlConsoleView(Session session) {
        super(session);
        editor.node().addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && e.isShortcutDown()) {
                run();
                e.consume();
            }
        });
        applyFilter.setTooltip(new javafx.scene.control.Tooltip("Run on the event views as the filter bar's time range, processes and comm "
                + "leave them (schema filtered first on the search path), and again when the filter changes"));
        applyFilter.selectedProperty().addListener((o, a, b) -> {
            if (last != null) run();
        });
        Button run = new Button("Run (Ctrl+Enter)");
        run.setOnAction(e -> run());
        Button copy = new Button("Copy as CSV");
        copy.setOnAction(e -> copyCsv());
        HBox bar = new HBox(8, run, copy, applyFilter, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 0, 6, 0));
        views.setTooltip(new javafx.scene.control.Tooltip("double-click to insert"));
        views.setOnMouseClicked(e -> {
            String v = views.getSelectionModel().getSelectedItem();
            if (e.getClickCount() == 2 && v != null) editor.insertAtCaret(v);
        });
        views.setPrefWidth(170);
        VBox left = new VBox(4, new Label("views"), views);
        VBox.setVgrow(views, javafx.scene.layout.Priority.ALWAYS);
        var editorPane = new org.fxmisc.flowless.VirtualizedScrollPane<>(editor.node());
        VBox top = new VBox(editorPane, bar);
        VBox.setVgrow(editorPane, javafx.scene.layout.Priority.ALWAYS);
        SplitPane split = new SplitPane(top, result);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.35);
        SplitPane main = new SplitPane(left, split);
        main.setDividerPositions(0.14);
        session.remember("sql.main", main);
        session.remember("sql.editor", split);
        root.setCenter(main);
        root.setPadding(new Insets(8));
    }

    /** The views a query can use: those CaptureDb defines, in its modules. */
    private static List<String> viewNames() {
        List<String> out = new ArrayList<>(List.of("capture_rows", "capture_kv"));
        for (String m : CaptureDb.MODULES) {
            for (String line : CaptureDb.module(m).split("\n")) {
                String l = line.strip().toUpperCase(Locale.ROOT);
                // schema filtered's views are these as the filter leaves them: "Apply the filter" reaches them
                if (l.startsWith("CREATE OR REPLACE VIEW ") && !line.strip().split("\\s+")[4].contains(".")) out.add(line.strip().split("\\s+")[4]);
            }
        }
        return out;
    }

    @Override
    public String title() {
        return "SQL";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public Node exportNode() {
        return result;
    }

    @Override
    public void clear() {
        result.getItems().clear();
        result.getColumns().clear();
        last = null;
    }

    @Override
    protected void reload() {
        OpenCapture c = session.capture();
        if (c != null && !c.path().equals(columnsOf)) {
            columnsOf = c.path();
            session.jobs().submit("sql-columns", "Reading the views' columns", () -> Query.named("view_columns").table(c.connection(), java.util.Map.of()), t -> {
                java.util.Map<String, List<String>> byView = new java.util.HashMap<>();
                for (List<Object> r : t.rows()) byView.computeIfAbsent((String) r.get(0), k -> new ArrayList<>()).add((String) r.get(1));
                editor.columns(byView);
            }, why -> {});
        }
        // user SQL is re-run on a filter change only when the user asked for the filter to apply
        if (applyFilter.isSelected() && last != null) run();
    }

    /** Runs the editor's SQL, as Ctrl+Enter does. */
    public void run() {
        OpenCapture c = session.capture();
        if (c == null) {
            status.setText("open a capture first");
            return;
        }
        String sql = editor.getText();
        long t0 = System.nanoTime();
        boolean filtered = applyFilter.isSelected() && !session.filter().isEmpty();
        dev.jrec.analysis.Filter f = session.filter().get();
        session.jobs().submit("sql", "Running SQL", () -> {
            Table.Collector t = new Table.Collector("sql");
            long[] total = {0};
            Table.Sink sink = new Table.Sink() {
                @Override
                public void columns(List<Table.Column> cols) {
                    t.columns(cols);
                }

                @Override
                public void row(List<Object> values) {
                    if (total[0]++ < MAX_ROWS) t.row(values);
                }
            };
            if (filtered) {
                dev.jrec.analysis.FilteredSql.with(c.connection(), f, () -> {
                    Query.streamSql(c.connection(), sql, sink);
                    return null;
                });
            } else {
                Query.streamSql(c.connection(), sql, sink);
            }
            return new Object[] {t.table(), total[0]};
        }, r -> {
            last = (Table) r[0];
            long total = (Long) r[1];
            Tables.show(result, last);
            failed(false);
            status.setText(String.format(Locale.ROOT, "%,d rows in %.0f ms%s%s", total, (System.nanoTime() - t0) / 1e6,
                    total > MAX_ROWS ? String.format(Locale.ROOT, " (showing the first %,d)", MAX_ROWS) : "",
                    filtered ? "; with the filter: " + session.filter().describe()
                            : session.filter().isEmpty() ? "" : "; the filter bar's filter does not apply: tick 'Apply the filter'"));
        }, why -> {
            // the rows of the query before would read as this one's answer
            clear();
            failed(true);
            status.setText(why);
        });
    }

    private void failed(boolean failed) {
        // the themes' error colour, readable on the dark theme as well
        status.getStyleClass().remove("error-text");
        if (failed) status.getStyleClass().add("error-text");
        status.setStyle(failed ? "-fx-font-weight: bold;" : "");
    }

    private void copyCsv() {
        if (result.getColumns().isEmpty()) return;
        ClipboardContent cc = new ClipboardContent();
        cc.putString(Tables.csv(result));
        Clipboard.getSystemClipboard().setContent(cc);
        status.setText("copied " + result.getItems().size() + " rows as CSV");
    }

    javafx.scene.control.CheckBox applyFilter() {
        return applyFilter;
    }

    SqlEditor editor() {
        return editor;
    }

    TableView<List<Object>> result() {
        return result;
    }

    Label status() {
        return status;
    }
}
