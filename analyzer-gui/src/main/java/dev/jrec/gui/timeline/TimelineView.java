package dev.jrec.gui.timeline;

import dev.jrec.analysis.Filter;
import dev.jrec.gui.CaptureView;
import dev.jrec.gui.OpenCapture;
import dev.jrec.gui.Palette;
import dev.jrec.gui.Session;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollBar;
import javafx.geometry.Orientation;
import javafx.scene.layout.Pane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;

/** The incident timeline: CPU lanes and thread lanes over the whole recording, the filter's window as the selection. */
public final class TimelineView extends CaptureView {
    private final TimelineCanvas canvas = new TimelineCanvas();
    private final ScrollBar lanesBar = new ScrollBar();
    private final Pane canvasPane = new Pane(canvas);
    private static final String HELP = "Drag to select a time range for every view · click a slice for details and its stacks · "
            + "Ctrl+wheel or W/S zoom · Shift+wheel, A/D or right-drag pan · 0 shows all · Shift+drag measures (Esc clears) · "
            + "click a group's header to fold it · right-click a lane to pin it or filter to its process";
    private final javafx.scene.control.TextArea details = new javafx.scene.control.TextArea(HELP);
    private final Label notes = new Label();
    private final BorderPane root = new BorderPane();
    private final javafx.scene.control.TextField find = new javafx.scene.control.TextField();
    private final BookmarkMenu bookmarks = new BookmarkMenu(session, canvas, notes::setText);
    private final ThreadStatesPane states = new ThreadStatesPane(session, this::showLane);
    private final javafx.scene.control.TabPane bottom = new javafx.scene.control.TabPane();
    private TimelineData data;
    /** Threads whose states were asked for, so a scroll does not ask twice. */
    private final java.util.Set<Integer> requested = new java.util.HashSet<>();
    /** Threads whose markers were asked for, for the window of the current detail. */
    private final java.util.Set<Integer> marksRequested = new java.util.HashSet<>();
    private int batches;
    private double contextY;
    private long[] pendingReveal;
    /** A zoom or pan reads the detail of the new window once the view rests this long (a wheel turn is many zooms). */
    private final javafx.animation.PauseTransition detailDelay = new javafx.animation.PauseTransition(javafx.util.Duration.millis(200));

    public TimelineView(Session session) {
        super(session);
        // the canvas is as large as the window and scrolls its lanes itself: a canvas as tall as hundreds of lanes
        // would cost its full size in texture memory and drawing
        lanesBar.setOrientation(Orientation.VERTICAL);
        lanesBar.valueProperty().addListener((o, a, b) -> canvas.scrollY(b.doubleValue()));
        canvas.onScrollY(y -> {
            lanesBar.setValue(y);
            loadVisibleStates();
        });
        canvasPane.widthProperty().addListener(o -> size());
        canvasPane.heightProperty().addListener(o -> size());
        canvasPane.setMinSize(0, 0);
        canvas.onSelect((a, b) -> session.filter().window(a, b));
        canvas.onView(detailDelay::playFromStart);
        detailDelay.setOnFinished(e -> loadDetail());
        canvas.onClick(this::clicked);
        canvas.onRows(this::size);
        session.filter().property().addListener((o, a, f) -> showSelection(f));

        Button in = new Button("Zoom in (W)");
        in.setOnAction(e -> canvas.zoom(0.5, TimelineCanvas.LABELS + (canvas.getWidth() - TimelineCanvas.LABELS) / 2));
        Button out = new Button("Zoom out (S)");
        out.setOnAction(e -> canvas.zoom(2, TimelineCanvas.LABELS + (canvas.getWidth() - TimelineCanvas.LABELS) / 2));
        Button all = new Button("Show all (0)");
        all.setOnAction(e -> {
            if (data != null) canvas.view(data.startNs, data.endNs);
        });
        Button toSel = new Button("Zoom to selection");
        toSel.setOnAction(e -> {
            Filter f = session.filter().get();
            if (f.windowed()) canvas.view(f.fromNs(), f.toNs());
        });
        find.setPromptText("find a thread or process");
        find.setPrefColumnCount(14);
        find.setTooltip(new javafx.scene.control.Tooltip("Enter shows the next lane whose thread or process name contains this, opening its group"));
        find.setOnAction(e -> {
            int tid = canvas.find(find.getText());
            if (tid >= 0) showLane(tid);
            else details.setText("no thread or process lane is named like '" + find.getText() + "'");
        });
        // wraps the legend onto a second row rather than cutting the buttons short in a narrow window
        javafx.scene.layout.FlowPane bar = new javafx.scene.layout.FlowPane(8, 4, in, out, all, toSel, find, bookmarks.addButton(), bookmarks.menu(), legend("running", "running"), legend("runnable", "runnable"),
                legend("S", "sleeping (S)"), legend("D", "blocked (D)"), legend("I", "idle (I)"), swatch(Color.web("#1a73e8"), "syscall"),
                swatch(Color.web("#a142f4"), "block I/O"), swatch(LanePainter.CONNECTION, "TCP connection"), swatch(LanePainter.LISTENER, "listening"), swatch(LanePainter.RETRANSMIT, "retransmit"),
                swatch(LanePainter.WARNING, "reset ▲ sent ▼ received, drop ✕"), swatch(TimelineOverlays.OOM, "OOM kill"),
                swatch(LanePainter.IRQ, "IRQ time (over a CPU)"), swatch(LanePainter.WAIT, "lock wait (over a thread)"), swatch(LanePainter.CALL, "probed call (uprobe, USDT)"),
                swatch(TimelineOverlays.LOSS_MARK, "events lost (hatched)"));
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8));
        details.setEditable(false);
        details.setWrapText(true);
        details.setPrefRowCount(4);
        notes.setPadding(new Insets(0, 8, 4, 8));
        notes.setWrapText(true);
        notes.managedProperty().bind(notes.textProperty().isNotEmpty());
        notes.visibleProperty().bind(notes.textProperty().isNotEmpty());
        notes.getStyleClass().add("fact-key");
        root.setTop(new javafx.scene.layout.VBox(bar, notes));

        javafx.scene.control.Tab detailsTab = new javafx.scene.control.Tab("Details", details);
        javafx.scene.control.Tab statesTab = new javafx.scene.control.Tab("Thread states", states.node());
        detailsTab.setClosable(false);
        statesTab.setClosable(false);
        bottom.getTabs().setAll(detailsTab, statesTab);
        statesTab.setOnSelectionChanged(e -> {
            if (statesTab.isSelected() && session.capture() != null && states.isStale()) states.load(session.capture());
        });
        // the selection's summary comes forward when a range is selected, the slice's details when one is clicked
        javafx.scene.control.SplitPane split = new javafx.scene.control.SplitPane(new BorderPane(canvasPane, null, lanesBar, null, null), bottom);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.68);
        javafx.scene.control.SplitPane.setResizableWithParent(bottom, false);
        root.setCenter(split);

        MenuItem filterProcess = new MenuItem("Filter every view to this process");
        filterProcess.setOnAction(e -> {
            Lane l = contextLane();
            if (l != null && !l.isCpu() && l.pid >= 0) session.filter().addPid(l.pid);
        });
        MenuItem pin = new MenuItem("Pin under the CPUs");
        pin.setOnAction(e -> {
            Lane l = contextLane();
            if (l != null && l.isThread()) canvas.pin(l.tid, !canvas.pinned(l.tid));
        });
        MenuItem fold = new MenuItem("Fold or unfold this group");
        fold.setOnAction(e -> {
            Lane l = contextLane();
            if (l != null && l.header) canvas.toggle(l);
        });
        ContextMenu menu = new ContextMenu(filterProcess, pin, fold);
        canvas.setOnContextMenuRequested(e -> {
            contextY = e.getY();
            Lane l = contextLane();
            filterProcess.setDisable(l == null || l.isCpu() || l.pid < 0);
            pin.setDisable(l == null || !l.isThread());
            pin.setText(l != null && l.isThread() && canvas.pinned(l.tid) ? "Unpin" : "Pin under the CPUs");
            fold.setDisable(l == null || !l.header);
            menu.show(canvas, e.getScreenX(), e.getScreenY());
        });
    }

    private static Node legend(String state, String label) {
        return swatch(Palette.state(state), label);
    }

    private static Node swatch(Color c, String label) {
        Rectangle r = new Rectangle(12, 12, c);
        HBox b = new HBox(4, r, new Label(label));
        b.setAlignment(Pos.CENTER_LEFT);
        return b;
    }

    private void size() {
        canvas.setWidth(Math.max(300, canvasPane.getWidth()));
        canvas.setHeight(Math.max(100, canvasPane.getHeight()));
        lanesBar.setMax(canvas.maxScrollY());
        lanesBar.setVisibleAmount(canvas.getHeight());
        lanesBar.setUnitIncrement(TimelineCanvas.LANE);
        lanesBar.setBlockIncrement(canvas.getHeight() * 0.8);
        lanesBar.setDisable(canvas.maxScrollY() <= 0);
        loadVisibleStates();
        detailDelay.playFromStart();
    }

    /**
     * The view with a margin of half its width on each side (a pan shows what is there at once), in buckets of a
     * pixel: {from, to, bucket}.
     */
    private long[] detailWindow(long from, long to, double nsPerPixel) {
        long span = to - from;
        return new long[] {from - span / 2, to + span / 2, Math.max(1, (long) Math.floor(nsPerPixel))};
    }

    /** Reads what ran and the syscalls in the view at its pixels' resolution, unless what was read covers it. */
    private void loadDetail() {
        OpenCapture c = session.capture();
        TimelineData d = data;
        if (c == null || d == null || d.detailCovers(canvas.viewFrom(), canvas.viewTo(), canvas.nsPerPixel())) return;
        long[] w = detailWindow(canvas.viewFrom(), canvas.viewTo(), canvas.nsPerPixel());
        Filter f = session.filter().get();
        List<Integer> tids = lanesInSight(d).stream().map(l -> l.tid).toList();
        session.jobs().submit("timeline-detail", "Loading the timeline's detail", () -> TimelineData.detail(c, f, d.startNs, d.endNs, w[0], w[1], w[2], true, tids),
                detail -> {
                    if (data != d) return;
                    d.install(detail);
                    marksRequested.clear();
                    marksRequested.addAll(detail.tids());
                    requested.clear();
                    canvas.lanesChanged();
                    loadVisibleStates();
                }, why -> notes.setText("could not load the timeline: " + why));
    }

    /** The thread lanes in sight, and a screenful below. */
    private List<Lane> lanesInSight(TimelineData d) {
        return canvas.threadsInSight(1);
    }

    private Lane contextLane() {
        int li = canvas.laneAt(contextY);
        return li < 0 ? null : canvas.lanes().get(li);
    }

    /** Reads the states and the markers of the threads in sight (and a screenful below) that are not loaded yet. */
    private void loadVisibleStates() {
        OpenCapture c = session.capture();
        TimelineData d = data;
        if (c == null || d == null) return;
        List<Integer> marks = new ArrayList<>();
        for (Lane l : lanesInSight(d)) if (!l.marksLoaded && marksRequested.add(l.tid)) marks.add(l.tid);
        if (!marks.isEmpty()) {
            Filter f = session.filter().get();
            long from = d.detailFrom, to = d.detailTo, bucket = d.detailBucket;
            session.jobs().submit("timeline-marks-" + batches++, "Loading syscalls and I/O", () -> TimelineData.detail(c, f, d.startNs, d.endNs, from, to, bucket, false, marks),
                    detail -> {
                        if (data == d && d.install(detail)) canvas.requestPaint();
                    }, why -> notes.setText("could not load syscalls and I/O: " + why));
        }
        List<Integer> tids = new ArrayList<>();
        for (Lane l : lanesInSight(d)) if (!l.statesLoaded && requested.add(l.tid)) tids.add(l.tid);
        if (tids.isEmpty()) return;
        Filter f = session.filter().get();
        long from = d.detailFrom, to = d.detailTo, bucket = d.detailBucket;
        // a key per batch: a later batch is other lanes, not a newer answer to the same question
        session.jobs().submit("timeline-states-" + batches++, "Loading thread states", () -> TimelineData.states(c, f, from, to, bucket, tids), states -> {
            // states of another window than the detail's now are dropped: the detail's arrival asked for new ones
            if (data != d || from != d.detailFrom || to != d.detailTo || bucket != d.detailBucket) return;
            for (Lane l : d.threads) {
                Lane s = states.get(l.tid);
                if (s != null) l.install(s);
            }
            canvas.requestPaint();
        }, why -> {
            requested.removeAll(tids);
            notes.setText("could not load thread states: " + why);
        });
    }

    private void showSelection(Filter f) {
        if (f.windowed()) canvas.selection(f.fromNs(), f.toNs());
        else canvas.selection(Long.MIN_VALUE, Long.MIN_VALUE);
    }

    BookmarkMenu bookmarks() {
        return bookmarks;
    }

    /** Opens a thread's group and scrolls its lane into sight, a few lanes under the fixed ones (CPUs, pinned). */
    void showLane(int tid) {
        canvas.expandFor(tid);
        int lane = canvas.laneOf(tid);
        if (lane >= canvas.fixedRows()) canvas.scrollY((lane - canvas.fixedRows() - 3) * TimelineCanvas.LANE);
    }

    @Override
    public String title() {
        return "Timeline";
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
        data = null;
        requested.clear();
        marksRequested.clear();
        canvas.show(null);
        canvas.trigger(null);
        bookmarks.clear();
        states.clear();
        notes.setText("");
    }

    @Override
    public void themeChanged() {
        canvas.palette(Palette.of(session.dark()));
    }

    @Override
    protected void reload() {
        OpenCapture c = session.capture();
        Filter f = session.filter().get();
        bookmarks.of(c);
        canvas.trigger(c.reports().metadata().trigger().orElse(null));
        canvas.palette(Palette.of(session.dark()));
        // the whole recording first, at the canvas's resolution; a view kept from before reads its own detail next
        long[] w = detailWindow(c.startNs(), c.endNs(), (c.endNs() - c.startNs()) / Math.max(300.0, canvas.getWidth() - TimelineCanvas.LABELS));
        session.jobs().submit("timeline", "Loading the timeline", () -> TimelineData.load(c, f, w[0], w[1], w[2]), d -> {
            data = d;
            requested.clear();
            marksRequested.clear();
            long from = canvas.viewFrom(), to = canvas.viewTo();
            boolean sameCapture = canvas.lanes().size() > 0 && from >= d.startNs && to <= d.endNs;
            canvas.show(d);
            if (sameCapture) canvas.view(from, to);
            size();
            showSelection(session.filter().get());
            notes.setText(String.join("; ", d.notes));
            if (pendingReveal != null) {
                reveal(pendingReveal[0], pendingReveal[1], (int) pendingReveal[2]);
                pendingReveal = null;
            }
        }, why -> notes.setText("could not load the timeline: " + why));
        // summing every thread's states scans all the switches (seconds on a large capture, on the one query thread):
        // only while the tab is in front, and again when the filter changes then
        if (bottom.getSelectionModel().getSelectedIndex() == 1) states.load(c);
        else states.stale(c);
    }

    /** Shows what was clicked, then the stacks the capture recorded for that thread in that interval, if it has any. */
    private void clicked(TimelineCanvas.Hit h) {
        bottom.getSelectionModel().select(0);
        details.setText(h.text().isEmpty() ? "nothing there" : h.text().replace('\n', ' '));
        OpenCapture c = session.capture();
        if (c == null || h.tid() < 0) return;
        var md = c.reports().metadata();
        if (!dev.jrec.analysis.Analysis.recorded(md, dev.jrec.formats.schema.Source.OFFCPU)
                && !dev.jrec.analysis.Analysis.recorded(md, dev.jrec.formats.schema.Source.PROFILE)) {
            return;
        }
        java.util.Map<String, Object> p = new java.util.HashMap<>();
        p.put("tid", h.tid());
        p.put("from_ns", h.fromNs());
        p.put("to_ns", Math.max(h.toNs(), h.fromNs() + 1));
        p.put("limit", 50L);
        session.jobs().submit("timeline-stacks", "Looking up stacks", () -> dev.jrec.analysis.Query.named("interval_stacks").table(c.connection(), p), t -> {
            StringBuilder sb = new StringBuilder(details.getText());
            if (t.rows().isEmpty()) sb.append("\nno stacks recorded for thread ").append(h.tid()).append(" in this interval");
            for (java.util.List<Object> r : t.rows()) {
                sb.append('\n').append(r.get(t.column("what"))).append(" at ").append(dev.jrec.gui.Units.offset((Long) r.get(t.column("ts")) - c.startNs()));
                Object dur = r.get(t.column("dur_ns"));
                if (dur != null) sb.append(" after ").append(dev.jrec.gui.Units.duration(((Number) dur).doubleValue()));
                Object frames = r.get(t.column("frames"));
                sb.append(": ").append(frames == null ? "(no stack)" : frames);
            }
            details.setText(sb.toString());
        }, why -> details.appendText("\ncould not look up stacks: " + why));
    }

    /** Shows an event found elsewhere (a histogram bucket's row); waits for the data if it is still loading. */
    public void reveal(long from, long to, int tid) {
        if (data == null) {
            pendingReveal = new long[] {from, to, tid};
            return;
        }
        canvas.reveal(from, to, tid);
        showLane(tid);
        int lane = canvas.laneOf(tid);
        details.setText("revealed: " + canvas.describe(canvas.xOf((from + to) / 2), canvas.laneY(Math.max(0, lane)) + 5).replace('\n', ' '));
    }

    javafx.scene.control.TextArea details() {
        return details;
    }

    ThreadStatesPane states() {
        return states;
    }

    TimelineCanvas canvas() {
        return canvas;
    }

    TimelineData data() {
        return data;
    }
}
