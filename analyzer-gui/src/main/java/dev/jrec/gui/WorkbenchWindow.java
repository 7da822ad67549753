package dev.jrec.gui;

import dev.jrec.analysis.StackProfile;
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

/** The workbench window: menus, the filter bar, a tab per view, and a status bar with the running query and Cancel. */
public final class WorkbenchWindow implements Session {
    private final Stage stage;
    private final Settings settings;
    private final Jobs jobs = new Jobs();
    private final FilterModel filter = new FilterModel();
    private final TabPane tabs = new TabPane();
    private final StackPane center = new StackPane();
    private final VBox welcome = new VBox(10);
    private final Label statusText = new Label();
    private final Label captureText = new Label("no capture open");
    private final ProgressIndicator progress = new ProgressIndicator();
    private final Button cancel = new Button("Cancel");
    private final Menu recentMenu = new Menu("Open Recent");
    private final ReadOnlyStringWrapper lastError = new ReadOnlyStringWrapper();
    private final OverviewView overview = new OverviewView(this);
    private final HistogramView latency = new HistogramView(this);
    private final FlameView flame = new FlameView(this);
    private final TimelineView timeline = new TimelineView(this);
    private final SqlConsoleView sql = new SqlConsoleView(this);
    private final List<CaptureView> views = List.of(overview, latency, flame, timeline, sql);
    private final Scene scene;
    private OpenCapture capture;
    private boolean dark;

    public WorkbenchWindow(Stage stage, Settings settings) {
        this.stage = stage;
        this.settings = settings;
        this.dark = settings.dark();
        for (CaptureView v : views) {
            Tab t = new Tab(v.title(), v.node());
            t.setClosable(false);
            tabs.getTabs().add(t);
        }
        tabs.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            current().showIfStale();
            settings.tab(b.intValue());
        });
        filter.property().addListener((o, a, b) -> {
            views.forEach(CaptureView::invalidate);
            current().showIfStale();
        });
        buildWelcome();
        center.getChildren().setAll(welcome);

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
        root.setTop(new VBox(menus(), new FilterBar(filter)));
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
        if (tab >= 0 && tab < views.size()) tabs.getSelectionModel().select(tab);
    }

    private MenuBar menus() {
        MenuItem open = item("Open…", "Shortcut+O", this::chooseAndOpen);
        MenuItem close = item("Close", "Shortcut+W", this::closeCapture);
        MenuItem png = item("Export View as PNG…", "Shortcut+E", this::exportPng);
        MenuItem html = item("Export HTML Report of the Filter…", "Shortcut+Shift+H", this::exportHtml);
        MenuItem folded = item("Export Folded Stacks…", null, () -> exportStacks(false));
        MenuItem svg = item("Export Flame Graph SVG…", null, () -> exportStacks(true));
        MenuItem quit = item("Quit", "Shortcut+Q", () -> {
            shutdown();
            stage.close();
        });
        refreshRecent();
        Menu file = new Menu("File", null, open, recentMenu, close, new SeparatorMenuItem(), png, html, folded, svg, new SeparatorMenuItem(), quit);

        Menu view = new Menu("View");
        for (int i = 0; i < views.size(); i++) {
            int index = i;
            view.getItems().add(item(views.get(i).title(), "Shortcut+" + (i + 1), () -> tabs.getSelectionModel().select(index)));
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
            tabs.getSelectionModel().select(views.indexOf(flame));
            flame.focusSearch();
        });
        view.getItems().addAll(new SeparatorMenuItem(), find, reload, darkItem);

        Menu filterMenu = new Menu("Filter", null,
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
        return views.get(Math.max(0, tabs.getSelectionModel().getSelectedIndex()));
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

    /** Opens a capture in the background; a file that is not one gets CaptureProbe's line in a dialog. */
    public void open(Path path) {
        jobs.submit("open", "Opening " + path.getFileName(), () -> OpenCapture.open(path), this::attach,
                why -> error("Cannot open " + path.getFileName(), why));
    }

    private void attach(OpenCapture c) {
        OpenCapture old = capture;
        capture = c;
        jobs.capture(c);
        if (old != null) closeLater(old);
        settings.opened(c.path());
        refreshRecent();
        refreshWelcome();
        views.forEach(CaptureView::clear);
        views.forEach(CaptureView::invalidate);
        filter.reset(c.startNs());
        center.getChildren().setAll(tabs);
        String host = c.reports().metadata().host();
        captureText.setText(c.path().getFileName() + (host == null ? "" : " · " + host) + " · " + Units.duration(c.endNs() - c.startNs()));
        stage.setTitle("jrec workbench — " + c.path().getFileName());
        current().showIfStale();
    }

    /** Closes a capture after the queries already queued for it (one connection: never close it under a query). */
    private void closeLater(OpenCapture c) {
        jobs.submit("close-" + System.identityHashCode(c), "Closing", () -> {
            c.close();
            return Boolean.TRUE;
        }, x -> {}, why -> {});
    }

    private void closeCapture() {
        if (capture == null) return;
        jobs.cancel();
        closeLater(capture);
        capture = null;
        jobs.capture(null);
        views.forEach(CaptureView::clear);
        filter.reset(0);
        refreshWelcome();
        center.getChildren().setAll(welcome);
        captureText.setText("no capture open");
        stage.setTitle("jrec workbench");
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
            Exports.png(current().exportNode(), out);
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
        StackProfile p = flame.profile();
        if (capture == null || p == null) {
            error("Nothing to export", "open the flame graph of a capture with stacks first");
            return;
        }
        Path out = chooseSave(svg ? "Export the flame graph as SVG" : "Export folded stacks", "stacks" + (svg ? ".svg" : ".folded"), svg ? "svg" : "folded");
        if (out == null) return;
        try {
            if (svg) Exports.svg(capture, filter.get(), p, "Flame graph: " + flame.graphTitle(), out);
            else Exports.folded(p, out);
            flash("wrote " + out);
        } catch (Exception e) {
            error("Cannot write " + out.getFileName(), Jobs.reason(e));
        }
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
                Ctrl+E export view as PNG · Ctrl+Shift+H HTML report of the filter
                Ctrl+Shift+X clear the filter · Ctrl+Shift+T clear the time range
                Ctrl+F search the flame graph · Esc reset its zoom
                Timeline: W/S zoom · A/D pan · 0 show all · drag selects · right-drag pans
                Ctrl+Shift+D dark theme · SQL: Ctrl+Enter runs""");
        a.show();
    }

    private void applyTheme() {
        scene.getStylesheets().setAll(WorkbenchWindow.class.getResource("workbench.css").toExternalForm());
        if (dark) scene.getStylesheets().add(WorkbenchWindow.class.getResource("dark.css").toExternalForm());
        views.forEach(CaptureView::themeChanged);
    }

    private void shutdown() {
        settings.save(stage);
        jobs.cancel();
        if (capture != null) closeLater(capture);
        capture = null;
        jobs.close();
    }

    // Session

    @Override
    public OpenCapture capture() {
        return capture;
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
        tabs.getSelectionModel().select(views.indexOf(timeline));
        timeline.reveal(fromNs, toNs, tid);
    }

    @Override
    public Window window() {
        return stage;
    }

    // for tests and the screenshot script

    public void select(CaptureView v) {
        tabs.getSelectionModel().select(views.indexOf(v));
    }

    public OverviewView overview() {
        return overview;
    }

    public HistogramView latency() {
        return latency;
    }

    public FlameView flame() {
        return flame;
    }

    public TimelineView timeline() {
        return timeline;
    }

    public SqlConsoleView sql() {
        return sql;
    }

    public void dark(boolean d) {
        dark = d;
        applyTheme();
    }
}
