package dev.jrec.gui.flame;

import dev.jrec.gui.Palette;
import dev.jrec.gui.Units;
import java.util.List;
import java.util.function.IntConsumer;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.util.Duration;

/**
 * A flame graph drawn on a Canvas: a frame per node, as wide as its weight, root at the bottom (or at the top when
 * inverted, an icicle graph). Click zooms to a frame (its ancestors stay, full width); frames narrower than half a
 * pixel are skipped with their whole subtree, which keeps a repaint cheap however many frames there are.
 */
public final class FlameCanvas extends Canvas {
    static final double ROW = 17;
    static final double CHAR = 6.6;
    private final Tooltip tooltip = new Tooltip();
    private FlameTree tree;
    private boolean[] matched = new boolean[0];
    /** A differential graph's per-node share of the baseline's weight; null when not comparing. */
    private double[] baseShare;
    private double maxDelta;
    private int zoom;
    private boolean inverted;
    private Palette palette = Palette.LIGHT;
    private String unit = "samples";
    private IntConsumer zoomed = z -> {};
    private long lastPaintNanos;
    private int lastDrawn;

    public FlameCanvas() {
        super(800, 400);
        tooltip.setShowDelay(Duration.millis(120));
        tooltip.setShowDuration(Duration.seconds(30));
        Tooltip.install(this, tooltip);
        setFocusTraversable(true);
        // the graph takes the keyboard (Esc zooms out); consumed, or the scroll pane around it takes the focus back
        addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            requestFocus();
            e.consume();
        });
        addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() != MouseButton.PRIMARY || tree == null) return;
            int n = nodeAt(e.getX(), e.getY());
            zoomTo(n < 0 ? 0 : n);
        });
        addEventHandler(MouseEvent.MOUSE_MOVED, e -> {
            int n = tree == null ? -1 : nodeAt(e.getX(), e.getY());
            tooltip.setText(n < 0 ? "" : describe(n));
        });
        // one repaint per turn of the UI thread: a canvas keeps every command until the next frame
        widthProperty().addListener(o -> requestPaint());
        heightProperty().addListener(o -> requestPaint());
    }

    @Override
    public boolean isResizable() {
        return true;
    }

    /** @param unit what the weights count: samples or microseconds */
    public void show(FlameTree t, String unit) {
        this.tree = t;
        this.unit = unit;
        this.matched = new boolean[t == null ? 0 : t.size()];
        this.zoom = 0;
        this.baseShare = null;
        paint();
    }

    /** Colors frames by how their share of the weight changed from a baseline: red grew, blue shrank. */
    public void compare(FlameTree base) {
        baseShare = base == null || tree == null ? null : tree.baseShares(base);
        maxDelta = 0;
        if (baseShare != null) for (int i = 1; i < tree.size(); i++) maxDelta = Math.max(maxDelta, Math.abs(delta(i)));
        paint();
    }

    /** How the node's share of the total changed from the baseline, in [-1, 1]. */
    public double delta(int node) {
        return baseShare == null ? 0 : (double) tree.weight[node] / Math.max(1, tree.total()) - baseShare[node];
    }

    public FlameTree tree() {
        return tree;
    }

    public void palette(Palette p) {
        this.palette = p;
        paint();
    }

    public void inverted(boolean i) {
        this.inverted = i;
        paint();
    }

    public void onZoom(IntConsumer z) {
        this.zoomed = z;
    }

    /** Highlights the frames that match and returns the share of the weight under them. */
    public double search(String text) {
        if (tree == null) return 0;
        matched = tree.search(text);
        paint();
        return tree.matchedFraction(matched);
    }

    public void zoomTo(int node) {
        zoom = node;
        paint();
        zoomed.accept(node);
    }

    public int zoom() {
        return zoom;
    }

    /** Height the graph needs: a row per stack level and room for the tooltip's frame. */
    public double neededHeight() {
        return tree == null ? 0 : (tree.maxDepth + 2) * ROW;
    }

    public long lastPaintNanos() {
        return lastPaintNanos;
    }

    /** Frames drawn by the last repaint. */
    public int lastDrawn() {
        return lastDrawn;
    }

    String describe(int n) {
        long w = tree.weight(n);
        String amount = unit.equals("microseconds") ? Units.duration(w * 1000.0) : Units.count(w) + " " + unit;
        String text = tree.name(n) + "\n" + amount + String.format(" (%.2f%% of all, %.2f%% of the zoomed frame)",
                100.0 * w / Math.max(1, tree.total()), 100.0 * w / Math.max(1, tree.weight(zoom)));
        if (baseShare != null) {
            text += String.format("\nbaseline %.2f%% → now %.2f%% (%+.2f points)", 100 * baseShare[n], 100.0 * w / Math.max(1, tree.total()), 100 * delta(n));
        }
        return text;
    }

    /** The node drawn at (x, y), or -1. */
    public int nodeAt(double x, double y) {
        if (tree == null) return -1;
        int d = (int) Math.floor(inverted ? y / ROW : (getHeight() - y) / ROW);
        if (d < 0 || d > tree.maxDepth) return -1;
        double scale = getWidth() / Math.max(1, tree.weight[zoom]);
        long zs = tree.start[zoom];
        for (int i = 0; i < tree.size(); ) {
            double x0 = ancestor(i) ? 0 : (tree.start[i] - zs) * scale;
            double w = ancestor(i) ? getWidth() : tree.weight[i] * scale;
            if (!ancestor(i) && !inZoom(i)) {
                i = tree.end[i];
                continue;
            }
            if (x < x0 || x >= x0 + w) {
                i = tree.end[i];
                continue;
            }
            if (tree.depth[i] == d) return i;
            i++;
        }
        return -1;
    }

    /** The pixel rectangle of a node, x, y, width: what a test clicks. */
    public double[] bounds(int n) {
        double scale = getWidth() / Math.max(1, tree.weight[zoom]);
        double x0 = ancestor(n) ? 0 : (tree.start[n] - tree.start[zoom]) * scale;
        double w = ancestor(n) ? getWidth() : tree.weight[n] * scale;
        return new double[] {x0, y(tree.depth[n]), w};
    }

    private boolean ancestor(int i) {
        // an ancestor of the zoomed frame, or the frame itself: drawn full width
        return i <= zoom && tree.end[i] > zoom;
    }

    private boolean inZoom(int i) {
        return i > zoom && i < tree.end[zoom];
    }

    private double y(int depth) {
        return inverted ? depth * ROW : getHeight() - (depth + 1) * ROW;
    }

    private boolean paintRequested;

    void requestPaint() {
        if (paintRequested) return;
        paintRequested = true;
        javafx.application.Platform.runLater(() -> {
            paintRequested = false;
            paint();
        });
    }

    public void paint() {
        long t0 = System.nanoTime();
        GraphicsContext g = getGraphicsContext2D();
        double width = getWidth(), height = getHeight();
        g.setFill(palette.background());
        g.fillRect(0, 0, width, height);
        int drawn = 0;
        if (tree != null && tree.size() > 0) {
            g.setFont(Font.font(11));
            double scale = width / Math.max(1, tree.weight[zoom]);
            long zs = tree.start[zoom];
            for (int i = 0; i < tree.size(); ) {
                boolean anc = ancestor(i);
                if (!anc && !inZoom(i)) {
                    i = tree.end[i];
                    continue;
                }
                double x0 = anc ? 0 : (tree.start[i] - zs) * scale;
                double w = anc ? width : tree.weight[i] * scale;
                if (w < 0.5) {
                    i = tree.end[i];
                    continue;
                }
                double y = y(tree.depth[i]);
                if (y + ROW >= 0 && y <= height) {
                    g.setFill(color(i));
                    g.fillRect(x0, y, Math.max(0.5, w - 0.5), ROW - 1);
                    if (w > 3 * CHAR) {
                        g.setFill(Color.web("#1d1f23"));
                        g.fillText(fit(tree.names[i], w - 6), x0 + 3, y + ROW - 5);
                    }
                    drawn++;
                }
                i++;
            }
        }
        lastDrawn = drawn;
        lastPaintNanos = System.nanoTime() - t0;
    }

    private Color color(int i) {
        if (i < matched.length && matched[i]) return palette.highlight();
        if (i == 0) return Color.web("#c8ccd2");
        if (baseShare != null) {
            // white where nothing changed, saturating toward the largest change in the graph
            double d = maxDelta == 0 ? 0 : delta(i) / maxDelta;
            return d >= 0 ? Color.hsb(0, Math.min(1, 0.08 + 0.85 * d), 1) : Color.hsb(220, Math.min(1, 0.08 - 0.85 * d), 1);
        }
        if (tree.depth[i] == 1) return Color.web("#b9c3cf");
        if (tree.cold[i]) return Palette.coldFrame(tree.names[i]);
        if (tree.runnable[i]) return Palette.runnableFrame(tree.names[i]);
        return Palette.frame(tree.names[i], tree.kernel[i]);
    }

    /**
     * The name as it fits in {@code px}: whole, else without its arguments, kernel mark and namespaces (the class and
     * method of {@code java.util.HashMap.get(Object)}, the last two parts of {@code ns::Class::method}), cut with "…"
     * when still too long; nothing when fewer than 4 characters fit ("C.." names nothing).
     */
    static String fit(String name, double px) {
        int chars = (int) (px / CHAR);
        if (name.length() <= chars) return name;
        if (chars < 4) return "";
        String s = shortName(name);
        return s.length() <= chars ? s : s.substring(0, chars - 1) + "…";
    }

    static String shortName(String name) {
        String s = name.endsWith("_[k]") ? name.substring(0, name.length() - 4) : name;
        int paren = s.indexOf('(');
        if (paren > 0) s = s.substring(0, paren);
        // the last two parts of a qualified name, split on :: or . outside template brackets
        List<Integer> cuts = new java.util.ArrayList<>();
        int angle = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '<') angle++;
            else if (c == '>') angle = Math.max(0, angle - 1);
            else if (angle == 0 && c == '.' && i > 0 && i + 1 < s.length()) cuts.add(i + 1);
            else if (angle == 0 && c == ':' && i + 1 < s.length() && s.charAt(i + 1) == ':') cuts.add(i + 2);
        }
        return cuts.size() >= 2 ? s.substring(cuts.get(cuts.size() - 2)) : s;
    }
}
