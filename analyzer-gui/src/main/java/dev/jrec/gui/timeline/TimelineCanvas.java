package dev.jrec.gui.timeline;

import dev.jrec.gui.Palette;
import dev.jrec.gui.Units;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.util.Duration;

/**
 * The incident timeline on a Canvas: a time axis, a lane per CPU (slices colored by process) and a lane per thread
 * (its states, with syscalls and block I/O as markers under them); periods with lost events are shaded. Ctrl+wheel
 * or W/S zooms around the pointer down to a microsecond across the view, Shift+wheel, A/D or a right-button drag
 * pans; a left drag selects a time range (the global filter's window) and a click shows what was clicked.
 * Per lane at most one rectangle per pixel column is drawn, so a repaint costs the pixels, not the events.
 */
public final class TimelineCanvas extends Canvas {
    static final double AXIS = 26, LABELS = 190, LANE = 20;
    /** The narrowest view: 1 µs across the canvas. */
    static final long MIN_SPAN = 1_000;
    private final Tooltip tooltip = new Tooltip();
    private TimelineData data;
    private List<Lane> lanes = List.of();
    private final LaneTree tree = new LaneTree();
    /** The thread a lane search found, whose title is highlighted. */
    private int foundTid = -1;
    private double labelPressY = Double.NaN;
    /** The measure (Shift+drag): two times and the span between them, shown without changing the filter. */
    private long measureFrom = Long.MIN_VALUE, measureTo = Long.MIN_VALUE;
    private boolean measuring;
    private List<Bookmarks.Bookmark> bookmarks = List.of();
    private Runnable rowsChanged = () -> {};
    private long viewFrom, viewTo;
    private long selFrom = Long.MIN_VALUE, selTo = Long.MIN_VALUE;
    private long markFrom = -1, markTo = -1;
    private int markTid = -1;
    private Palette palette = Palette.LIGHT;
    private double dragX = Double.NaN, panX = Double.NaN;
    private long panFrom;
    private BiConsumer<Long, Long> selected = (a, b) -> {};
    private Consumer<Hit> clicked = h -> {};
    private long lastPaintNanos;
    private int lastDrawn;
    private double scrollY;
    private boolean paintRequested;
    private Consumer<Double> scrolled = y -> {};
    private Runnable viewChanged = () -> {};

    public TimelineCanvas() {
        super(900, 400);
        tooltip.setShowDelay(Duration.millis(100));
        tooltip.setShowDuration(Duration.seconds(30));
        Tooltip.install(this, tooltip);
        setFocusTraversable(true);
        widthProperty().addListener(o -> requestPaint());
        heightProperty().addListener(o -> requestPaint());
        addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        addEventHandler(MouseEvent.MOUSE_MOVED, e -> tooltip.setText(describe(e.getX(), e.getY())));
        addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        addEventHandler(KeyEvent.KEY_PRESSED, this::key);
    }

    @Override
    public boolean isResizable() {
        return true;
    }

    TimelineData data() {
        return data;
    }

    void show(TimelineData d) {
        data = d;
        tree.build(d);
        lanes = tree.rows();
        if (d != null) {
            viewFrom = d.startNs;
            viewTo = Math.max(d.endNs, d.startNs + MIN_SPAN);
        }
        requestPaint();
    }

    /**
     * Repaints once, at the next turn of the UI thread: a canvas keeps every drawing command until the next frame, so
     * several paints in one turn (a resize, a new range, a new palette) would each add all of theirs.
     */
    void requestPaint() {
        if (paintRequested) return;
        paintRequested = true;
        javafx.application.Platform.runLater(() -> {
            paintRequested = false;
            paint();
        });
    }

    /** The lanes are scrolled by this many pixels (the canvas is only as tall as the window, the lanes are not). */
    void scrollY(double y) {
        double v = Math.max(0, Math.min(y, maxScrollY()));
        if (v == scrollY) return;
        scrollY = v;
        requestPaint();
        scrolled.accept(scrollY);
    }

    double maxScrollY() {
        return Math.max(0, neededHeight() - getHeight());
    }

    /** Called after the visible time range changed (zoom, pan, reveal, resize). */
    void onView(Runnable r) {
        viewChanged = r;
    }

    /** The time one pixel of the lanes covers in the current view. */
    double nsPerPixel() {
        return (viewTo - viewFrom) / Math.max(1, getWidth() - LABELS);
    }

    /** Takes the lanes of the data again, after the detail of another window replaced its CPU lanes. */
    void lanesChanged() {
        tree.build(data);
        lanes = tree.rows();
        requestPaint();
    }

    /** Called after rows were opened, closed or pinned: other lanes are in sight, and the lanes' height changed. */
    void onRows(Runnable r) {
        rowsChanged = r;
    }

    private void rearranged() {
        lanes = tree.rows();
        scrollY = Math.max(0, Math.min(scrollY, maxScrollY()));
        requestPaint();
        rowsChanged.run();
    }

    /** Opens or closes a process's (or the kernel threads') group of lanes. */
    void toggle(Lane header) {
        tree.toggle(header);
        rearranged();
    }

    /** Pins a thread's lane under the CPU lanes, where it stays while the others scroll; or unpins it. */
    void pin(int tid, boolean on) {
        tree.pin(tid, on);
        rearranged();
    }

    boolean pinned(int tid) {
        return tree.pinned(tid);
    }

    /** Opens the group of a thread's lane, so that it can be shown. */
    void expandFor(int tid) {
        if (tree.expandFor(tid)) rearranged();
    }

    /** Finds the next lane whose thread or process name contains {@code text}, opens its group and highlights it; its tid or -1. */
    int find(String text) {
        int tid = tree.find(text, foundTid);
        foundTid = tid;
        if (tid >= 0) expandFor(tid);
        requestPaint();
        return tid;
    }

    /** Rows at the top that stay in place: the CPU lanes and the pinned threads. */
    int fixedRows() {
        return tree.fixed();
    }

    /** The thread lanes in sight, the pinned ones included, and {@code extraScreens} screens of lanes below. */
    List<Lane> threadsInSight(int extraScreens) {
        List<Lane> out = new java.util.ArrayList<>();
        int fixed = tree.fixed();
        for (int i = 0; i < fixed; i++) if (lanes.get(i).isThread()) out.add(lanes.get(i));
        int perScreen = (int) Math.ceil(getHeight() / LANE) + 1;
        int first = fixed + (int) (scrollY / LANE);
        for (int i = first; i < Math.min(lanes.size(), first + (1 + extraScreens) * perScreen); i++) if (lanes.get(i).isThread()) out.add(lanes.get(i));
        return out;
    }

    void onScrollY(Consumer<Double> s) {
        scrolled = s;
    }

    double scrollY() {
        return scrollY;
    }

    void onSelect(BiConsumer<Long, Long> s) {
        selected = s;
    }

    /**
     * What a click hit: its description, and the thread and interval it belongs to (tid -1 when it is not a slice, a
     * state or a marker), for looking up the stacks recorded then.
     */
    record Hit(String text, int tid, long fromNs, long toNs) {}

    void onClick(Consumer<Hit> c) {
        clicked = c;
    }

    void palette(Palette p) {
        palette = p;
        requestPaint();
    }

    /** The filter's window, drawn as the selection; Long.MIN_VALUE for none. */
    void selection(long from, long to) {
        selFrom = from;
        selTo = to;
        requestPaint();
    }

    /** Shows [from, to) with some room around it and marks it in the thread's lane. */
    void reveal(long from, long to, int tid) {
        long pad = Math.max(50_000, (to - from) * 2);
        markFrom = from;
        markTo = to;
        markTid = tid;
        view(from - pad, to + pad);
    }

    double neededHeight() {
        return AXIS + lanes.size() * LANE + 8;
    }

    /** The lane index at y, -1 for the axis or below the last lane. */
    int laneAt(double y) {
        return laneIndex(y);
    }

    List<Lane> lanes() {
        return lanes;
    }

    int laneOf(int tid) {
        for (int i = 0; i < lanes.size(); i++) if (lanes.get(i).isThread() && lanes.get(i).tid == tid) return i;
        return -1;
    }

    long viewFrom() {
        return viewFrom;
    }

    long viewTo() {
        return viewTo;
    }

    long lastPaintNanos() {
        return lastPaintNanos;
    }

    int lastDrawn() {
        return lastDrawn;
    }

    /** Sets the visible time range, kept within the recording and at least {@link #MIN_SPAN} wide. */
    void view(long from, long to) {
        if (data == null) return;
        long span = Math.max(MIN_SPAN, to - from);
        long total = Math.max(MIN_SPAN, data.endNs - data.startNs);
        span = Math.min(span, total);
        from = Math.max(data.startNs, Math.min(from, data.startNs + total - span));
        viewFrom = from;
        viewTo = from + span;
        requestPaint();
        viewChanged.run();
    }

    void zoom(double factor, double atX) {
        long t = timeAt(atX);
        double f = (t - viewFrom) / (double) (viewTo - viewFrom);
        long span = (long) ((viewTo - viewFrom) * factor);
        span = Math.max(MIN_SPAN, span);
        view(t - (long) (f * span), t - (long) (f * span) + span);
    }

    void pan(double fraction) {
        long d = (long) ((viewTo - viewFrom) * fraction);
        view(viewFrom + d, viewTo + d);
    }

    long timeAt(double x) {
        double w = Math.max(1, getWidth() - LABELS);
        return viewFrom + (long) ((x - LABELS) / w * (viewTo - viewFrom));
    }

    double xOf(long t) {
        double w = Math.max(1, getWidth() - LABELS);
        return LABELS + (t - viewFrom) * w / (double) (viewTo - viewFrom);
    }

    private void pressed(MouseEvent e) {
        requestFocus();
        e.consume(); // or the tab pane around the canvas takes the focus back, and W/S/A/D/0 go to its tabs
        if (e.getButton() == MouseButton.PRIMARY && e.getX() > LABELS && e.isShiftDown()) {
            measuring = true;
            measureFrom = measureTo = timeAt(e.getX());
            requestPaint();
            return;
        }
        if (e.getButton() == MouseButton.PRIMARY && e.getX() > LABELS) dragX = e.getX();
        if (e.getButton() == MouseButton.PRIMARY && e.getX() <= LABELS) labelPressY = e.getY();
        if (e.getButton() == MouseButton.SECONDARY || e.getButton() == MouseButton.MIDDLE) {
            panX = e.getX();
            panFrom = viewFrom;
        }
    }

    private void dragged(MouseEvent e) {
        if (measuring) {
            measureTo = timeAt(Math.max(LABELS, e.getX()));
            requestPaint();
        } else if (!Double.isNaN(panX)) {
            long span = viewTo - viewFrom;
            long d = (long) ((panX - e.getX()) / Math.max(1, getWidth() - LABELS) * span);
            view(panFrom + d, panFrom + d + span);
        } else if (!Double.isNaN(dragX)) {
            paint();
            GraphicsContext g = getGraphicsContext2D();
            double x = Math.max(LABELS, e.getX());
            g.setFill(palette.selection());
            g.fillRect(Math.min(dragX, x), 0, Math.abs(x - dragX), getHeight());
        }
    }

    private void released(MouseEvent e) {
        if (measuring) {
            measuring = false;
            measureTo = timeAt(Math.max(LABELS, e.getX()));
            requestPaint();
            return;
        }
        if (!Double.isNaN(labelPressY)) {
            int li = laneIndex(e.getY());
            // a click on a group's label (or anywhere on its row) opens or closes it
            if (li >= 0 && li == laneIndex(labelPressY) && lanes.get(li).header) toggle(lanes.get(li));
            labelPressY = Double.NaN;
        }
        if (!Double.isNaN(dragX) && Math.abs(e.getX() - dragX) < 3 && laneIndex(e.getY()) >= 0 && lanes.get(laneIndex(e.getY())).header) {
            toggle(lanes.get(laneIndex(e.getY())));
            dragX = Double.NaN;
        }
        if (!Double.isNaN(dragX)) {
            double x = Math.max(LABELS, e.getX());
            if (Math.abs(x - dragX) >= 3) {
                long a = timeAt(Math.min(dragX, x)), b = timeAt(Math.max(dragX, x));
                selected.accept(a, b);
            } else {
                clicked.accept(hit(e.getX(), e.getY()));
            }
        }
        dragX = Double.NaN;
        panX = Double.NaN;
    }

    private void scrolled(ScrollEvent e) {
        if (e.isControlDown() || e.isMetaDown()) {
            zoom(e.getDeltaY() > 0 ? 0.8 : 1.25, e.getX());
            e.consume();
        } else if (e.isShiftDown() || Math.abs(e.getDeltaX()) > Math.abs(e.getDeltaY())) {
            double d = e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY();
            pan(-d / Math.max(1, getWidth() - LABELS));
            e.consume();
        } else {
            scrollY(scrollY - e.getDeltaY());
            e.consume();
        }
    }

    private void key(KeyEvent e) {
        // Alt+←/→ and Ctrl+… are the window's (back, forward, shortcuts), not a pan
        if (e.isAltDown() || e.isControlDown() || e.isMetaDown()) return;
        double mid = LABELS + (getWidth() - LABELS) / 2;
        switch (e.getCode()) {
            case W, PLUS, EQUALS, ADD -> zoom(0.7, mid);
            case S, MINUS, SUBTRACT -> zoom(1 / 0.7, mid);
            case A, LEFT -> pan(-0.2);
            case D, RIGHT -> pan(0.2);
            case DIGIT0, NUMPAD0, HOME -> {
                if (data != null) view(data.startNs, data.endNs);
            }
            case ESCAPE -> {
                if (measureFrom == Long.MIN_VALUE) return;
                measure(Long.MIN_VALUE, Long.MIN_VALUE);
            }
            default -> {
                return;
            }
        }
        e.consume();
    }

    /** What is under (x, y): a slice, a state, a marker, or a lost-events period; empty when nothing is. */
    String describe(double x, double y) {
        if (data == null || x < LABELS) return y > AXIS && laneIndex(y) >= 0 ? lanes.get(laneIndex(y)).title : "";
        long t = timeAt(x);
        int li = laneIndex(y);
        StringBuilder sb = new StringBuilder();
        if (li >= 0) {
            Lane l = lanes.get(li);
            double nsPerPx = (viewTo - viewFrom) / Math.max(1, getWidth() - LABELS);
            long slack = (long) (2 * nsPerPx);
            double laneY = laneY(li);
            if (l.header) return l.title + (l.open ? " (click to fold)" : " (click to unfold)") + (l.pid == LaneTree.KERNEL ? ""
                    : "\nthe bar shows when its threads ran, from the CPU lanes");
            if (l.isThread() && (l.size == 0 || y > laneY + LANE - 7)) {
                int m = l.markers.at(t, slack);
                if (m >= 0 && l.markers.calls[m] > 1) {
                    sb.append(l.markers.label[m]).append(" (zoom in to see them)\n").append("in ").append(Units.duration(l.markers.dur[m]))
                            .append(" from ").append(Units.offset(l.markers.start[m] - data.startNs));
                } else if (m >= 0) {
                    sb.append(l.markers.block[m] ? "block I/O " : "syscall ").append(l.markers.label[m]).append('\n')
                            .append(Units.duration(l.markers.dur[m])).append(" from ").append(Units.offset(l.markers.start[m] - data.startNs));
                }
            }
            if (sb.isEmpty()) {
                int i = nearest(l, t, slack);
                if (i >= 0) {
                    if (l.isCpu()) {
                        sb.append(l.labels[i]).append(" (pid ").append(l.key[i]).append(", tid ").append(l.tids[i]).append(") on ").append(l.title);
                        if (l.aggregated(i)) {
                            sb.append(" ran the most of ").append(l.count[i]).append(l.count[i] == 1 ? " slice" : " slices").append(" here, busy ")
                                    .append(Math.round(100.0 * l.busy[i] / Math.max(1, l.dur[i]))).append(" % (zoom in to see them)");
                        }
                    } else {
                        String state = TimelineData.STATES.get(Math.min(l.key[i], TimelineData.STATES.size() - 1));
                        sb.append(l.title).append(": ").append(switch (state) {
                            case "running" -> "running";
                            case "runnable" -> "runnable (waiting for a CPU)";
                            case "S" -> "blocked, interruptible sleep (S)";
                            case "D" -> "blocked, uninterruptible (D, usually I/O)";
                            case "I" -> "idle (I: a kernel thread waiting for work, not blocked)";
                            default -> "blocked";
                        });
                        if (l.aggregated(i)) {
                            sb.append(" the most of the time here, over ").append(l.count[i]).append(l.count[i] == 1 ? " interval" : " intervals")
                                    .append(" (zoom in to see them)");
                        }
                    }
                    sb.append('\n').append(Units.duration(l.dur[i])).append(" from ").append(Units.offset(l.start[i] - data.startNs))
                            .append(" to ").append(Units.offset(l.start[i] + l.dur[i] - data.startNs));
                }
            }
        }
        for (long[] loss : data.losses) {
            if (t >= loss[0] && t < loss[1]) {
                sb.append(sb.isEmpty() ? "" : "\n").append("events were lost in this period: what is missing is not idle time");
                break;
            }
        }
        return sb.toString();
    }

    Hit hit(double x, double y) {
        String text = describe(x, y);
        int li = laneIndex(y);
        if (data == null || x < LABELS || li < 0) return new Hit(text, -1, 0, 0);
        Lane l = lanes.get(li);
        if (l.header) return new Hit(text, -1, 0, 0);
        long t = timeAt(x);
        long slack = (long) (2 * (viewTo - viewFrom) / Math.max(1, getWidth() - LABELS));
        if (l.isThread() && (l.size == 0 || y > laneY(li) + LANE - 7)) {
            int m = l.markers.at(t, slack);
            if (m >= 0) return new Hit(text, l.tid, l.markers.start[m], l.markers.start[m] + l.markers.dur[m]);
        }
        int i = nearest(l, t, slack);
        if (i < 0) return new Hit(text, -1, 0, 0);
        return new Hit(text, l.isCpu() ? l.tids[i] : l.tid, l.start[i], l.start[i] + l.dur[i]);
    }

    private int nearest(Lane l, long t, long slack) {
        int i = l.at(t);
        if (i >= 0) return i;
        // an interval thinner than a pixel is still hoverable
        int j = l.firstEndingAfter(t - slack);
        for (; j < l.size && l.start[j] <= t + slack; j++) if (l.start[j] + l.dur[j] >= t - slack) return j;
        return -1;
    }

    private int laneIndex(double y) {
        if (y < AXIS) return -1;
        int fixed = tree.fixed();
        int i = y - AXIS < fixed * LANE ? (int) Math.floor((y - AXIS) / LANE) : (int) Math.floor((y - AXIS + scrollY) / LANE);
        return i < 0 || i >= lanes.size() ? -1 : i;
    }

    /** The top of a lane on the canvas: the fixed rows (CPUs, pinned threads) do not scroll. */
    double laneY(int lane) {
        return AXIS + lane * LANE - (lane < tree.fixed() ? 0 : scrollY);
    }

    void paint() {
        long t0 = System.nanoTime();
        GraphicsContext g = getGraphicsContext2D();
        double w = getWidth(), h = getHeight();
        g.setFill(palette.background());
        g.fillRect(0, 0, w, h);
        int drawn = 0;
        if (data != null && viewTo > viewFrom) {
            g.setFont(Font.font(11));
            int marked = markFrom >= 0 ? laneOf(markTid) : -1;
            int fixed = tree.fixed();
            // the scrolling rows first, then the fixed ones over whatever scrolled under them
            for (int li = fixed + Math.max(0, (int) (scrollY / LANE)); li < lanes.size(); li++) {
                double y = laneY(li);
                if (y > h) break;
                drawn += drawLane(g, li, y, w, li == marked);
            }
            for (int li = 0; li < fixed; li++) drawn += drawLane(g, li, laneY(li), w, li == marked);
            if (fixed > 0 && fixed < lanes.size()) {
                g.setStroke(palette.grid());
                g.setLineWidth(2);
                g.strokeLine(0, AXIS + fixed * LANE, w, AXIS + fixed * LANE);
            }
            for (long[] loss : data.losses) hatch(g, loss[0], loss[1], LOSS_MARK.deriveColor(0, 1, 1, 0.55), h);
            if (selFrom != Long.MIN_VALUE) shade(g, selFrom, selTo, palette.selection(), h);
            axis(g, w);
            for (Bookmarks.Bookmark b : bookmarks) flag(g, b, h);
            if (measureFrom != Long.MIN_VALUE) ruler(g, h);
            for (long[] loss : data.losses) lossStrip(g, loss[0], loss[1], LOSS_MARK);
            g.setStroke(palette.grid());
            g.setLineWidth(1);
            g.strokeLine(LABELS - 0.5, 0, LABELS - 0.5, h);
        }
        lastDrawn = drawn;
        lastPaintNanos = System.nanoTime() - t0;
    }

    private int drawLane(GraphicsContext g, int li, double y, double w, boolean marked) {
        Lane l = lanes.get(li);
        int drawn;
        g.setFill(l.header ? palette.laneAlt() : li % 2 == 0 ? palette.lane() : palette.laneAlt());
        g.fillRect(0, y, w, LANE);
        if (l.isCpu()) drawn = drawIntervals(g, l, y + 2, LANE - 4, true);
        else if (l.header) drawn = drawActivity(g, l, y + LANE - 8, 5);
        // a thread without scheduler states (no sched source) shows its syscalls and I/O at full height
        else if (l.size == 0) drawn = drawMarkers(g, l, y + 3, LANE - 6);
        else drawn = drawIntervals(g, l, y + 2, LANE - 9, false) + drawMarkers(g, l, y + LANE - 6, 4);
        if (l.isThread() && l.tid == foundTid) {
            g.setFill(palette.selection());
            g.fillRect(0, y, LABELS, LANE);
        }
        g.setFill(palette.text());
        if (l.header) {
            g.setFont(Font.font(null, javafx.scene.text.FontWeight.BOLD, 11));
            g.fillText((l.open ? "▾ " : "▸ ") + fit(l.title), 4, y + LANE - 6);
            g.setFont(Font.font(11));
        } else {
            // a group's threads are indented under its header
            g.fillText(fit(l.title), l.isThread() && li >= tree.fixed() && tree.grouped(l.tid) ? 16 : 6, y + LANE - 6);
        }
        if (l.isThread() && !l.statesLoaded && l.size == 0) {
            g.setFill(palette.mutedText());
            g.fillText("loading states…", LABELS + 6, y + LANE - 6);
        }
        if (marked) {
            g.setStroke(palette.highlight());
            g.setLineWidth(2);
            double x0 = Math.max(LABELS, xOf(markFrom)), x1 = Math.max(x0 + 2, xOf(markTo));
            g.strokeRect(x0, y + 1, x1 - x0, LANE - 2);
        }
        return drawn;
    }

    /**
     * A group header's bar: when any of its processes ran on a CPU, from the CPU lanes (a bucket of slices counts
     * for the process that ran the most of it), so a folded group still says when it was busy.
     */
    private int drawActivity(GraphicsContext g, Lane header, double y, double height) {
        if (data == null || header.members.length == 0) return 0;
        int[] pids = header.members.clone();
        java.util.Arrays.sort(pids);
        int drawn = 0;
        for (Lane cpu : data.cpus) {
            double lastX = -1;
            for (int i = cpu.firstEndingAfter(viewFrom); i < cpu.size; i++) {
                if (cpu.start[i] > viewTo) break;
                if (java.util.Arrays.binarySearch(pids, cpu.key[i]) < 0) continue;
                double x0 = Math.max(LABELS, xOf(cpu.start[i])), x1 = Math.min(getWidth(), xOf(cpu.start[i] + cpu.dur[i]));
                if (x1 < LABELS || (x1 - x0 < 1 && Math.floor(x0) <= lastX)) continue;
                g.setFill(Palette.forKey(cpu.key[i]));
                g.fillRect(x0, y, Math.max(1, x1 - x0), height);
                lastX = Math.floor(Math.max(x0, x1 - 1));
                drawn++;
            }
        }
        return drawn;
    }

    private int drawIntervals(GraphicsContext g, Lane l, double y, double height, boolean cpu) {
        int drawn = 0;
        double w = getWidth();
        double lastX = -1;
        for (int i = l.firstEndingAfter(viewFrom); i < l.size; i++) {
            long s = l.start[i];
            if (s > viewTo) break;
            double x0 = Math.max(LABELS, xOf(s)), x1 = Math.min(w, xOf(s + l.dur[i]));
            if (x1 < LABELS) continue;
            // many intervals in one pixel column: draw the first, skip the rest of that column
            if (x1 - x0 < 1 && Math.floor(x0) <= lastX) continue;
            Color c = cpu ? Palette.forKey(l.key[i]) : Palette.state(TimelineData.STATES.get(Math.min(l.key[i], TimelineData.STATES.size() - 1)));
            g.setFill(c);
            if (cpu && l.aggregated(i)) {
                // slices thinner than a pixel, summed: as tall as the share of the bucket they were on the CPU
                double hb = Math.max(2, Math.min(1, l.busy[i] / (double) Math.max(1, l.dur[i])) * height);
                g.fillRect(x0, y + height - hb, Math.max(1, x1 - x0), hb);
            } else {
                g.fillRect(x0, y, Math.max(1, x1 - x0), height);
            }
            lastX = Math.floor(Math.max(x0, x1 - 1));
            drawn++;
            if (x1 - x0 < 1) {
                // the rest of this pixel column is covered: jump to the first interval that reaches the next one
                int next = l.firstEndingAfter(timeAt(lastX + 1));
                if (next > i + 1) i = next - 1;
                continue;
            }
            if (cpu && x1 - x0 > 40) {
                g.setFill(Color.web("#1d1f23"));
                String label = l.labels[i] == null ? "" : l.labels[i];
                int chars = (int) ((x1 - x0 - 6) / 6.6);
                if (chars > 2) g.fillText(label.length() > chars ? label.substring(0, chars - 1) + "…" : label, x0 + 3, y + height - 4);
            }
        }
        return drawn;
    }

    private int drawMarkers(GraphicsContext g, Lane l, double y, double height) {
        Lane.Markers m = l.markers;
        int drawn = 0;
        double lastX = -1;
        int i = java.util.Arrays.binarySearch(m.start, 0, m.size, viewFrom - (viewTo - viewFrom));
        i = Math.max(0, i < 0 ? -i - 1 : i);
        for (; i < m.size; i++) {
            if (m.start[i] > viewTo) break;
            double x0 = Math.max(LABELS, xOf(m.start[i])), x1 = Math.min(getWidth(), xOf(m.start[i] + m.dur[i]));
            if (x1 < LABELS || (x1 - x0 < 1 && Math.floor(x0) <= lastX)) continue;
            g.setFill(m.block[i] ? Color.web("#a142f4") : Color.web("#1a73e8"));
            g.fillRect(x0, y, Math.max(1, x1 - x0), height);
            lastX = Math.floor(Math.max(x0, x1 - 1));
            drawn++;
        }
        return drawn;
    }

    private void shade(GraphicsContext g, long from, long to, Color c, double h) {
        if (to < viewFrom || from > viewTo) return;
        double x0 = Math.max(LABELS, xOf(from)), x1 = Math.min(getWidth(), xOf(to));
        g.setFill(c);
        g.fillRect(x0, AXIS, Math.max(1, x1 - x0), h - AXIS);
    }

    /**
     * Marks a period with lost events by thin diagonal lines over the lanes, so that the states and slices under them
     * keep the colours the legend gives them (a tint over everything made running look like something else).
     */
    private void hatch(GraphicsContext g, long from, long to, Color c, double h) {
        if (to < viewFrom || from > viewTo) return;
        double x0 = Math.max(LABELS, xOf(from)), x1 = Math.min(getWidth(), Math.max(xOf(to), x0 + 1));
        g.save();
        g.beginPath();
        g.rect(x0, AXIS, x1 - x0, h - AXIS);
        g.clip();
        g.setStroke(c);
        g.setLineWidth(1);
        for (double x = x0 - (h - AXIS); x < x1; x += HATCH) g.strokeLine(x, h, x + (h - AXIS), AXIS);
        g.strokeLine(x0 + 0.5, AXIS, x0 + 0.5, h);
        g.strokeLine(x1 - 0.5, AXIS, x1 - 0.5, h);
        g.restore();
    }

    /** The lost period as a solid strip under the time axis: where it is, in sight whatever the lanes hold. */
    private void lossStrip(GraphicsContext g, long from, long to, Color c) {
        if (to < viewFrom || from > viewTo) return;
        double x0 = Math.max(LABELS, xOf(from)), x1 = Math.min(getWidth(), xOf(to));
        g.setFill(c);
        g.fillRect(x0, AXIS - LOSS_STRIP, Math.max(2, x1 - x0), LOSS_STRIP);
    }

    /**
     * The measure: a line at each end and the span between them written at the top, as Perfetto's and a scope's
     * cursors, so a gap or a period can be read off without changing the filter every view applies.
     */
    private void ruler(GraphicsContext g, double h) {
        long a = Math.min(measureFrom, measureTo), b = Math.max(measureFrom, measureTo);
        double x0 = xOf(a), x1 = xOf(b);
        g.setStroke(palette.highlight());
        g.setLineWidth(1.5);
        g.setLineDashes(4, 3);
        if (x0 >= LABELS && x0 <= getWidth()) g.strokeLine(x0, AXIS, x0, h);
        if (x1 >= LABELS && x1 <= getWidth()) g.strokeLine(x1, AXIS, x1, h);
        g.setLineDashes((double[]) null);
        String label = "Δ " + Units.duration(b - a);
        double cx = Math.max(LABELS + 4, Math.min(getWidth() - 90, (Math.max(LABELS, x0) + Math.min(getWidth(), x1)) / 2 - 30));
        g.setFill(palette.background());
        g.fillRect(cx - 4, AXIS + 2, 8 + label.length() * 7, 16);
        g.setFill(palette.text());
        g.fillText(label, cx, AXIS + 14);
    }

    /** A bookmark: a line at its time (a band's edges for a range) and its label in a flag under the axis. */
    private void flag(GraphicsContext g, Bookmarks.Bookmark b, double h) {
        if (b.toNs() < viewFrom || b.fromNs() > viewTo) return;
        double x0 = xOf(b.fromNs()), x1 = xOf(b.toNs());
        g.setStroke(BOOKMARK);
        g.setLineWidth(1.5);
        if (x0 >= LABELS) g.strokeLine(x0, AXIS, x0, h);
        if (b.isRange() && x1 <= getWidth()) g.strokeLine(x1, AXIS, x1, h);
        String label = b.label().isEmpty() ? "⚑" : "⚑ " + (b.label().length() > 30 ? b.label().substring(0, 29) + "…" : b.label());
        double fx = Math.max(LABELS, x0);
        g.setFill(BOOKMARK);
        g.fillRect(fx, AXIS + 1, 10 + label.length() * 6.2, 14);
        g.setFill(Color.web("#1d1f23"));
        g.fillText(label, fx + 3, AXIS + 12);
    }

    /** Bookmarks: amber, apart from the states', the selection's and the loss marks' colours. */
    static final Color BOOKMARK = Color.web("#f29900");

    void bookmarks(List<Bookmarks.Bookmark> marks) {
        bookmarks = List.copyOf(marks);
        requestPaint();
    }

    /** Sets the measure's ends (Long.MIN_VALUE for none). */
    void measure(long from, long to) {
        measureFrom = from;
        measureTo = to;
        requestPaint();
    }

    long measureFrom() {
        return Math.min(measureFrom, measureTo);
    }

    /** The measured span, or -1 when nothing is measured. */
    long measured() {
        return measureFrom == Long.MIN_VALUE ? -1 : Math.abs(measureTo - measureFrom);
    }

    /** Pixels between hatch lines, and the loss strip's height under the axis. */
    static final double HATCH = 16, LOSS_STRIP = 5;
    /** Lost events: a pink no state or slice is drawn in, light or dark theme. */
    public static final Color LOSS_MARK = Color.web("#e8457c");

    private void axis(GraphicsContext g, double w) {
        g.setFill(palette.background());
        g.fillRect(0, 0, w, AXIS);
        long span = viewTo - viewFrom;
        long step = niceStep((long) (span / Math.max(1, (w - LABELS) / 110)));
        g.setStroke(palette.grid());
        g.setFill(palette.mutedText());
        g.setLineWidth(1);
        long first = Math.floorDiv(viewFrom - data.startNs, step) * step + data.startNs;
        for (long t = first; t <= viewTo; t += step) {
            double x = xOf(t);
            if (x < LABELS) continue;
            g.strokeLine(x + 0.5, AXIS - 6, x + 0.5, AXIS);
            g.fillText(tick(t - data.startNs, step), x + 3, AXIS - 9);
        }
        g.fillText(Units.duration(span) + " in view", 6, AXIS - 9);
        g.strokeLine(0, AXIS - 0.5, w, AXIS - 0.5);
    }

    static long niceStep(long want) {
        for (long p = 1; ; p *= 10) for (long m : new long[] {1, 2, 5}) if (m * p >= Math.max(1, want)) return m * p;
    }

    private static String tick(long ns, long step) {
        if (step >= 1_000_000_000L) return String.format("%.0f s", ns / 1e9);
        if (step >= 1_000_000L) return String.format("%.3f s", ns / 1e9);
        if (step >= 1_000L) return String.format("%.6f s", ns / 1e9);
        return String.format("%.9f s", ns / 1e9);
    }

    private static String fit(String s) {
        return s.length() > 26 ? s.substring(0, 25) + "…" : s;
    }
}
