package dev.jrec.gui.flame;

import dev.jrec.analysis.Filter;
import dev.jrec.analysis.StackProfile;
import dev.jrec.gui.CaptureView;
import dev.jrec.gui.OpenCapture;
import dev.jrec.gui.Palette;
import dev.jrec.gui.Session;
import java.util.Locale;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** On-CPU, off-CPU and waker flame graphs of the stacks in the filter, with zoom, search and an icicle toggle. */
public final class FlameView extends CaptureView {
    /**
     * A profile and its trees (top-down, bottom-up) and call graph, built on the query thread, and the baseline's
     * tree when comparing.
     */
    record Loaded(StackProfile profile, FlameTree tree, FlameTree bottomUp, dev.jrec.analysis.CallGraph calls, FlameTree base, String baseName) {}

    /** What a differential flame graph compares the shown stacks with. */
    enum Compare {
        NONE("no comparison"), BEFORE("the range just before the selection"), CAPTURE("another capture…");

        final String label;

        Compare(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final ComboBox<Graph> kind = new ComboBox<>(FXCollections.observableArrayList(Graph.values()));
    private final TextField search = new TextField();
    private final Label matched = new Label();
    private final ToggleButton icicle = new ToggleButton("Icicle");
    private final Button reset = new Button("Reset zoom");
    private final ComboBox<Compare> compare = new ComboBox<>(FXCollections.observableArrayList(Compare.values()));
    private java.nio.file.Path otherCapture;
    private final Label crumbs = new Label();
    private final Label message = new Label();
    private final FlameCanvas canvas = new FlameCanvas();
    private final ScrollPane scroll = new ScrollPane(canvas);
    private final BorderPane root = new BorderPane();
    private final CallTreeTable topDown = new CallTreeTable(true), bottomUp = new CallTreeTable(false);
    private final CallerCalleePane callerCallee = new CallerCalleePane();
    private final javafx.scene.control.TabPane shapes = new javafx.scene.control.TabPane();
    private Loaded loaded;

    public FlameView(Session session) {
        super(session);
        kind.setValue(Graph.ON_CPU);
        kind.valueProperty().addListener((o, a, b) -> {
            if (session.capture() != null) reload();
        });
        search.setPromptText("search frames (text or regex)  Ctrl+F");
        search.setPrefColumnCount(24);
        search.textProperty().addListener((o, a, b) -> runSearch());
        search.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) search.clear();
        });
        icicle.selectedProperty().addListener((o, a, b) -> {
            layoutCanvas();
            showRoot();
        });
        compare.setValue(Compare.NONE);
        compare.setTooltip(new javafx.scene.control.Tooltip("differential flame graph: red frames grew their share of the total, blue ones shrank"));
        compare.valueProperty().addListener((o, a, b) -> {
            if (b == Compare.CAPTURE) {
                javafx.stage.FileChooser fc = new javafx.stage.FileChooser();
                fc.setTitle("Compare with another capture");
                fc.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("jrec captures (*.parquet)", "*.parquet"));
                java.io.File f = fc.showOpenDialog(session.window());
                if (f == null) {
                    compare.setValue(Compare.NONE);
                    return;
                }
                otherCapture = f.toPath();
            }
            if (session.capture() != null) reload();
        });
        reset.setOnAction(e -> canvas.zoomTo(0));
        canvas.onZoom(n -> crumbs.setText(n <= 0 || canvas.tree() == null ? "" : "zoomed to: " + String.join(" › ", canvas.tree().path(n))));
        canvas.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) canvas.zoomTo(0);
        });

        Label stacksLabel = new Label("Stacks"), compareLabel = new Label("compare with");
        stacksLabel.setMinWidth(Label.USE_PREF_SIZE);
        compareLabel.setMinWidth(Label.USE_PREF_SIZE);
        icicle.setMinWidth(Button.USE_PREF_SIZE);
        reset.setMinWidth(Button.USE_PREF_SIZE);
        matched.setMinWidth(Label.USE_PREF_SIZE);
        HBox bar = new HBox(8, stacksLabel, kind, search, matched, icicle, reset, compareLabel, compare);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 8, 4, 8));
        // what is shown and where the zoom is, on a line of their own so the controls keep their width
        HBox info = new HBox(16, message, crumbs);
        info.setPadding(new Insets(0, 8, 4, 8));
        root.setTop(new VBox(bar, info));
        scroll.setFitToWidth(true);
        scroll.viewportBoundsProperty().addListener((o, a, b) -> layoutCanvas());
        // the same stacks as Hotspot and JMC show them: a graph, the call tree both ways, and callers/callees
        for (var t : java.util.List.of(new javafx.scene.control.Tab("Flame graph", scroll), new javafx.scene.control.Tab("Top-down tree", topDown.node()),
                new javafx.scene.control.Tab("Bottom-up tree", bottomUp.node()), new javafx.scene.control.Tab("Caller / callee", callerCallee.node()))) {
            t.setClosable(false);
            shapes.getTabs().add(t);
        }
        shapes.setSide(javafx.geometry.Side.BOTTOM);
        root.setCenter(shapes);
        VBox.setVgrow(scroll, Priority.ALWAYS);
    }

    private void layoutCanvas() {
        double w = Math.max(100, scroll.getViewportBounds().getWidth());
        double h = Math.max(scroll.getViewportBounds().getHeight(), canvas.neededHeight());
        canvas.setWidth(w);
        canvas.setHeight(Math.max(100, h));
        canvas.inverted(icicle.isSelected());
    }

    @Override
    public String title() {
        return "Flame graph";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public Node exportNode() {
        return canvas;
    }

    @Override
    public void clear() {
        loaded = null;
        canvas.show(null, "samples");
        topDown.show(null, "samples");
        bottomUp.show(null, "samples");
        callerCallee.show(null, "samples");
        message.setText("");
        matched.setText("");
    }

    @Override
    public void themeChanged() {
        canvas.palette(Palette.of(session.dark()));
    }

    @Override
    protected void reload() {
        OpenCapture c = session.capture();
        Graph k = kind.getValue();
        if (!k.available(c.reports().metadata())) {
            // pick a graph the capture has before saying it has none
            for (Graph other : Graph.values()) {
                if (other != k && other != Graph.WALL_CLOCK && other.available(c.reports().metadata())) {
                    kind.setValue(other);
                    return;
                }
            }
            if (k == Graph.WALL_CLOCK) {
                message.setText("the wall-clock graph needs on- and off-CPU stacks: record with --events profile,offcpu");
                canvas.show(null, k.unit());
                return;
            }
        }
        Filter f = session.filter().get();
        Compare cmp = compare.getValue();
        if (cmp == Compare.BEFORE && !f.windowed()) {
            message.setText("select a time range first: the baseline is the same length just before it");
            compare.setValue(Compare.NONE);
            return;
        }
        java.nio.file.Path other = otherCapture;
        canvas.palette(Palette.of(session.dark()));
        session.jobs().submit("flame", "Building the " + k.title() + " flame graph", () -> {
            StackProfile p = k.load(c.reports(), f);
            FlameTree base = null;
            String baseName = null;
            if (cmp == Compare.BEFORE) {
                long len = f.toNs() - f.fromNs();
                base = FlameTree.of(k.load(c.reports(), f.window(f.fromNs() - len, f.fromNs())));
                baseName = "the " + dev.jrec.gui.Units.duration(len) + " before the selection";
            } else if (cmp == Compare.CAPTURE && other != null) {
                // pids differ between captures: only the comm part of the filter carries over
                try (OpenCapture o = OpenCapture.open(other)) {
                    base = FlameTree.of(k.load(o.reports(), Filter.ALL.comm(f.comm())));
                }
                baseName = other.getFileName().toString();
            }
            return new Loaded(p, FlameTree.of(p), FlameTree.of(p.inverted()), dev.jrec.analysis.CallGraph.of(p), base, baseName);
        }, this::show, why -> {
            loaded = null;
            canvas.show(null, k.unit());
            message.setText(why);
        });
    }

    private void show(Loaded l) {
        loaded = l;
        Graph g = kind.getValue();
        message.setText(l.profile().isEmpty() ? "no " + g.title() + " stacks in the filter"
                : String.format(Locale.ROOT, "%,d stacks, %,d frames, %s", l.profile().stacks().size(), l.tree().size() - 1,
                        g.unit().equals("samples") ? String.format(Locale.ROOT, "%,d samples", l.tree().total())
                                : dev.jrec.gui.Units.duration(l.tree().total() * 1000.0)));
        canvas.show(l.tree(), g.unit());
        topDown.show(l.tree(), g.unit());
        bottomUp.show(l.bottomUp(), g.unit());
        callerCallee.show(l.calls(), g.unit());
        crumbs.setText(""); // a new graph opens unzoomed: the last graph's frame is not in it
        canvas.compare(l.base());
        if (l.base() != null) message.setText(message.getText() + " · compared with " + l.baseName() + ": red grew, blue shrank");
        layoutCanvas();
        showRoot();
        runSearch();
    }

    /**
     * Scrolls to the root, where the wide frames are: a graph of deep stacks (a JVM's 60 frames) is taller than
     * the view, and the scroll pane would otherwise stay at the top, on the tips of the deepest stacks.
     */
    private void showRoot() {
        scroll.layout();
        scroll.setVvalue(icicle.isSelected() ? scroll.getVmin() : scroll.getVmax());
    }

    private void runSearch() {
        if (canvas.tree() == null) return;
        double f = canvas.search(search.getText());
        matched.setText(search.getText().isBlank() ? "" : String.format(Locale.ROOT, "%.2f%% matched", 100 * f));
    }

    public void focusSearch() {
        search.requestFocus();
    }

    /** What the graph shows, for an exported SVG's title. */
    public String graphTitle() {
        return kind.getValue().title();
    }

    /** The stacks shown, for File › Export folded / SVG; null when none are. */
    public StackProfile profile() {
        return loaded == null ? null : loaded.profile();
    }

    void compare(Compare c) {
        compare.setValue(c);
    }

    /** Shows a graph, as if chosen in the view's controls. */
    public void graph(Graph g) {
        kind.setValue(g);
    }

    CallTreeTable topDown() {
        return topDown;
    }

    CallTreeTable bottomUp() {
        return bottomUp;
    }

    FlameTree bottomUpTree() {
        return loaded == null ? null : loaded.bottomUp();
    }

    CallerCalleePane callerCallee() {
        return callerCallee;
    }

    FlameCanvas canvas() {
        return canvas;
    }

    String crumbs() {
        return crumbs.getText();
    }

    javafx.scene.control.ToggleButton icicleToggle() {
        return icicle;
    }

    TextField searchField() {
        return search;
    }

    Label matchedLabel() {
        return matched;
    }
}
