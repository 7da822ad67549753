package dev.jrec.gui;

import dev.jrec.analysis.StackProfile;
import dev.jrec.formats.read.CaptureMetadata;
import dev.jrec.formats.read.CaptureProbe;
import dev.jrec.gui.flame.FlameView;
import dev.jrec.gui.latency.HistogramView;
import dev.jrec.gui.overview.OverviewView;
import dev.jrec.gui.sql.SqlConsoleView;
import dev.jrec.gui.timeline.TimelineView;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.jfree.chart.fx.ChartViewer;

/** The workbench window: menus, the filter bar, a tab per view, and a status bar with the running query and Cancel. */
public final class WorkbenchWindow implements Session {
    private final Stage stage;
    private final Settings settings;
    private final Jobs jobs = new Jobs();
    private final FilterModel filter = new FilterModel();
    private final FilterBar filterBar = new FilterBar(filter);
    private final TabPane tabs = new TabPane();
    private final StackPane center = new StackPane();
    private final VBox welcome = new VBox(10);
    private final Label statusText = new Label();
    private final Label captureText = new Label("no capture open");
    private final ProgressIndicator progress = new ProgressIndicator();
    private final Button cancel = new Button("Cancel");
    private final Menu recentMenu = new Menu("Open Recent");
    private final ReadOnlyStringWrapper lastError = new ReadOnlyStringWrapper();
    /** The tabs' titles; each view is built when first needed (its controls and classes cost the window's start). */
    private static final List<String> TITLES = List.of("Overview", "Latency", "Flame graph", "Timeline", "SQL");
    private static final int OVERVIEW = 0, LATENCY = 1, FLAME = 2, TIMELINE = 3, SQL = 4;
    private final CaptureView[] views = new CaptureView[TITLES.size()];
    private final Scene scene;
    private OpenCapture capture;
    private OpenCapture baseline;
    private boolean dark;

    public WorkbenchWindow(Stage stage, Settings settings) {
        this.stage = stage;
        this.settings = settings;
        this.dark = settings.dark();
        Warmup.start();
        // a view's controls join the scene when its tab is first shown: the CSS and layout of all five (charts, the
        // SQL console's table, the canvases) would otherwise hold up the window's first appearance
        for (String title : TITLES) {
            Tab t = new Tab(title);
            t.setClosable(false);
            tabs.getTabs().add(t);
        }
        attachContent(0);
        tabs.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            attachContent(b.intValue());
            current().showIfStale();
            settings.tab(b.intValue());
        });
        filter.property().addListener((o, a, b) -> {
            built().forEach(CaptureView::invalidate);
            current().showIfStale();
            if (a == null || !java.util.Objects.equals(a.comm(), b.comm())) sayCommMatched(b.comm());
        });
        buildWelcome();
        // the tabs (and the shown view) are in the scene from the start, under the start page: their first CSS and
        // layout pass (0.5-1 s of the UI thread in a cold JVM) happens when the window shows, not when a capture opens
        center.getChildren().setAll(tabs, welcome);
        showWelcome(true);

        progress.setPrefSize(18, 18);
        progress.visibleProperty().bind(jobs.busyProperty());
        cancel.visibleProperty().bind(jobs.busyProperty());
        cancel.setOnAction(e -> jobs.cancel());
        statusText.textProperty().bind(jobs.statusProperty());
        Label spacer = new Label();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox status = new HBox(8, captureText, spacer, statusText, progress, cancel);
        status.setAlignment(Pos.CENTER_LEFT);
        status.setPadding(new Insets(3, 8, 3, 8));
        status.getStyleClass().add("status-bar");

        BorderPane root = new BorderPane();
        root.setTop(new VBox(menus(), filterBar));
        root.setCenter(center);
        root.setBottom(status);
        scene = new Scene(root);
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) e.acceptTransferModes(TransferMode.COPY);
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            List<File> files = e.getDragboard().getFiles();
            if (files != null && !files.isEmpty()) open(files.getFirst().toPath());
            e.setDropCompleted(files != null && !files.isEmpty());
            e.consume();
        });
        applyTheme();
        stage.setScene(scene);
        stage.setTitle("jrec workbench");
        settings.restore(stage);
        stage.setOnCloseRequest(e -> shutdown());
        int tab = settings.tab();
        if (tab >= 0 && tab < TITLES.size()) tabs.getSelectionModel().select(tab);
    }

    private void attachContent(int tab) {
        if (tab < 0 || tab >= TITLES.size()) return;
        Tab t = tabs.getTabs().get(tab);
        if (t.getContent() == null) t.setContent(view(tab).node());
    }

    /** The view of a tab, built on first use. */
    private CaptureView view(int tab) {
        if (views[tab] == null) {
            views[tab] = switch (tab) {
                case OVERVIEW -> new OverviewView(this);
                case LATENCY -> new HistogramView(this);
                case FLAME -> new FlameView(this);
                case TIMELINE -> new TimelineView(this);
                case SQL -> new SqlConsoleView(this);
                default -> throw new IllegalArgumentException("no tab " + tab);
            };
            if (!views[tab].title().equals(TITLES.get(tab))) throw new IllegalStateException(views[tab].title() + " is not " + TITLES.get(tab));
        }
        return views[tab];
    }

    /** The views built so far: the others have nothing to clear or invalidate. */
    private List<CaptureView> built() {
        return java.util.Arrays.stream(views).filter(java.util.Objects::nonNull).toList();
    }

    private MenuBar menus() {
        MenuItem open = item("Open…", "Shortcut+O", this::chooseAndOpen);
        MenuItem close = item("Close", "Shortcut+W", this::closeCapture);
        MenuItem png = item("Export View as PNG…", "Shortcut+E", this::exportPng);
        MenuItem chartSvg = item("Export View as SVG…", "Shortcut+Shift+E", this::exportSvg);
        MenuItem html = item("Export HTML Report of the Filter…", "Shortcut+Shift+H", this::exportHtml);
        MenuItem folded = item("Export Folded Stacks…", null, () -> exportStacks(false));
        MenuItem svg = item("Export Flame Graph SVG…", null, () -> exportStacks(true));
        MenuItem compare = item("Compare With Capture…", "Shortcut+Shift+O", this::chooseBaseline);
        MenuItem stopCompare = item("Stop Comparing", null, () -> compareWith(null));
        MenuItem quit = item("Quit", "Shortcut+Q", () -> {
            shutdown();
            stage.close();
        });
        refreshRecent();
        Menu file = new Menu("File", null, open, recentMenu, close, new SeparatorMenuItem(), compare, stopCompare, new SeparatorMenuItem(), png, chartSvg, html, folded, svg, new SeparatorMenuItem(), quit);

        Menu view = new Menu("View");
        for (int i = 0; i < TITLES.size(); i++) {
            int index = i;
            view.getItems().add(item(TITLES.get(i), "Shortcut+" + (i + 1), () -> tabs.getSelectionModel().select(index)));
        }
        CheckMenuItem darkItem = new CheckMenuItem("Dark Theme");
        darkItem.setSelected(dark);
        darkItem.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+D"));
        darkItem.setOnAction(e -> {
            dark = darkItem.isSelected();
            settings.dark(dark);
            applyTheme();
        });
        MenuItem reload = item("Reload View", "F5", () -> {
            current().invalidate();
            current().showIfStale();
        });
        MenuItem find = item("Find in Flame Graph", "Shortcut+F", () -> {
            tabs.getSelectionModel().select(FLAME);
            flame().focusSearch();
        });
        view.getItems().addAll(new SeparatorMenuItem(), find, reload, darkItem);

        MenuItem back = item("Back", "Alt+Left", filter::back);
        back.disableProperty().bind(javafx.beans.binding.Bindings.not(filter.canBack()));
        MenuItem forward = item("Forward", "Alt+Right", filter::forward);
        forward.disableProperty().bind(javafx.beans.binding.Bindings.not(filter.canForward()));
        Menu filterMenu = new Menu("Filter", null, back, forward, new SeparatorMenuItem(),
                item("Clear Filter", "Shortcut+Shift+X", filter::clear),
                item("Clear Time Range", "Shortcut+Shift+T", filter::clearWindow));
        Menu help = new Menu("Help", null, item("Keyboard Shortcuts", "F1", this::shortcuts));
        return new MenuBar(file, view, filterMenu, help);
    }

    private static MenuItem item(String text, String accel, Runnable action) {
        MenuItem m = new MenuItem(text);
        if (accel != null) m.setAccelerator(KeyCombination.keyCombination(accel));
        m.setOnAction(e -> action.run());
        return m;
    }

    private void buildWelcome() {
        welcome.setAlignment(Pos.CENTER);
        welcome.getStyleClass().add("welcome");
        refreshWelcome();
    }

    private void showWelcome(boolean on) {
        welcome.setVisible(on);
        tabs.setVisible(!on);
    }

    private void refreshWelcome() {
        Label title = new Label("jrec workbench");
        title.getStyleClass().add("welcome-title");
        Label hint = new Label("Open a capture (Ctrl+O) or drop a .parquet file here.");
        Button open = new Button("Open capture…");
        open.setOnAction(e -> chooseAndOpen());
        welcome.getChildren().setAll(title, hint, open);
        List<Path> recent = settings.recent();
        if (!recent.isEmpty()) welcome.getChildren().add(new Label("Recent captures"));
        for (Path p : recent) {
            Hyperlink l = new Hyperlink(p.toString());
            l.setOnAction(e -> open(p));
            welcome.getChildren().add(l);
        }
    }

    private void refreshRecent() {
        recentMenu.getItems().clear();
        for (Path p : settings.recent()) recentMenu.getItems().add(item(p.toString(), null, () -> open(p)));
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    private CaptureView current() {
        return view(Math.max(0, tabs.getSelectionModel().getSelectedIndex()));
    }

    public Stage stage() {
        return stage;
    }

    public void show() {
        stage.show();
    }

    /** Saves the layout, closes the capture after its queries and closes the window, as the close button does. */
    public void close() {
        shutdown();
        stage.close();
    }

    /**
     * Opens a capture in the background, in two steps: its footer (CaptureProbe: a file that is not a capture gets
     * its line in a dialog), which the overview shows at once, then its database, which the views query.
     */
    public void open(Path path) {
        Warmup.start();
        jobs.submit("open", "Opening " + path.getFileName(), () -> CaptureProbe.probe(path), md -> {
            probed(path, md);
            jobs.submit("open", "Opening " + path.getFileName(), () -> OpenCapture.open(path), this::attach, why -> {
                error("Cannot open " + path.getFileName(), why);
                closeCapture();
            }, this::closeLater);
        }, why -> error("Cannot open " + path.getFileName(), why));
    }

    /** The capture's footer is read: the overview shows what it says while the database opens. */
    private void probed(Path path, CaptureMetadata md) {
        OpenCapture old = capture;
        capture = null;
        jobs.capture(null);
        if (old != null) closeLater(old);
        built().forEach(CaptureView::clear);
        built().forEach(CaptureView::invalidate);
        showWelcome(false);
        overview().showFooter(md);
        String host = md.host();
        long span = md.startNs().isPresent() && md.endNs().isPresent() ? md.endNs().getAsLong() - md.startNs().getAsLong() : -1;
        captureText.setText(path.getFileName() + (host == null ? "" : " · " + host) + (span < 0 ? "" : " · " + Units.duration(span)));
        stage.setTitle("jrec workbench — " + path.getFileName());
    }

    private void attach(OpenCapture c) {
        capture = c;
        jobs.capture(c);
        settings.opened(c.path());
        refreshRecent();
        refreshWelcome();
        built().forEach(CaptureView::invalidate);
        filter.reset(c.startNs());
        String host = c.reports().metadata().host();
        captureText.setText(c.path().getFileName() + (host == null ? "" : " · " + host) + " · " + Units.duration(c.endNs() - c.startNs()));
        current().showIfStale();
    }

    /** Closes a capture after the queries already queued for it (one connection: never close it under a query). */
    private void closeLater(OpenCapture c) {
        jobs.submit("close-" + System.identityHashCode(c), "Closing", () -> {
            c.close();
            return Boolean.TRUE;
        }, x -> {}, why -> {});
    }

    /** Closes the open capture, or the one being opened (its footer shown, its database not yet open). */
    private void closeCapture() {
        if (capture == null && welcome.isVisible()) return;
        jobs.cancel();
        if (capture != null) closeLater(capture);
        capture = null;
        jobs.capture(null);
        built().forEach(CaptureView::clear);
        filter.reset(0);
        refreshWelcome();
        showWelcome(true);
        captureText.setText("no capture open");
        stage.setTitle("jrec workbench");
    }

    private void chooseBaseline() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Compare with another capture (a baseline)");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("jrec captures (*.parquet)", "*.parquet"));
        File f = fc.showOpenDialog(stage);
        if (f != null) compareWith(f.toPath());
    }

    /**
     * Opens {@code path} as the baseline every view compares the open capture with; null stops comparing. The
     * baseline stays when another capture is opened, so a series of captures can be held against one good day.
     */
    public void compareWith(Path path) {
        if (path == null) {
            if (baseline != null) closeLater(baseline);
            baseline = null;
            built().forEach(CaptureView::invalidate);
            if (capture != null) current().showIfStale();
            return;
        }
        jobs.submit("baseline", "Opening " + path.getFileName() + " to compare with", () -> OpenCapture.open(path), b -> {
            if (baseline != null) closeLater(baseline);
            baseline = b;
            built().forEach(CaptureView::invalidate);
            if (capture != null) current().showIfStale();
            flash("comparing with " + path.getFileName());
        }, why -> error("Cannot open " + path.getFileName(), why), this::closeLater);
    }

    private void chooseAndOpen() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a jrec capture");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("jrec captures (*.parquet)", "*.parquet"),
                new FileChooser.ExtensionFilter("All files", "*"));
        List<Path> recent = settings.recent();
        if (!recent.isEmpty() && recent.getFirst().getParent() != null && Files.isDirectory(recent.getFirst().getParent())) {
            fc.setInitialDirectory(recent.getFirst().getParent().toFile());
        }
        File f = fc.showOpenDialog(stage);
        if (f != null) open(f.toPath());
    }

    /** Shows a one-line error in a dialog that does not block the UI thread; tests read {@link #lastErrorProperty()}. */
    void error(String header, String line) {
        lastError.set(line);
        Alert a = new Alert(Alert.AlertType.ERROR);
        a.initOwner(stage);
        a.setTitle("jrec workbench");
        a.setHeaderText(header);
        a.setContentText(line);
        a.show();
    }

    public ReadOnlyStringProperty lastErrorProperty() {
        return lastError.getReadOnlyProperty();
    }

    private Path chooseSave(String title, String name, String ext) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.setInitialFileName(name);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(ext.toUpperCase() + " files", "*." + ext));
        File f = fc.showSaveDialog(stage);
        return f == null ? null : f.toPath();
    }

    private void exportPng() {
        if (capture == null) return;
        Path p = chooseSave("Export the view as PNG", current().title().toLowerCase().replace(' ', '-') + ".png", "png");
        if (p != null) exportPng(p);
    }

    /** Writes the current view's chart, graph or timeline as a PNG. */
    public void exportPng(Path out) {
        try {
            Exports.png(current().exportNode(), exportCaption(), out);
            flash("wrote " + out);
        } catch (Exception e) {
            error("Cannot write " + out.getFileName(), Jobs.reason(e));
        }
    }

    private void exportSvg() {
        if (capture == null) return;
        if (!(current().exportNode() instanceof ChartViewer) && current() != views[FLAME]) {
            error("No SVG of this view", "SVG export is for the charts (overview, latency) and the flame graph; export the "
                    + current().title().toLowerCase() + " as PNG (Ctrl+E)");
            return;
        }
        if (current() == views[FLAME]) {
            exportStacks(true);
            return;
        }
        Path p = chooseSave("Export the chart as SVG", current().title().toLowerCase().replace(' ', '-') + ".svg", "svg");
        if (p != null) exportSvg(p);
    }

    /** Writes the current view's chart (the overview's CPU chart, the latency histogram) as SVG. */
    public void exportSvg(Path out) {
        try {
            if (!(current().exportNode() instanceof ChartViewer v)) throw new java.io.IOException("the " + current().title() + " view has no chart");
            Exports.svg(v.getChart(), exportCaption(), v.getWidth(), v.getHeight(), out);
            flash("wrote " + out);
        } catch (Exception e) {
            error("Cannot write " + out.getFileName(), Jobs.reason(e));
        }
    }

    private void exportHtml() {
        if (capture == null) return;
        Path p = chooseSave("Export the HTML report of the current filter", "postmortem.html", "html");
        if (p != null) exportHtml(p, () -> flash("wrote " + p));
    }

    public void exportHtml(Path out, Runnable done) {
        OpenCapture c = capture;
        var f = filter.get();
        jobs.submit("export-html", "Writing the HTML report", () -> {
            Exports.html(c, f, out);
            return out;
        }, x -> done.run(), why -> error("Cannot write " + out.getFileName(), why));
    }

    private void exportStacks(boolean svg) {
        StackProfile p = views[FLAME] == null ? null : flame().profile();
        if (capture == null || p == null) {
            error("Nothing to export", "open the flame graph of a capture with stacks first");
            return;
        }
        Path out = chooseSave(svg ? "Export the flame graph as SVG" : "Export folded stacks", "stacks" + (svg ? ".svg" : ".folded"), svg ? "svg" : "folded");
        if (out == null) return;
        try {
            if (svg) Exports.svg(capture, filter.get(), p, "Flame graph: " + flame().graphTitle() + " · " + capture.path().getFileName(), out);
            else Exports.folded(p, out);
            flash("wrote " + out);
        } catch (Exception e) {
            error("Cannot write " + out.getFileName(), Jobs.reason(e));
        }
    }

    /** The view, the capture (file, host, span) and the filter, written into an exported picture. */
    public String exportCaption() {
        String host = capture.reports().metadata().host();
        return Exports.caption(current().title(), capture.path().getFileName() + (host == null ? "" : " · " + host) + " · "
                + Units.duration(capture.endNs() - capture.startNs()), "filter: " + filter.describe());
    }

    private void flash(String s) {
        captureText.setText(s);
    }

    private void shortcuts() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(stage);
        a.setTitle("Keyboard shortcuts");
        a.setHeaderText("Keyboard shortcuts");
        a.setContentText("""
                Ctrl+O open · Ctrl+W close · Ctrl+1…5 switch view · F5 reload view
                Ctrl+E export view as PNG · Ctrl+Shift+E as SVG · Ctrl+Shift+H HTML report
                Ctrl+Shift+X clear the filter · Ctrl+Shift+T clear the time range
                Alt+← / Alt+→ back and forward through the filters (time ranges, processes, comm)
                Ctrl+F search the flame graph · Esc reset its zoom
                Timeline: W/S zoom · A/D pan · 0 show all · drag selects · right-drag pans · Shift+drag measures, Esc clears
                Ctrl+Shift+D dark theme · SQL: Ctrl+Enter runs""");
        a.show();
    }

    private void applyTheme() {
        scene.getStylesheets().setAll(WorkbenchWindow.class.getResource("workbench.css").toExternalForm());
        if (dark) scene.getStylesheets().add(WorkbenchWindow.class.getResource("dark.css").toExternalForm());
        built().forEach(CaptureView::themeChanged);
    }

    private void shutdown() {
        settings.save(stage);
        jobs.cancel();
        if (capture != null) closeLater(capture);
        if (baseline != null) closeLater(baseline);
        capture = null;
        baseline = null;
        jobs.close();
    }

    // Session

    /** The comm filter keeps threads by their comm or their process's name: the filter bar says which it kept. */
    private void sayCommMatched(String pattern) {
        OpenCapture c = capture();
        if (pattern == null || c == null) {
            filterBar.commMatched(null);
            return;
        }
        jobs.submit("comm-matched", "Matching " + pattern, () -> dev.jrec.analysis.Reports.describeMatched(c.reports().commMatched(pattern)),
                filterBar::commMatched, why -> filterBar.commMatched(null));
    }

    /** What the filter bar says the comm filter kept; "" without a comm filter. */
    public String commMatched() {
        return filterBar.commMatched();
    }

    @Override
    public OpenCapture capture() {
        return capture;
    }

    @Override
    public OpenCapture baseline() {
        return baseline;
    }

    @Override
    public Jobs jobs() {
        return jobs;
    }

    @Override
    public FilterModel filter() {
        return filter;
    }

    @Override
    public boolean dark() {
        return dark;
    }

    @Override
    public void reveal(long fromNs, long toNs, int tid) {
        tabs.getSelectionModel().select(TIMELINE);
        timeline().reveal(fromNs, toNs, tid);
    }

    @Override
    public Window window() {
        return stage;
    }

    @Override
    public void remember(String id, SplitPane pane) {
        double[] saved = settings.dividers(id);
        boolean[] restored = {saved == null || saved.length != pane.getDividers().size()};
        for (SplitPane.Divider d : pane.getDividers()) {
            d.positionProperty().addListener((o, x, y) -> {
                if (restored[0]) settings.dividers(id, pane.getDividerPositions());
            });
        }
        if (restored[0]) return;
        // positions set before the pane's first layout at its real size get squeezed by it: put them back after that
        javafx.beans.InvalidationListener[] once = new javafx.beans.InvalidationListener[1];
        once[0] = o -> {
            if (pane.getWidth() <= 0 || pane.getHeight() <= 0) return;
            pane.widthProperty().removeListener(once[0]);
            pane.heightProperty().removeListener(once[0]);
            javafx.application.Platform.runLater(() -> {
                pane.setDividerPositions(saved);
                restored[0] = true;
            });
        };
        pane.widthProperty().addListener(once[0]);
        pane.heightProperty().addListener(once[0]);
    }

    // for tests and the screenshot script

    public void select(CaptureView v) {
        tabs.getSelectionModel().select(java.util.Arrays.asList(views).indexOf(v));
    }

    public OverviewView overview() {
        return (OverviewView) view(OVERVIEW);
    }

    public HistogramView latency() {
        return (HistogramView) view(LATENCY);
    }

    public FlameView flame() {
        return (FlameView) view(FLAME);
    }

    public TimelineView timeline() {
        return (TimelineView) view(TIMELINE);
    }

    public SqlConsoleView sql() {
        return (SqlConsoleView) view(SQL);
    }

    public void dark(boolean d) {
        dark = d;
        applyTheme();
    }
}
