package dev.jrec.gui.timeline;

import dev.jrec.gui.Palette;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

/**
 * Draws one row of the timeline in the canvas's view: a CPU's slices, a thread's states with its syscalls and block
 * I/O under them, or a group's header with when its processes ran. At most one rectangle per pixel column is drawn
 * in a lane, skipping the rest by binary search, so a repaint costs the pixels, not the events.
 */
final class LanePainter {
    private final TimelineCanvas c;

    LanePainter(TimelineCanvas c) {
        this.c = c;
    }

    int drawLane(GraphicsContext g, int li, double y, double w, boolean marked) {
        Lane l = c.lanes().get(li);
        int drawn;
        g.setFill(l.header ? c.palette().laneAlt() : li % 2 == 0 ? c.palette().lane() : c.palette().laneAlt());
        g.fillRect(0, y, w, TimelineCanvas.LANE);
        if (l.isCpu()) drawn = drawIntervals(g, l, y + 2, TimelineCanvas.LANE - 4, true) + drawStrip(g, l.irq, IRQ, y);
        else if (l.header) drawn = drawActivity(g, l, y + TimelineCanvas.LANE - 8, 5);
        // a thread without scheduler states (no sched source) shows its syscalls and I/O at full height
        else if (l.size == 0) drawn = drawMarkers(g, l, y + 3, TimelineCanvas.LANE - 6);
        else drawn = drawIntervals(g, l, y + 2, TimelineCanvas.LANE - 9, false) + drawMarkers(g, l, y + TimelineCanvas.LANE - 6, 4);
        if (l.isThread()) drawn += drawStrip(g, l.waits, WAIT, y) + drawStrip(g, l.calls, CALL, y + CALLS_AT) + drawNet(g, l, y)
                + drawOomKills(g, l, y);
        if (l.isThread() && l.tid == c.foundTid()) {
            g.setFill(c.palette().selection());
            g.fillRect(0, y, TimelineCanvas.LABELS, TimelineCanvas.LANE);
        }
        g.setFill(c.palette().text());
        if (l.header) {
            g.setFont(Font.font(null, javafx.scene.text.FontWeight.BOLD, 11));
            g.fillText((l.open ? "▾ " : "▸ ") + fit(l.title), 4, y + TimelineCanvas.LANE - 6);
            g.setFont(Font.font(11));
        } else {
            // a group's threads are indented under its header
            g.fillText(fit(l.title), l.isThread() && li >= c.tree().fixed() && c.tree().grouped(l.tid) ? 16 : 6, y + TimelineCanvas.LANE - 6);
        }
        if (l.isThread() && !l.statesLoaded && l.size == 0) {
            g.setFill(c.palette().mutedText());
            g.fillText("loading states…", TimelineCanvas.LABELS + 6, y + TimelineCanvas.LANE - 6);
        }
        if (marked) {
            g.setStroke(c.palette().highlight());
            g.setLineWidth(2);
            double x0 = Math.max(TimelineCanvas.LABELS, c.xOf(c.markFrom())), x1 = Math.max(x0 + 2, c.xOf(c.markTo()));
            g.strokeRect(x0, y + 1, x1 - x0, TimelineCanvas.LANE - 2);
        }
        return drawn;
    }

    /**
     * A group header's bar: when any of its processes ran on a CPU, from the CPU lanes (a bucket of slices counts
     * for the process that ran the most of it), so a folded group still says when it was busy.
     */
    private int drawActivity(GraphicsContext g, Lane header, double y, double height) {
        if (c.data() == null || header.members.length == 0) return 0;
        int[] pids = header.members.clone();
        java.util.Arrays.sort(pids);
        int drawn = 0;
        for (Lane cpu : c.data().cpus) {
            double lastX = -1;
            for (int i = cpu.firstEndingAfter(c.viewFrom()); i < cpu.size; i++) {
                if (cpu.start[i] > c.viewTo()) break;
                if (java.util.Arrays.binarySearch(pids, cpu.key[i]) < 0) continue;
                double x0 = Math.max(TimelineCanvas.LABELS, c.xOf(cpu.start[i])), x1 = Math.min(c.getWidth(), c.xOf(cpu.start[i] + cpu.dur[i]));
                if (x1 < TimelineCanvas.LABELS || (x1 - x0 < 1 && Math.floor(x0) <= lastX)) continue;
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
        double w = c.getWidth();
        double lastX = -1;
        for (int i = l.firstEndingAfter(c.viewFrom()); i < l.size; i++) {
            long s = l.start[i];
            if (s > c.viewTo()) break;
            double x0 = Math.max(TimelineCanvas.LABELS, c.xOf(s)), x1 = Math.min(w, c.xOf(s + l.dur[i]));
            if (x1 < TimelineCanvas.LABELS) continue;
            // many intervals in one pixel column: draw the first, skip the rest of that column
            if (x1 - x0 < 1 && Math.floor(x0) <= lastX) continue;
            Color fill = cpu ? Palette.forKey(l.key[i]) : Palette.state(TimelineData.STATES.get(Math.min(l.key[i], TimelineData.STATES.size() - 1)));
            g.setFill(fill);
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
                int next = l.firstEndingAfter(c.timeAt(lastX + 1));
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
        int i = java.util.Arrays.binarySearch(m.start, 0, m.size, c.viewFrom() - (c.viewTo() - c.viewFrom()));
        i = Math.max(0, i < 0 ? -i - 1 : i);
        for (; i < m.size; i++) {
            if (m.start[i] > c.viewTo()) break;
            double x0 = Math.max(TimelineCanvas.LABELS, c.xOf(m.start[i])), x1 = Math.min(c.getWidth(), c.xOf(m.start[i] + m.dur[i]));
            if (x1 < TimelineCanvas.LABELS || (x1 - x0 < 1 && Math.floor(x0) <= lastX)) continue;
            g.setFill(m.block[i] ? Color.web("#a142f4") : Color.web("#1a73e8"));
            g.fillRect(x0, y, Math.max(1, x1 - x0), height);
            lastX = Math.floor(Math.max(x0, x1 - 1));
            drawn++;
        }
        return drawn;
    }

    /**
     * A thread's TCP events: its connections as a thin bar at the top of the lane, labelled with the remote end in a
     * tag at the start of one wide enough for it; retransmits, resets and drops as shapes at the bottom, over the
     * syscalls, one per pixel column and kind.
     */
    private int drawNet(GraphicsContext g, Lane l, double y) {
        NetMarks m = l.net;
        if (m.size == 0) return 0;
        int drawn = 0;
        long from = c.viewFrom(), to = c.viewTo();
        double w = c.getWidth(), lastX = -1, labelEnd = -1;
        int first = m.firstReaching(from);
        // listeners, pale, under the connections they accepted
        for (byte kind : new byte[] {NetMarks.LISTENER, NetMarks.CONNECTION}) {
            g.setFill(kind == NetMarks.LISTENER ? LISTENER : CONNECTION);
            lastX = -1;
            for (int i = first; i < m.size && m.start[i] <= to; i++) {
                if (m.kind[i] != kind || m.start[i] + m.dur[i] < from) continue;
                double x0 = Math.max(TimelineCanvas.LABELS, c.xOf(m.start[i])), x1 = Math.min(w, c.xOf(m.start[i] + m.dur[i]));
                if (x1 < TimelineCanvas.LABELS || (x1 - x0 < 1 && Math.floor(x0) <= lastX)) continue;
                g.fillRect(x0, y + 1, Math.max(1, x1 - x0), 3);
                lastX = Math.floor(Math.max(x0, x1 - 1));
                drawn++;
            }
        }
        g.setFont(Font.font(9));
        for (int i = first; i < m.size && m.start[i] <= to; i++) {
            if (tagWidth(m, i) == 0 || m.start[i] < from) continue;
            double x0 = c.xOf(m.start[i]), x1 = Math.min(w, c.xOf(m.start[i] + m.dur[i])), tag = tagWidth(m, i);
            if (x0 < labelEnd || x1 - x0 < tag) continue;
            g.setFill(m.kind[i] == NetMarks.LISTENER ? LISTENER_TAG : CONNECTION);
            g.fillRect(x0, y + 1, tag, 11);
            g.setFill(Color.WHITE);
            g.fillText(m.title[i], x0 + 3, y + 10);
            labelEnd = x0 + tag + 2;
        }
        g.setFont(Font.font(11));
        double[] last = new double[NetMarks.KINDS];
        java.util.Arrays.fill(last, -1);
        double b = y + TimelineCanvas.LANE - 1;
        for (int i = m.firstReaching(from); i < m.size && m.start[i] <= to; i++) {
            if (!m.isPoint(i) || m.start[i] < from) continue;
            double x = Math.floor(c.xOf(m.start[i])) + 0.5;
            if (x < TimelineCanvas.LABELS || x == last[m.kind[i]]) continue;
            last[m.kind[i]] = x;
            drawn++;
            switch (m.kind[i]) {
                case NetMarks.RETRANSMIT -> {
                    g.setFill(RETRANSMIT);
                    g.fillPolygon(new double[] {x - 4, x, x + 4, x}, new double[] {b - 4, b - 8, b - 4, b}, 4);
                }
                case NetMarks.RESET_SENT -> {
                    g.setFill(WARNING);
                    g.fillPolygon(new double[] {x - 4.5, x + 4.5, x}, new double[] {b, b, b - 8}, 3);
                }
                case NetMarks.RESET_RECEIVED -> {
                    g.setFill(WARNING);
                    g.fillPolygon(new double[] {x - 4.5, x + 4.5, x}, new double[] {b - 8, b - 8, b}, 3);
                }
                case NetMarks.SIGNAL -> {
                    g.setFill(SIGNAL);
                    g.fillRect(x - 3.5, b - 7, 7, 7);
                }
                case NetMarks.HUNG -> {
                    g.setFill(HUNG);
                    g.fillRect(x - 1.5, b - 10, 3, 10);
                }
                case NetMarks.RECLAIM -> {
                    g.setFill(RECLAIM);
                    g.fillOval(x - 3.5, b - 7.5, 7, 7);
                }
                default -> {
                    g.setStroke(WARNING);
                    g.setLineWidth(2.5);
                    g.strokeLine(x - 3.5, b - 7.5, x + 3.5, b - 0.5);
                    g.strokeLine(x - 3.5, b - 0.5, x + 3.5, b - 7.5);
                }
            }
        }
        return drawn;
    }

    /** The width of the tag naming connection {@code i}'s remote end; 0 for a row that has none. */
    static double tagWidth(NetMarks m, int i) {
        return m.isPoint(i) || m.title[i] == null || m.events[i] != 1 ? 0 : 6 + m.title[i].length() * LABEL_CHAR;
    }

    /**
     * A strip over the top of a lane: a CPU's time in IRQ handlers (red), a thread's lock waits (slate); or along a
     * thread lane its probed calls (olive); the more opaque the more of the pixel they took.
     */
    private int drawStrip(GraphicsContext g, Strip q, Color color, double y) {
        if (q.size == 0) return 0;
        int drawn = 0;
        long from = c.viewFrom(), to = c.viewTo();
        double lastX = -1;
        for (int i = q.first(from); i < q.size && q.start[i] <= to; i++) {
            double x0 = Math.max(TimelineCanvas.LABELS, c.xOf(q.start[i])), x1 = Math.min(c.getWidth(), c.xOf(q.start[i] + q.dur[i]));
            if (x1 < TimelineCanvas.LABELS || Math.floor(x0) <= lastX && x1 - x0 < 1) continue;
            g.setFill(color.deriveColor(0, 1, 1, 0.45 + 0.55 * q.share(i)));
            g.fillRect(Math.floor(x0), y, Math.max(1, x1 - x0), TimelineCanvas.IRQ_STRIP);
            lastX = Math.floor(x0);
            drawn++;
        }
        return drawn;
    }

    /** An OOM kill on its victim's lane: a disc on the line drawn across the lanes at its time. */
    private int drawOomKills(GraphicsContext g, Lane l, double y) {
        int drawn = 0;
        for (NetEvents.OomKill k : c.data().oomKills) {
            if (k.tid() != l.tid || k.ts() < c.viewFrom() || k.ts() > c.viewTo()) continue;
            double x = c.xOf(k.ts());
            g.setFill(TimelineOverlays.OOM);
            g.fillOval(x - 6, y + TimelineCanvas.LANE / 2 - 6, 12, 12);
            drawn++;
        }
        return drawn;
    }

    /** TCP connections: a teal no state, slice or marker is drawn in. */
    static final Color CONNECTION = Color.web("#00838f");
    /** Listening sockets: the connections' teal, paler, so the connections they accepted stand out on them. */
    static final Color LISTENER = Color.web("#80cbc4"), LISTENER_TAG = Color.web("#4f9a94");
    /** Retransmits: a brown, noticeable without the alarm of a reset or a drop. */
    static final Color RETRANSMIT = Color.web("#8d6e63");
    /** Resets and drops: an orange apart from the runnable state's amber and the D state's and the trigger's reds. */
    static final Color WARNING = Color.web("#ff6d00");
    /** A signal sent to the thread (a square), a hung-task report (a bar), a reclaim stall (a disc). */
    static final Color SIGNAL = Color.web("#6a1b9a"), HUNG = Color.web("#b71c1c"), RECLAIM = Color.web("#0277bd");
    /** Probed function calls (uprobes, USDT), along the foot of a thread's states: an olive apart from running's green. */
    static final Color CALL = Color.web("#827717");
    /** Where in a thread lane its calls' strip starts: the foot of its states, just above the syscall markers. */
    static final double CALLS_AT = TimelineCanvas.LANE - 10;
    /** Time in IRQ handlers, over a CPU lane. */
    static final Color IRQ = Color.web("#e53935");
    /** Time waiting for a kernel lock or on a futex, over a thread lane: dark, apart from the states' colors. */
    static final Color WAIT = Color.web("#37474f");
    /** Pixels a character of a connection's tag takes, at its 9 px font. */
    private static final double LABEL_CHAR = 5.6;

    private static String fit(String s) {
        return s.length() > 26 ? s.substring(0, 25) + "…" : s;
    }
}
