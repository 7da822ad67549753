package dev.jrec.gui.timeline;

import dev.jrec.formats.read.CaptureMetadata;
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
    /** The height of the strip at the top of a CPU lane that shows its time in IRQ handlers. */
    static final double IRQ_STRIP = 3;
    /** The narrowest view: 1 µs across the canvas. */
    static final long MIN_SPAN = 1_000;
    private final Tooltip tooltip = new Tooltip();
    private TimelineData data;
    private List<Lane> lanes = List.of();
    private final LaneTree tree = new LaneTree();
    private final TimelineOverlays overlays = new TimelineOverlays(this);
    private final LanePainter lanePainter = new LanePainter(this);
    /** The thread a lane search found, whose title is highlighted. */
    private int foundTid = -1;
    private double labelPressY = Double.NaN;
    /** The measure (Shift+drag): two times and the span between them, shown without changing the filter. */
    private long measureFrom = Long.MIN_VALUE, measureTo = Long.MIN_VALUE;
    private boolean measuring;
    private List<Bookmarks.Bookmark> bookmarks = List.of();
    /** What fired the ring dump shown; null for a capture no trigger made. */
    private CaptureMetadata.Trigger trigger;
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

    LaneTree tree() {
        return tree;
    }

    int foundTid() {
        return foundTid;
    }

    long markFrom() {
        return markFrom;
    }

    long markTo() {
        return markTo;
    }

    Palette palette() {
        return palette;
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

    /** What is under (x, y): the trigger, a slice, a state, a marker, or a lost-events period; empty when nothing is. */
    String describe(double x, double y) {
        String under = describeLanes(x, y);
        if (data == null) return under;
        StringBuilder sb = new StringBuilder();
        if (trigger != null && overlays.onTrigger(trigger, x, y)) sb.append(TimelineOverlays.triggerText(trigger, data.startNs)).append('\n');
        for (NetEvents.OomKill k : data.oomKills) if (overlays.onOomKill(k, x, y)) sb.append(k.text(data.startNs)).append('\n');
        return sb.isEmpty() ? under : sb.append(under).toString().strip();
    }

    private String describeLanes(double x, double y) {
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
            int net = l.isThread() ? netAt(l, t, y - laneY) : -1;
            if (net >= 0) {
                sb.append(l.net.text[net]).append('\n');
                if (l.net.isPoint(net)) sb.append("at ").append(Units.offset(l.net.start[net] - data.startNs));
                else sb.append(Units.duration(l.net.dur[net])).append(" from ").append(Units.offset(l.net.start[net] - data.startNs));
            }
            if (sb.isEmpty() && l.isThread() && l.calls.size > 0 && y >= laneY + LanePainter.CALLS_AT - 1 && y <= laneY + LanePainter.CALLS_AT + IRQ_STRIP + 1) {
                int q = l.calls.at(t, slack);
                if (q >= 0) {
                    Strip s = l.calls;
                    sb.append(s.runs[q] == 1 ? "call " + s.top[q] : s.runs[q] + " calls, most often " + s.top[q] + " (zoom in to see them)").append('\n')
                            .append(s.dur[q] == 0 ? "at " : Units.duration(s.runs[q] == 1 ? s.dur[q] : s.a[q]) + (s.runs[q] == 1 ? " from " : " in timed calls, from "))
                            .append(Units.offset(s.start[q] - data.startNs));
                }
            }
            if (sb.isEmpty() && l.isThread() && (l.size == 0 || y > laneY + LANE - 7)) {
                int m = l.markers.at(t, slack);
                if (m >= 0 && l.markers.calls[m] > 1) {
                    sb.append(l.markers.label[m]).append(" (zoom in to see them)\n").append("in ").append(Units.duration(l.markers.dur[m]))
                            .append(" from ").append(Units.offset(l.markers.start[m] - data.startNs));
                } else if (m >= 0) {
                    sb.append(l.markers.block[m] ? "block I/O " : "syscall ").append(l.markers.label[m]).append('\n')
                            .append(Units.duration(l.markers.dur[m])).append(" from ").append(Units.offset(l.markers.start[m] - data.startNs));
                }
            }
            if (l.isCpu() && y < laneY + IRQ_STRIP + 1) {
                int q = l.irq.at(t, slack);
                if (q >= 0) {
                    sb.append("IRQ handlers on ").append(l.title).append(": ").append(Units.duration(l.irq.a[q])).append(" hard, ")
                            .append(Units.duration(l.irq.b[q])).append(" soft, ").append(l.irq.runs[q]).append(l.irq.runs[q] == 1 ? " run" : " runs")
                            .append(", most in ").append(l.irq.top[q]).append('\n').append(Math.round(100 * l.irq.share(q))).append(" % of ")
                            .append(Units.duration(l.irq.dur[q])).append(" from ").append(Units.offset(l.irq.start[q] - data.startNs));
                }
            }
            if (l.isThread() && sb.isEmpty() && y < laneY + IRQ_STRIP + 1) {
                int q = l.waits.at(t, slack);
                if (q >= 0) {
                    Strip s = l.waits;
                    sb.append(s.runs[q] == 1 ? "waited for " + s.top[q] : "lock waits: " + s.runs[q] + ", the longest for " + s.top[q]).append('\n')
                            .append(Units.duration(s.a[q])).append(" on kernel locks, ").append(Units.duration(s.b[q])).append(" on futexes, ")
                            .append(Math.round(100 * s.share(q))).append(" % of ").append(Units.duration(s.dur[q])).append(" from ")
                            .append(Units.offset(s.start[q] - data.startNs));
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
        int net = l.isThread() ? netAt(l, t, y - laneY(li)) : -1;
        if (net >= 0) return new Hit(text, l.tid, l.net.start[net], l.net.start[net] + l.net.dur[net]);
        if (l.isThread() && (l.size == 0 || y > laneY(li) + LANE - 7)) {
            int m = l.markers.at(t, slack);
            if (m >= 0) return new Hit(text, l.tid, l.markers.start[m], l.markers.start[m] + l.markers.dur[m]);
        }
        int i = nearest(l, t, slack);
        if (i < 0) return new Hit(text, -1, 0, 0);
        return new Hit(text, l.isCpu() ? l.tids[i] : l.tid, l.start[i], l.start[i] + l.dur[i]);
    }

    /**
     * The TCP event under a point {@code dy} pixels into a thread's lane: a retransmit, reset or drop at the bottom
     * (their shapes are 9 px wide), a connection on its bar at the top or its tag; -1 for none.
     */
    private int netAt(Lane l, long t, double dy) {
        double nsPerPx = (viewTo - viewFrom) / Math.max(1, getWidth() - LABELS);
        if (dy >= LANE - 10) return l.net.pointAt(t, (long) Math.ceil(5 * nsPerPx));
        int i = dy <= 12 ? l.net.connectionAt(t, (long) (2 * nsPerPx)) : -1;
        if (i < 0 || dy <= 5) return i;
        // below the bar, only on the connection's tag: the states are under the rest of it
        double tag = LanePainter.tagWidth(l.net, i), x0 = xOf(l.net.start[i]);
        return tag > 0 && xOf(t) <= x0 + tag && xOf(l.net.start[i] + l.net.dur[i]) - x0 >= tag ? i : -1;
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
                drawn += lanePainter.drawLane(g, li, y, w, li == marked);
            }
            for (int li = 0; li < fixed; li++) drawn += lanePainter.drawLane(g, li, laneY(li), w, li == marked);
            if (fixed > 0 && fixed < lanes.size()) {
                g.setStroke(palette.grid());
                g.setLineWidth(2);
                g.strokeLine(0, AXIS + fixed * LANE, w, AXIS + fixed * LANE);
            }
            for (long[] loss : data.losses) overlays.hatch(g, loss[0], loss[1], TimelineOverlays.LOSS_MARK.deriveColor(0, 1, 1, 0.55), h);
            if (selFrom != Long.MIN_VALUE) overlays.shade(g, selFrom, selTo, palette.selection(), h);
            overlays.axis(g, w);
            for (Bookmarks.Bookmark b : bookmarks) overlays.flag(g, b, h);
            for (NetEvents.OomKill k : data.oomKills) overlays.oomKill(g, k, h);
            if (trigger != null) overlays.trigger(g, trigger, h);
            if (measureFrom != Long.MIN_VALUE) overlays.ruler(g, measureFrom, measureTo, h);
            for (long[] loss : data.losses) overlays.lossStrip(g, loss[0], loss[1], TimelineOverlays.LOSS_MARK);
            g.setStroke(palette.grid());
            g.setLineWidth(1);
            g.strokeLine(LABELS - 0.5, 0, LABELS - 0.5, h);
        }
        lastDrawn = drawn;
        lastPaintNanos = System.nanoTime() - t0;
    }

    void bookmarks(List<Bookmarks.Bookmark> marks) {
        bookmarks = List.copyOf(marks);
        requestPaint();
    }

    /** The trigger that made the capture a ring dump, marked at its time; null for none. */
    void trigger(CaptureMetadata.Trigger t) {
        trigger = t;
        requestPaint();
    }

    CaptureMetadata.Trigger trigger() {
        return trigger;
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

}
