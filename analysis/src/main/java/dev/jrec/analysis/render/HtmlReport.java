package dev.jrec.analysis.render;

import dev.jrec.formats.schema.MetadataKeys;

import dev.jrec.analysis.Log2Histogram;
import dev.jrec.analysis.StackProfile;
import dev.jrec.analysis.Summary;
import dev.jrec.analysis.Table;
import dev.jrec.analysis.Timeline;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A postmortem as one self-contained HTML page: the summary (host, kernel, span, events and drops per source),
 * when events were lost, the latency histograms the capture has data for, the CPUs over time, the top
 * processes, TCP per peer with drops and retransmits, IRQ time, lock contention, flame graphs, and the capture's footer metadata. Charts are inline SVG, styles and the flame
 * graphs' script are inline, so it opens offline and loads nothing from anywhere.
 */
public final class HtmlReport {
    private HtmlReport() {}

    /**
     * What the page shows; sections without data are left out.
     *
     * @param title the page's heading, e.g. "jrec postmortem: web-3"
     * @param spanNs the recording's length, for the loss chart's axis
     * @param histograms latency histograms, in order
     * @param timeline the CPUs over time; null without scheduler events
     * @param network the TCP tables, when the net source was recorded; else empty
     * @param interrupts the IRQ tables, when the irq source was recorded; else empty
     * @param locks the lock contention and futex tables, when the lock source was recorded; else empty
     * @param flameGraphs stacks to draw as flame graphs, each titled
     * @param footer the capture's footer metadata
     * @param generator what wrote the page ("jrec 0.1.0")
     */
    public record Content(String title, Summary summary, long spanNs, List<Histogram> histograms, Timeline timeline,
            List<Table> network, List<Table> interrupts, List<Table> locks, List<Flame> flameGraphs, Map<String, String> footer, List<String> notes, String generator) {
        public Content {
            histograms = List.copyOf(histograms);
            network = List.copyOf(network);
            interrupts = List.copyOf(interrupts);
            locks = List.copyOf(locks);
            flameGraphs = List.copyOf(flameGraphs);
            notes = List.copyOf(notes);
        }
    }

    /** @param title e.g. "runqlat: run-queue latency" */
    public record Histogram(String id, String title, Log2Histogram histogram) {}

    public record Flame(String id, String title, StackProfile stacks) {}

    public static void write(Content c, PrintWriter out) {
        out.println("<!DOCTYPE html>");
        out.println("<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        out.println("<meta name=\"generator\" content=\"" + esc(c.generator()) + "\">");
        out.println("<title>" + esc(c.title()) + "</title>");
        out.println("<style>" + CSS + "</style></head><body>");
        out.println("<header><h1>" + esc(c.title()) + "</h1></header>");
        out.print("<nav>");
        nav(out, "summary", "Summary");
        nav(out, "loss", "Lost events");
        if (!c.histograms().isEmpty()) nav(out, "latency", "Latency");
        if (c.timeline() != null && !c.timeline().cpus().rows().isEmpty()) nav(out, "cpus", "CPUs over time");
        if (!c.summary().top().isEmpty()) nav(out, "top", "Top processes");
        if (!c.network().isEmpty()) nav(out, "network", "Network");
        if (!c.interrupts().isEmpty()) nav(out, "interrupts", "Interrupts");
        if (!c.locks().isEmpty()) nav(out, "locks", "Locks");
        if (!c.flameGraphs().isEmpty()) nav(out, "flamegraphs", "Flame graphs");
        nav(out, "metadata", "Capture metadata");
        out.println("</nav>");
        String trigger = c.footer().get(MetadataKeys.TRIGGER_NAME);
        if (trigger != null) {
            // a ring recording's dump: what fired it is the first thing a postmortem reader needs
            out.println("<div class=\"notes\" id=\"trigger\"><p>Dumped by the trigger <b>" + esc(trigger) + "</b> at "
                    + esc(c.footer().getOrDefault(MetadataKeys.TRIGGER_WALL, c.footer().get(MetadataKeys.TRIGGER_TS) + " ns")) + ": "
                    + esc(c.footer().get(MetadataKeys.TRIGGER_EVENT)) + " (the red line on the CPUs over time)</p></div>");
        }
        if (!c.notes().isEmpty()) {
            out.println("<div class=\"notes\">");
            for (String n : c.notes()) out.println("<p>Note: " + esc(n) + "</p>");
            out.println("</div>");
        }

        out.println("<section id=\"summary\"><h2>Summary</h2><table class=\"facts\">");
        for (Map.Entry<String, String> e : c.summary().facts().entrySet()) {
            out.println("<tr><th>" + esc(e.getKey()) + "</th><td>" + esc(e.getValue()) + "</td></tr>");
        }
        out.println("</table>");
        out.println("<h3>Events and drops per source</h3>");
        table(out, c.summary().sources());
        out.println("</section>");

        out.println("<section id=\"loss\"><h2>Lost events</h2>");
        if (c.summary().losses().rows().isEmpty()) {
            out.println("<p class=\"ok\">No events were lost.</p>");
        } else {
            out.println("<p>Intervals in which a source dropped events: counts in them are short, and a gap is not idle time.</p>");
            lossChart(out, c.summary().losses(), c.spanNs());
            table(out, c.summary().losses());
        }
        out.println("</section>");

        if (!c.histograms().isEmpty()) {
            out.println("<section id=\"latency\"><h2>Latency</h2>");
            for (Histogram h : c.histograms()) histogram(out, h);
            out.println("</section>");
        }

        if (c.timeline() != null && !c.timeline().cpus().rows().isEmpty()) {
            out.println("<section id=\"cpus\"><h2>CPUs over time</h2>");
            out.println("<p>How busy each CPU was per " + esc(duration(c.timeline().bucketNs()))
                    + " (darker is busier); hover for the task that ran the most. Buckets outlined in red: the scheduler lost events then.</p>");
            heatMap(out, c.timeline(), triggerTs(c.footer()));
            out.println("</section>");
        }

        if (!c.summary().top().isEmpty()) {
            out.println("<section id=\"top\"><h2>Top processes</h2>");
            for (Table t : c.summary().top()) {
                out.println("<h3>" + esc(t.title()) + "</h3>");
                if (t.rows().isEmpty()) out.println("<p>none</p>");
                else table(out, t);
            }
            out.println("</section>");
        }

        tables(out, "network", "Network", "TCP as the kernel saw it: connections per process and peer, then the packets it dropped and the segments it retransmitted.", c.network());
        tables(out, "interrupts", "Interrupts", "Time in hard IRQ and softirq handlers, in microseconds, and the processes they ran over: time taken from them.", c.interrupts());
        tables(out, "locks", "Locks", "Time threads waited for kernel locks (per caller, as perf lock contention prints it, then per lock) and on futexes in user space, with the thread that woke them.", c.locks());

        if (!c.flameGraphs().isEmpty()) {
            out.println("<section id=\"flamegraphs\"><h2>Flame graphs</h2>");
            out.println("<p>Each box is a function; its width is its share of the total, its callers are below it. Click to zoom, Search to find.</p>");
            for (Flame f : c.flameGraphs()) {
                out.println("<figure id=\"" + esc(f.id()) + "\" class=\"flame\">");
                out.print(FlameGraph.svg(f.stacks(), f.title(), FlameGraph.commify(f.stacks().total()) + " " + f.stacks().kind().unit, false));
                out.println("</figure>");
            }
            out.println("<script>" + FlameGraph.script()
                    + "document.querySelectorAll('svg.flamegraph').forEach(function (s) { jrecFlameGraph(s, false); });</script>");
            out.println("</section>");
        }

        out.println("<footer id=\"metadata\"><h2>Capture metadata</h2><table class=\"facts\">");
        for (Map.Entry<String, String> e : c.footer().entrySet()) {
            out.println("<tr><th>" + esc(e.getKey()) + "</th><td>" + esc(e.getValue()) + "</td></tr>");
        }
        out.println("</table><p class=\"generator\">Written by " + esc(c.generator()) + ".</p></footer>");
        out.println("</body></html>");
        out.flush();
    }

    /** A section of titled tables; none when there are no tables. */
    private static void tables(PrintWriter out, String id, String heading, String intro, List<Table> tables) {
        if (tables.isEmpty()) return;
        out.println("<section id=\"" + id + "\"><h2>" + esc(heading) + "</h2>");
        out.println("<p>" + esc(intro) + "</p>");
        for (Table t : tables) {
            out.println("<h3>" + esc(t.title()) + "</h3>");
            if (t.rows().isEmpty()) out.println("<p class=\"ok\">none</p>");
            else table(out, t);
        }
        out.println("</section>");
    }

    private static void nav(PrintWriter out, String id, String label) {
        out.print("<a href=\"#" + id + "\">" + esc(label) + "</a> ");
    }

    static void table(PrintWriter out, Table t) {
        out.print("<table><thead><tr>");
        for (Table.Column c : t.columns()) out.print("<th" + (c.type().numeric() ? " class=\"n\"" : "") + ">" + esc(c.header()) + "</th>");
        out.println("</tr></thead><tbody>");
        for (List<Object> r : t.rows()) {
            out.print("<tr>");
            for (int i = 0; i < r.size(); i++) {
                Object v = r.get(i);
                out.print("<td" + (t.columns().get(i).type().numeric() ? " class=\"n\"" : "") + ">" + esc(text(v)) + "</td>");
            }
            out.println("</tr>");
        }
        out.println("</tbody></table>");
    }

    private static String text(Object v) {
        if (v == null) return "-";
        if (v instanceof BigDecimal d) return d.toPlainString();
        // INTEGER columns are ids (pid, tid, cpu, port): 18424, not 18,424; BIGINT ones are counts and sizes
        if (v instanceof Long) return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
        return v.toString();
    }

    /** A log2 histogram as horizontal bars, BCC's layout: the bucket's range, a bar, the count. */
    static void histogram(PrintWriter out, Histogram hist) {
        Log2Histogram h = hist.histogram();
        out.println("<figure id=\"" + esc(hist.id()) + "\" class=\"histogram\"><figcaption>" + esc(hist.title()) + "</figcaption>");
        for (Log2Histogram.Group g : h.groups()) {
            long max = 1;
            for (long n : g.counts()) max = Math.max(max, n);
            int rows = g.counts().length, rowH = 18, labelW = 190, barW = 480, countW = 90, w = labelW + barW + countW;
            int height = rows * rowH + 6;
            out.println("<svg class=\"bars\" width=\"" + w + "\" height=\"" + height + "\" viewBox=\"0 0 " + w + " " + height + "\" role=\"img\">");
            for (int b = 0; b < rows; b++) {
                long n = g.counts()[b];
                int y = b * rowH + 3;
                double bw = n == 0 ? 0 : Math.max(1, barW * (double) n / max);
                String range = Log2Histogram.low(b) + " -> " + Log2Histogram.high(b) + " " + h.unit();
                out.println("<g><title>" + esc(range + ": " + n) + "</title><text x=\"" + (labelW - 8) + "\" y=\"" + (y + 13)
                        + "\" text-anchor=\"end\">" + esc(Log2Histogram.low(b) + " → " + Log2Histogram.high(b)) + "</text><rect x=\"" + labelW + "\" y=\"" + y
                        + "\" width=\"" + num(bw) + "\" height=\"" + (rowH - 4) + "\" class=\"bar\"/><text x=\"" + (labelW + barW + 6) + "\" y=\"" + (y + 13)
                        + "\">" + String.format(Locale.ROOT, "%,d", n) + "</text></g>");
            }
            out.println("</svg>");
            String scale = h.unit();
            double unit = h.unitNs();
            out.println("<p class=\"stats\">" + (g.key().isEmpty() ? "" : esc(h.groupBy() + " " + g.key() + " " + g.name()) + ": ")
                    + String.format(Locale.ROOT, "count %,d, p50 %s, p99 %s, p99.9 %s, max %s %s", g.total(), q(g.p50Ns() / unit),
                            q(g.p99Ns() / unit), q(g.p999Ns() / unit), q(g.maxNs() / unit), esc(scale)) + "</p>");
        }
        if (h.groups().isEmpty()) out.println("<p>none</p>");
        out.println("</figure>");
    }

    private static String q(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    /** Loss intervals on the recording's time axis, a row per source. */
    static void lossChart(PrintWriter out, Table losses, long spanNs) {
        int from = losses.column("from_s"), to = losses.column("to_s"), source = losses.column("source"), reason = losses.column("reason"),
                lost = losses.column("lost");
        java.util.List<String> sources = new java.util.ArrayList<>();
        for (List<Object> r : losses.rows()) if (!sources.contains(String.valueOf(r.get(source)))) sources.add(String.valueOf(r.get(source)));
        double span = Math.max(spanNs / 1e9, 1e-9);
        int labelW = 90, plotW = 760, rowH = 22, axisH = 20, w = labelW + plotW + 40, height = sources.size() * rowH + axisH + 4;
        out.println("<svg class=\"loss\" width=\"" + w + "\" height=\"" + height + "\" viewBox=\"0 0 " + w + " " + height + "\" role=\"img\">");
        for (int i = 0; i < sources.size(); i++) {
            out.println("<text x=\"" + (labelW - 8) + "\" y=\"" + (i * rowH + 15) + "\" text-anchor=\"end\">" + esc(sources.get(i)) + "</text>"
                    + "<rect x=\"" + labelW + "\" y=\"" + (i * rowH + 2) + "\" width=\"" + plotW + "\" height=\"" + (rowH - 4) + "\" class=\"lane\"/>");
        }
        for (List<Object> r : losses.rows()) {
            double a = ((Number) r.get(from)).doubleValue(), b = ((Number) r.get(to)).doubleValue();
            int row = sources.indexOf(String.valueOf(r.get(source)));
            double x = labelW + plotW * Math.max(0, a) / span, x2 = labelW + plotW * Math.min(span, b) / span;
            out.println("<g><title>" + esc(r.get(source) + ": " + r.get(lost) + " lost (" + r.get(reason) + ") " + text(r.get(from)) + " s → "
                    + text(r.get(to)) + " s") + "</title><rect x=\"" + num(x) + "\" y=\"" + (row * rowH + 2) + "\" width=\"" + num(Math.max(1.5, x2 - x))
                    + "\" height=\"" + (rowH - 4) + "\" class=\"lost\"/></g>");
        }
        int axisY = sources.size() * rowH + 14;
        for (int t = 0; t <= 4; t++) {
            double s = span * t / 4;
            out.println("<text x=\"" + num(labelW + plotW * t / 4.0) + "\" y=\"" + axisY + "\" text-anchor=\"middle\" class=\"axis\">"
                    + String.format(Locale.ROOT, "%.1f s", s) + "</text>");
        }
        out.println("</svg>");
    }

    /** CPUs (rows) over time (columns), shaded by busy %, with the top task in each cell's tooltip. */
    static void heatMap(PrintWriter out, Timeline t, long markerTs) {
        Table cpus = t.cpus();
        int time = cpus.column("time_s"), cpu = cpus.column("cpu"), busy = cpus.column("busy_pct"), comm = cpus.column("top_comm"),
                pid = cpus.column("top_pid"), loss = cpus.column("loss");
        java.util.TreeSet<Integer> ids = new java.util.TreeSet<>();
        for (List<Object> r : cpus.rows()) ids.add(((Number) r.get(cpu)).intValue());
        List<Integer> order = List.copyOf(ids);
        int buckets = t.buckets(), labelW = 60, plotW = 840, rowH = 14, w = labelW + plotW + 40, height = order.size() * rowH + 24;
        double cellW = plotW / (double) Math.max(1, buckets);
        out.println("<svg class=\"heat\" width=\"" + w + "\" height=\"" + height + "\" viewBox=\"0 0 " + w + " " + height + "\" role=\"img\">");
        for (int i = 0; i < order.size(); i++) {
            out.println("<text x=\"" + (labelW - 6) + "\" y=\"" + (i * rowH + 11) + "\" text-anchor=\"end\">CPU " + order.get(i) + "</text>");
        }
        int b = -1;
        BigDecimal last = null;
        for (List<Object> r : cpus.rows()) {
            BigDecimal ts = (BigDecimal) r.get(time);
            if (!ts.equals(last)) {
                b++;
                last = ts;
            }
            int row = order.indexOf(((Number) r.get(cpu)).intValue());
            double pct = ((BigDecimal) r.get(busy)).doubleValue();
            String tip = "CPU " + r.get(cpu) + " at " + ts.toPlainString() + " s: " + ((BigDecimal) r.get(busy)).toPlainString() + "% busy"
                    + (r.get(comm) == null ? "" : ", most " + r.get(comm) + " (" + r.get(pid) + ")") + (Boolean.TRUE.equals(r.get(loss)) ? "; events were lost" : "");
            int shade = (int) Math.round(245 - 2.0 * Math.min(100, pct));
            out.println("<rect x=\"" + num(labelW + b * cellW) + "\" y=\"" + (row * rowH) + "\" width=\"" + num(Math.max(cellW, 0.5)) + "\" height=\""
                    + (rowH - 1) + "\" fill=\"rgb(" + shade + "," + shade + ",255)\"" + (Boolean.TRUE.equals(r.get(loss)) ? " class=\"lossy\"" : "")
                    + "><title>" + esc(tip) + "</title></rect>");
        }
        int axisY = order.size() * rowH + 16;
        if (markerTs >= t.fromNs() && markerTs <= t.toNs() && t.toNs() > t.fromNs()) {
            double x = labelW + plotW * (double) (markerTs - t.fromNs()) / (t.toNs() - t.fromNs());
            out.println("<line class=\"trigger\" x1=\"" + num(x) + "\" y1=\"0\" x2=\"" + num(x) + "\" y2=\"" + (order.size() * rowH)
                    + "\" stroke=\"#d00\" stroke-width=\"2\"><title>trigger fired</title></line>");
        }
        double spanS = (t.toNs() - t.fromNs()) / 1e9;
        BigDecimal t0 = cpus.rows().isEmpty() ? BigDecimal.ZERO : (BigDecimal) cpus.rows().getFirst().get(time);
        for (int k = 0; k <= 4; k++) {
            out.println("<text x=\"" + num(labelW + plotW * k / 4.0) + "\" y=\"" + axisY + "\" text-anchor=\"middle\" class=\"axis\">"
                    + String.format(Locale.ROOT, "%.1f s", t0.doubleValue() + spanS * k / 4) + "</text>");
        }
        out.println("</svg>");
    }

    private static String duration(long ns) {
        if (ns % 1_000_000_000L == 0) return ns / 1_000_000_000L + " s";
        if (ns % 1_000_000 == 0) return ns / 1_000_000 + " ms";
        if (ns % 1_000 == 0) return ns / 1_000 + " µs";
        return ns + " ns";
    }

    private static String num(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /** A dump's trigger time on the capture clock; Long.MIN_VALUE for a capture no trigger made. */
    static long triggerTs(Map<String, String> footer) {
        try {
            return Long.parseLong(footer.getOrDefault(MetadataKeys.TRIGGER_TS, ""));
        } catch (NumberFormatException none) {
            return Long.MIN_VALUE;
        }
    }

    static String esc(String s) {
        return s == null ? "" : FlameGraph.esc(s);
    }

    private static final String CSS = """
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 0 auto; max-width: 1240px;
                   padding: 0 20px 40px; color: #1d1d1f; background: #fff; line-height: 1.4; }
            header h1 { font-size: 1.6em; margin: 24px 0 4px; }
            nav { position: sticky; top: 0; background: #fff; padding: 8px 0; border-bottom: 1px solid #ddd; z-index: 1; }
            nav a { margin-right: 14px; color: #0b57d0; text-decoration: none; }
            h2 { margin-top: 32px; border-bottom: 1px solid #eee; padding-bottom: 4px; }
            h3 { margin: 18px 0 6px; font-size: 1.05em; }
            table { border-collapse: collapse; margin: 6px 0 12px; font-size: 0.92em; }
            th, td { padding: 3px 10px; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
            thead th { border-bottom: 2px solid #ccc; }
            td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
            table.facts th { color: #555; font-weight: 600; white-space: nowrap; }
            table.facts td { font-family: ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
            .notes p { background: #fff6e0; border-left: 4px solid #f0a000; padding: 6px 10px; margin: 8px 0; }
            p.ok { color: #1a7f37; }
            figure { margin: 12px 0 20px; }
            figcaption { font-weight: 600; margin-bottom: 4px; }
            svg text { font-size: 12px; font-family: ui-monospace, Menlo, Consolas, monospace; }
            svg .bar { fill: #4a7bd0; }
            svg .lane { fill: #f3f3f3; }
            svg .lost { fill: #d93025; fill-opacity: 0.75; }
            svg .axis { fill: #666; }
            svg rect.lossy { stroke: #d93025; stroke-width: 1; }
            figure.flame svg { max-width: 100%; height: auto; }
            p.stats { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em; color: #333; margin: 2px 0 0; }
            footer { margin-top: 40px; color: #444; }
            p.generator { color: #777; font-size: 0.9em; }
            @media print { nav { display: none; } }
            """;
}
