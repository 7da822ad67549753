package dev.jrec.gui.timeline;

import dev.jrec.formats.read.CaptureMetadata;
import dev.jrec.gui.Units;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;

/**
 * What the timeline draws over its lanes, in the canvas's view: the time axis, the selection, lost-event periods
 * (hatching and a strip under the axis), the measure's cursors, the bookmarks' flags, the OOM kills and a ring dump's
 * trigger.
 */
final class TimelineOverlays {
    private final TimelineCanvas c;

    TimelineOverlays(TimelineCanvas c) {
        this.c = c;
    }

    void shade(GraphicsContext g, long from, long to, Color color, double h) {
        if (to < c.viewFrom() || from > c.viewTo()) return;
        double x0 = Math.max(TimelineCanvas.LABELS, c.xOf(from)), x1 = Math.min(c.getWidth(), c.xOf(to));
        g.setFill(color);
        g.fillRect(x0, TimelineCanvas.AXIS, Math.max(1, x1 - x0), h - TimelineCanvas.AXIS);
    }

    /**
     * Marks a period with lost events by thin diagonal lines over the lanes, so that the states and slices under them
     * keep the colours the legend gives them (a tint over everything made running look like something else).
     */
    void hatch(GraphicsContext g, long from, long to, Color color, double h) {
        if (to < c.viewFrom() || from > c.viewTo()) return;
        double x0 = Math.max(TimelineCanvas.LABELS, c.xOf(from)), x1 = Math.min(c.getWidth(), Math.max(c.xOf(to), x0 + 1));
        g.save();
        g.beginPath();
        g.rect(x0, TimelineCanvas.AXIS, x1 - x0, h - TimelineCanvas.AXIS);
        g.clip();
        g.setStroke(color);
        g.setLineWidth(1);
        for (double x = x0 - (h - TimelineCanvas.AXIS); x < x1; x += HATCH) g.strokeLine(x, h, x + (h - TimelineCanvas.AXIS), TimelineCanvas.AXIS);
        g.strokeLine(x0 + 0.5, TimelineCanvas.AXIS, x0 + 0.5, h);
        g.strokeLine(x1 - 0.5, TimelineCanvas.AXIS, x1 - 0.5, h);
        g.restore();
    }

    /** The lost period as a solid strip under the time axis: where it is, in sight whatever the lanes hold. */
    void lossStrip(GraphicsContext g, long from, long to, Color color) {
        if (to < c.viewFrom() || from > c.viewTo()) return;
        double x0 = Math.max(TimelineCanvas.LABELS, c.xOf(from)), x1 = Math.min(c.getWidth(), c.xOf(to));
        g.setFill(color);
        g.fillRect(x0, TimelineCanvas.AXIS - LOSS_STRIP, Math.max(2, x1 - x0), LOSS_STRIP);
    }

    /**
     * The measure: a line at each end and the span between them written at the top, as Perfetto's and a scope's
     * cursors, so a gap or a period can be read off without changing the filter every view applies.
     */
    void ruler(GraphicsContext g, long from, long to, double h) {
        long a = Math.min(from, to), b = Math.max(from, to);
        double x0 = c.xOf(a), x1 = c.xOf(b);
        g.setStroke(c.palette().highlight());
        g.setLineWidth(1.5);
        g.setLineDashes(4, 3);
        if (x0 >= TimelineCanvas.LABELS && x0 <= c.getWidth()) g.strokeLine(x0, TimelineCanvas.AXIS, x0, h);
        if (x1 >= TimelineCanvas.LABELS && x1 <= c.getWidth()) g.strokeLine(x1, TimelineCanvas.AXIS, x1, h);
        g.setLineDashes((double[]) null);
        String label = "Δ " + Units.duration(b - a);
        double cx = Math.max(TimelineCanvas.LABELS + 4, Math.min(c.getWidth() - 90, (Math.max(TimelineCanvas.LABELS, x0) + Math.min(c.getWidth(), x1)) / 2 - 30));
        g.setFill(c.palette().background());
        g.fillRect(cx - 4, TimelineCanvas.AXIS + 2, 8 + label.length() * 7, 16);
        g.setFill(c.palette().text());
        g.fillText(label, cx, TimelineCanvas.AXIS + 14);
    }

    /** A bookmark: a line at its time (a band's edges for a range) and its label in a flag under the axis. */
    void flag(GraphicsContext g, Bookmarks.Bookmark b, double h) {
        if (b.toNs() < c.viewFrom() || b.fromNs() > c.viewTo()) return;
        double x0 = c.xOf(b.fromNs()), x1 = c.xOf(b.toNs());
        g.setStroke(BOOKMARK);
        g.setLineWidth(1.5);
        if (x0 >= TimelineCanvas.LABELS) g.strokeLine(x0, TimelineCanvas.AXIS, x0, h);
        if (b.isRange() && x1 <= c.getWidth()) g.strokeLine(x1, TimelineCanvas.AXIS, x1, h);
        String label = b.label().isEmpty() ? "⚑" : "⚑ " + (b.label().length() > 30 ? b.label().substring(0, 29) + "…" : b.label());
        double fx = Math.max(TimelineCanvas.LABELS, x0);
        g.setFill(BOOKMARK);
        g.fillRect(fx, TimelineCanvas.AXIS + 1, 10 + label.length() * 6.2, 14);
        g.setFill(Color.web("#1d1f23"));
        g.fillText(label, fx + 3, TimelineCanvas.AXIS + 12);
    }

    /**
     * A ring dump's trigger: a red line at its time and its name in a red flag under the axis, over the bookmarks'
     * flags, since what fired the dump is where a postmortem starts.
     */
    void trigger(GraphicsContext g, CaptureMetadata.Trigger t, double h) {
        line(g, t.ts(), triggerLabel(t), TRIGGER, 2, h);
    }

    /** Whether (x, y) is on the trigger's line (give or take a few pixels) or its flag. */
    boolean onTrigger(CaptureMetadata.Trigger t, double x, double y) {
        return onLine(t.ts(), triggerLabel(t), x, y);
    }

    /** An OOM kill: a line across the lanes at its time, and its victim in a flag under the axis, as the trigger's. */
    void oomKill(GraphicsContext g, NetEvents.OomKill k, double h) {
        line(g, k.ts(), oomLabel(k), OOM, 1.5, h);
    }

    boolean onOomKill(NetEvents.OomKill k, double x, double y) {
        return onLine(k.ts(), oomLabel(k), x, y);
    }

    private static String oomLabel(NetEvents.OomKill k) {
        String name = k.name();
        return "OOM kill " + (name.length() > 30 ? name.substring(0, 29) + "…" : name);
    }

    private void line(GraphicsContext g, long ts, String label, Color color, double width, double h) {
        double[] f = flag(ts, label);
        if (f == null) return;
        double x = c.xOf(ts);
        g.setStroke(color);
        g.setLineWidth(width);
        g.strokeLine(x, TimelineCanvas.AXIS, x, h);
        g.setFill(color);
        g.fillRect(f[0], TimelineCanvas.AXIS + 1, f[1], 14);
        g.setFill(Color.WHITE);
        g.fillText(label, f[0] + 4, TimelineCanvas.AXIS + 12);
    }

    private boolean onLine(long ts, String label, double x, double y) {
        double[] f = flag(ts, label);
        if (f == null || y < TimelineCanvas.AXIS) return false;
        return Math.abs(x - c.xOf(ts)) <= 3 || x >= f[0] && x <= f[0] + f[1] && y <= TimelineCanvas.AXIS + 15;
    }

    /**
     * A line's flag's left edge and width, null when its time is out of view. Near the canvas's right edge the flag
     * hangs left of the line, so that its label is never cut off; its width is measured, as the label can be any text.
     */
    private double[] flag(long ts, String label) {
        if (ts < c.viewFrom() || ts > c.viewTo()) return null;
        double x = c.xOf(ts);
        Text text = new Text(label);
        text.setFont(javafx.scene.text.Font.font(11));
        double w = Math.ceil(text.getLayoutBounds().getWidth()) + 8;
        double fx = x + w > c.getWidth() ? x - w : x;
        return new double[] {Math.max(TimelineCanvas.LABELS, fx), w};
    }

    private static String triggerLabel(CaptureMetadata.Trigger t) {
        return "trigger " + (t.name().length() > 30 ? t.name().substring(0, 29) + "…" : t.name());
    }

    /** The tooltip: the wall time to match with logs and alerts, the offset to find it in every other view. */
    static String triggerText(CaptureMetadata.Trigger t, long startNs) {
        String at = Units.offset(t.ts() - startNs) + " from the start";
        return "trigger '" + t.name() + "' fired at " + (t.wall() == null ? at : t.wall() + " (" + at + ")") + (t.event() == null ? "" : "\nby " + t.event());
    }

    /** The trigger: a red of its own, deeper than the D state's and apart from the loss marks' pink. */
    static final Color TRIGGER = Color.web("#d50000");

    /** OOM kills: a violet apart from the trigger's red, the states' and the markers' colours. */
    static final Color OOM = Color.web("#6200ea");

    /** Bookmarks: amber, apart from the states', the selection's and the loss marks' colours. */
    static final Color BOOKMARK = Color.web("#f29900");

    /** Pixels between hatch lines, and the loss strip's height under the axis. */
    static final double HATCH = 16, LOSS_STRIP = 5;
    /** Lost events: a pink no state or slice is drawn in, light or dark theme. */
    public static final Color LOSS_MARK = Color.web("#e8457c");

    void axis(GraphicsContext g, double w) {
        g.setFill(c.palette().background());
        g.fillRect(0, 0, w, TimelineCanvas.AXIS);
        long span = c.viewTo() - c.viewFrom();
        long step = niceStep((long) (span / Math.max(1, (w - TimelineCanvas.LABELS) / 110)));
        g.setStroke(c.palette().grid());
        g.setFill(c.palette().mutedText());
        g.setLineWidth(1);
        long first = Math.floorDiv(c.viewFrom() - c.data().startNs, step) * step + c.data().startNs;
        for (long t = first; t <= c.viewTo(); t += step) {
            double x = c.xOf(t);
            if (x < TimelineCanvas.LABELS) continue;
            g.strokeLine(x + 0.5, TimelineCanvas.AXIS - 6, x + 0.5, TimelineCanvas.AXIS);
            g.fillText(tick(t - c.data().startNs, step), x + 3, TimelineCanvas.AXIS - 9);
        }
        g.fillText(Units.duration(span) + " in view", 6, TimelineCanvas.AXIS - 9);
        g.strokeLine(0, TimelineCanvas.AXIS - 0.5, w, TimelineCanvas.AXIS - 0.5);
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
}
