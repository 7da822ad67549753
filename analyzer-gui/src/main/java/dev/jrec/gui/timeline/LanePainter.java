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
        if (l.isCpu()) drawn = drawIntervals(g, l, y + 2, TimelineCanvas.LANE - 4, true);
        else if (l.header) drawn = drawActivity(g, l, y + TimelineCanvas.LANE - 8, 5);
        // a thread without scheduler states (no sched source) shows its syscalls and I/O at full height
        else if (l.size == 0) drawn = drawMarkers(g, l, y + 3, TimelineCanvas.LANE - 6);
        else drawn = drawIntervals(g, l, y + 2, TimelineCanvas.LANE - 9, false) + drawMarkers(g, l, y + TimelineCanvas.LANE - 6, 4);
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

    private static String fit(String s) {
        return s.length() > 26 ? s.substring(0, 25) + "…" : s;
    }
}
