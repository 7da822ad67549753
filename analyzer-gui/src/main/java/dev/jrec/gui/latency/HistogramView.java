package dev.jrec.gui.latency;

import dev.jrec.analysis.Analysis;
import dev.jrec.analysis.Filter;
import dev.jrec.analysis.Grouping;
import dev.jrec.analysis.Log2Histogram;
import dev.jrec.analysis.Query;
import dev.jrec.analysis.Reports;
import dev.jrec.analysis.Table;
import dev.jrec.gui.CaptureView;
import dev.jrec.gui.OpenCapture;
import dev.jrec.gui.Session;
import dev.jrec.gui.Tables;
import dev.jrec.gui.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Latency histograms (runqlat, cpudist, biolatency, syslat) in BCC's log2 buckets with their percentiles, split
 * per process, CPU, disk or operation. Clicking a bar lists the events in that bucket (named query
 * {@code latency_events}); opening one shows it in the timeline.
 */
public final class HistogramView extends CaptureView {
    /** A histogram as shown, with what produced it (so a bucket's events are asked for with the same parameters). */
    record Shown(Latency latency, Grouping grouping, String subject, Log2Histogram.Unit unit, Filter filter, Log2Histogram histogram,
            Log2Histogram baseline, String baselineName) {
        /** The baseline's group to set next to {@code g}: the same key, else the same name (a comm: pids differ), else the only one. */
        Log2Histogram.Group baselineOf(Log2Histogram.Group g) {
            if (baseline == null) return null;
            for (Log2Histogram.Group b : baseline.groups()) if (b.key().equals(g.key())) return b;
            for (Log2Histogram.Group b : baseline.groups()) if (!g.name().isEmpty() && b.name().equals(g.name())) return b;
            return baseline.groups().size() == 1 && histogram.groups().size() == 1 ? baseline.groups().getFirst() : null;
        }
    }

    private final ComboBox<Latency> analysis = new ComboBox<>(FXCollections.observableArrayList(Latency.values()));
    private final ComboBox<Grouping> grouping = new ComboBox<>();
    /** The syscall (syslat) or function (funclatency) the histogram is of. */
    private final ComboBox<String> subject = new ComboBox<>();
    private List<String> syscalls = List.of(), functions = List.of();
    private final ComboBox<Log2Histogram.Unit> unit = new ComboBox<>(FXCollections.observableArrayList(Log2Histogram.Unit.values()));
    private final TableView<Log2Histogram.Group> groups = new TableView<>();
    private final HistogramChart chart = new HistogramChart(this::bucketClicked);
    private final TableView<List<Object>> events = Tables.view();
    private static final String EVENTS_HINT = "Click a bar to list the events in its bucket; double-click an event to see it in the timeline.";
    private final Label eventsTitle = new Label(EVENTS_HINT);
    private final Label message = new Label();
    private final javafx.scene.control.CheckBox logCounts = new javafx.scene.control.CheckBox("log count axis");
    private final BorderPane root = new BorderPane();
    private Shown shown;
    private Table eventsTable;
    private boolean updatingControls;

    public HistogramView(Session session) {
        super(session);
        unit.setValue(Log2Histogram.Unit.USECS);
        unit.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Log2Histogram.Unit u) {
                return u == null ? "" : u.label();
            }

            @Override
            public Log2Histogram.Unit fromString(String s) {
                return null;
            }
        });
        grouping.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Grouping g) {
                return g == null ? "" : Latency.label(g);
            }

            @Override
            public Grouping fromString(String s) {
                return null;
            }
        });
        analysis.valueProperty().addListener((o, a, b) -> {
            if (b == null) return;
            updatingControls = true;
            grouping.setItems(FXCollections.observableArrayList(b.groupings));
            grouping.setValue(Grouping.NONE);
            List<String> choices = b == Latency.SYSLAT ? syscalls : b == Latency.FUNCLATENCY ? functions : List.of();
            subject.setItems(FXCollections.observableArrayList(choices));
            subject.setValue(choices.isEmpty() ? null : choices.getFirst());
            subject.setPromptText(b.subject());
            subject.setVisible(b.subject() != null);
            subject.setManaged(b.subject() != null);
            updatingControls = false;
            query();
        });
        grouping.valueProperty().addListener((o, a, b) -> query());
        subject.valueProperty().addListener((o, a, b) -> query());
        unit.valueProperty().addListener((o, a, b) -> query());

        groupColumns();
        groups.getSelectionModel().selectedItemProperty().addListener((o, a, g) -> showGroup(g));
        javafx.scene.control.MenuItem filterProcess = new javafx.scene.control.MenuItem("Filter every view to this process");
        filterProcess.setOnAction(e -> {
            Log2Histogram.Group g = groups.getSelectionModel().getSelectedItem();
            if (g != null && shown != null && shown.grouping() == Grouping.PROCESS) session.filter().addPid(Integer.parseInt(g.key()));
        });
        groups.setContextMenu(new javafx.scene.control.ContextMenu(filterProcess));
        groups.setOnContextMenuRequested(e -> filterProcess.setDisable(shown == null || shown.grouping() != Grouping.PROCESS));
        events.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) revealSelected();
        });
        events.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) revealSelected();
        });

        logCounts.setTooltip(new javafx.scene.control.Tooltip("Counts on a log scale, so the tail's buckets of a few events are bars to click"));
        logCounts.selectedProperty().addListener((o, a, b) -> {
            // the same bars on another scale: the listed bucket stays listed and highlighted
            int listed = chart.selected();
            drawGroup(groups.getSelectionModel().getSelectedItem());
            chart.select(listed);
        });
        HBox controls = new HBox(8, new Label("Histogram"), analysis, subject, grouping, new Label("unit"), unit, logCounts, message);
        controls.setAlignment(Pos.CENTER_LEFT);
        controls.setPadding(new Insets(8));
        groups.setPrefWidth(420);
        SplitPane top = new SplitPane(groups, chart.viewer());
        top.setDividerPositions(0.34);
        VBox bottom = new VBox(4, eventsTitle, events);
        bottom.setPadding(new Insets(4, 8, 8, 8));
        VBox.setVgrow(events, javafx.scene.layout.Priority.ALWAYS);
        SplitPane split = new SplitPane(top, bottom);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.62);
        session.remember("latency.top", top);
        session.remember("latency.split", split);
        root.setTop(controls);
        root.setCenter(split);
    }

    private void groupColumns() {
        groups.getColumns().add(column("group", g -> g.key().isEmpty() ? "all" : g.key()));
        groups.getColumns().add(column("name", Log2Histogram.Group::name));
        groups.getColumns().add(column("count", Log2Histogram.Group::total));
        groups.getColumns().add(durationColumn("p50", Log2Histogram.Group::p50Ns));
        groups.getColumns().add(durationColumn("p99", Log2Histogram.Group::p99Ns));
        groups.getColumns().add(durationColumn("p99.9", Log2Histogram.Group::p999Ns));
        groups.getColumns().add(durationColumn("max", Log2Histogram.Group::maxNs));
        groups.setPlaceholder(new Label("no events in the filter"));
    }

    /** Holds the nanoseconds, so that sorting is by value (9.5 ms before 75.6 ms), and shows them with their unit. */
    static TableColumn<Log2Histogram.Group, Object> durationColumn(String name, java.util.function.ToDoubleFunction<Log2Histogram.Group> ns) {
        TableColumn<Log2Histogram.Group, Object> c = column(name, g -> ns.applyAsDouble(g));
        c.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Object v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : Units.duration(((Number) v).doubleValue()));
            }
        });
        c.setStyle("-fx-alignment: CENTER-RIGHT;");
        return c;
    }

    private static TableColumn<Log2Histogram.Group, Object> column(String name, java.util.function.Function<Log2Histogram.Group, Object> f) {
        TableColumn<Log2Histogram.Group, Object> c = new TableColumn<>(name);
        c.setCellValueFactory(r -> new ReadOnlyObjectWrapper<>(f.apply(r.getValue())));
        c.setPrefWidth(name.equals("name") ? 110 : 62);
        return c;
    }

    @Override
    public String title() {
        return "Latency";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public Node exportNode() {
        return chart.viewer();
    }

    @Override
    public void clear() {
        shown = null;
        groups.getItems().clear();
        events.getItems().clear();
        eventsTitle.setText(EVENTS_HINT);
        chart.clear();
        updatingControls = true;
        analysis.setValue(null);
        subject.getItems().clear();
        syscalls = List.of();
        functions = List.of();
        updatingControls = false;
    }

    @Override
    protected void reload() {
        OpenCapture c = session.capture();
        if (analysis.getValue() == null) {
            Latency first = Latency.RUNQLAT;
            for (Latency l : Latency.values()) {
                if (Analysis.recorded(c.reports().metadata(), l.analysis.source())) {
                    first = l;
                    break;
                }
            }
            Latency chosen = first;
            loadSubjects(c, () -> analysis.setValue(chosen));
        } else {
            query();
        }
    }

    private record Subjects(List<String> syscalls, List<String> functions) {}

    /** Lists the capture's syscalls and timed functions for the chooser, the most called first; then {@code then}. */
    private void loadSubjects(OpenCapture c, Runnable then) {
        var md = c.reports().metadata();
        boolean sys = Analysis.recorded(md, Analysis.SYSLAT.source()), probes = Analysis.recorded(md, Analysis.FUNCLATENCY.source());
        if (!sys && !probes) {
            then.run();
            return;
        }
        session.jobs().submit("latency-subjects", "Listing syscalls and functions", () -> {
            List<String> names = new ArrayList<>();
            if (sys) {
                Table t = c.reports().syscount(Filter.ALL, false, false, false, 400);
                int col = t.column("syscall");
                for (List<Object> r : t.rows()) names.add(String.valueOf(r.get(col)));
            }
            return new Subjects(names, probes ? c.reports().timedFunctions(Filter.ALL) : List.of());
        }, found -> {
            syscalls = List.copyOf(found.syscalls());
            functions = List.copyOf(found.functions());
            then.run();
        }, why -> then.run());
    }

    private void query() {
        OpenCapture c = session.capture();
        Latency l = analysis.getValue();
        if (updatingControls || c == null || l == null || grouping.getValue() == null) return;
        if (l.subject() != null && subject.getValue() == null) {
            message.setText(l == Latency.SYSLAT ? "the capture has no syscalls" : "the capture has no functions timed to their return (record them with --uretprobe)");
            return;
        }
        Filter f = session.filter().get();
        Grouping g = grouping.getValue();
        String sc = subject.getValue();
        Log2Histogram.Unit u = unit.getValue();
        message.setText("");
        OpenCapture b = session.baseline();
        session.jobs().submit("latency", "Computing " + l.analysis.id(), () -> new Shown(l, g, sc, u, f, histogram(c.reports(), l, f, g, sc, u),
                        baselineHistogram(b, l, f, g, sc, u), b == null ? null : b.path().getFileName().toString()),
                this::show, why -> {
                    shown = null;
                    groups.getItems().clear();
                    chart.clear();
                    message.setText(why);
                });
    }

    /** The baseline's histogram over its whole recording with the comm filter (pids differ); null without one or its events. */
    private static Log2Histogram baselineHistogram(OpenCapture b, Latency l, Filter f, Grouping g, String sc, Log2Histogram.Unit u) throws Exception {
        if (b == null) return null;
        try {
            return histogram(b.reports(), l, Filter.ALL.comm(f.comm()), g, sc, u);
        } catch (dev.jrec.analysis.MissingSourceException e) {
            return null;
        }
    }

    private static Log2Histogram histogram(Reports r, Latency l, Filter f, Grouping g, String sc, Log2Histogram.Unit u) throws Exception {
        return switch (l) {
            case RUNQLAT -> r.runqlat(f, g, u);
            case CPUDIST -> r.cpudist(f, g, u);
            case BIOLATENCY -> r.biolatency(f, g, u);
            case SYSLAT -> r.syslat(f, sc, g, u);
            case FUNCLATENCY -> r.funclatency(f, sc, g, u);
        };
    }

    private void show(Shown s) {
        shown = s;
        events.getItems().clear();
        eventsTitle.setText(EVENTS_HINT); // the list is empty again: a count of the last bucket's events would be stale
        groups.setItems(FXCollections.observableArrayList(s.histogram().groups()));
        if (s.histogram().isEmpty()) {
            chart.clear();
            message.setText("no " + s.latency().analysis.id() + " events in the filter");
        } else {
            // the group with the most events is the one to look at first
            List<Log2Histogram.Group> gs = s.histogram().groups();
            int most = 0;
            for (int i = 1; i < gs.size(); i++) if (gs.get(i).total() > gs.get(most).total()) most = i;
            groups.getSelectionModel().select(most);
        }
    }

    private void showGroup(Log2Histogram.Group g) {
        events.getItems().clear();
        eventsTitle.setText(EVENTS_HINT);
        drawGroup(g);
    }

    private void drawGroup(Log2Histogram.Group g) {
        if (shown == null || g == null) return;
        String title = shown.latency().label + (shown.subject() != null && shown.latency().subject() != null ? ": " + shown.subject() : "")
                + (g.key().isEmpty() ? "" : " — " + shown.grouping().key + " " + g.key() + (g.name().isEmpty() ? "" : " (" + g.name() + ")"));
        chart.show(title, shown.histogram(), g, session.dark(), logCounts.isSelected(), shown.baselineOf(g), shown.baselineName());
    }

    private void bucketClicked(int bucket) {
        Log2Histogram.Group g = groups.getSelectionModel().getSelectedItem();
        Shown s = shown;
        OpenCapture c = session.capture();
        if (g == null || s == null || c == null) return;
        Map<String, Object> p = c.params(s.filter());
        p.put("analysis", s.latency().analysis.id());
        p.put("syscall", s.latency() == Latency.SYSLAT ? s.subject() : null);
        p.put("func", s.latency() == Latency.FUNCLATENCY ? s.subject() : null);
        p.put("group_by", s.grouping().key);
        p.put("group_key", g.key());
        p.put("unit_ns", s.unit().ns);
        p.put("bucket", bucket);
        p.put("limit", 10_000L);
        String what = Log2Histogram.low(bucket) + "–" + Log2Histogram.high(bucket) + " " + s.unit().label();
        chart.select(bucket);
        session.jobs().submit("latency-events", "Listing events", () -> Query.named("latency_events").table(c.connection(), p), t -> {
            eventsTable = t;
            Tables.show(events, t);
            eventsTitle.setText(Units.count(t.rows().size()) + (t.rows().size() == 10_000 ? "+ (the longest 10,000)" : "") + " events in bucket " + what
                    + (g.key().isEmpty() ? "" : " of " + s.grouping().key + " " + g.key()) + ", longest first; double-click one to see it in the timeline");
        }, why -> eventsTitle.setText("could not list the events: " + why));
    }

    private void revealSelected() {
        List<Object> row = events.getSelectionModel().getSelectedItem();
        if (row == null || eventsTable == null) return;
        long start = ((Number) valueOf(row, "start_ns")).longValue();
        long dur = ((Number) valueOf(row, "dur_ns")).longValue();
        Object tid = valueOf(row, "tid");
        session.reveal(start, start + dur, tid == null ? -1 : ((Number) tid).intValue());
    }

    private Object valueOf(List<Object> row, String column) {
        return row.get(eventsTable.column(column));
    }

    // What tests look at.
    Shown shown() {
        return shown;
    }

    ComboBox<String> subjectChooser() {
        return subject;
    }

    Log2Histogram.Group selectedGroup() {
        return groups.getSelectionModel().getSelectedItem();
    }

    javafx.scene.control.CheckBox logCounts() {
        return logCounts;
    }

    /** Series in the chart: 1, or 2 when a baseline is set beside it. */
    public int chartSeries() {
        return chart.series();
    }

    public List<Number> chartValues(int series) {
        return chart.values(series);
    }

    HistogramChart chart() {
        return chart;
    }

    String eventsTitle() {
        return eventsTitle.getText();
    }

    TableView<Log2Histogram.Group> groupsTable() {
        return groups;
    }

    TableView<List<Object>> events() {
        return events;
    }

    /** Shows a histogram, as if chosen in the view's controls. */
    public void select(Latency l, Grouping g) {
        analysis.setValue(l);
        grouping.setValue(g);
    }
}
