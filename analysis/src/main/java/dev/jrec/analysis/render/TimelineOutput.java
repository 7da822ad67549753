package dev.jrec.analysis.render;

import dev.jrec.analysis.Table;
import dev.jrec.analysis.Timeline;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link Timeline}. Text: two grids with a line per bucket — per CPU the busy % and the task that ran
 * the most, per top process its threads' ms running/runnable/blocked — and {@code !} after the time of a bucket
 * in which the scheduler lost events. CSV: both tables, each after a {@code # title} line. JSON: one object
 * with both tables' rows.
 */
public final class TimelineOutput {
    private TimelineOutput() {}

    public static void write(Timeline t, Format format, PrintWriter out) {
        switch (format) {
            case TEXT -> text(t, out);
            case CSV -> {
                out.println("# cpus");
                t.cpus().replay(Format.CSV.renderer(out, "").table("cpus"));
                out.println();
                out.println("# processes");
                t.processes().replay(Format.CSV.renderer(out, "").table("processes"));
            }
            case JSON -> {
                out.print("{\"view\":\"timeline\",\"bucket_ns\":" + t.bucketNs() + ",\"buckets\":" + t.buckets() + ",\n\"cpus\":");
                rows(t.cpus(), out);
                out.print(",\n\"processes\":");
                rows(t.processes(), out);
                out.println("}");
            }
        }
        out.flush();
    }

    private static void rows(Table t, PrintWriter out) {
        out.print("[");
        for (int r = 0; r < t.rows().size(); r++) {
            StringBuilder sb = new StringBuilder(r > 0 ? ",\n{" : "\n{");
            for (int i = 0; i < t.columns().size(); i++) {
                sb.append(i > 0 ? "," : "").append(Json.string(t.columns().get(i).name())).append(':').append(Json.value(t.rows().get(r).get(i)));
            }
            out.print(sb.append('}'));
        }
        out.print("]");
    }

    private static void text(Timeline t, PrintWriter out) {
        String every = duration(t.bucketNs());
        Table cpus = t.cpus();
        int time = cpus.column("time_s"), cpu = cpus.column("cpu"), busy = cpus.column("busy_pct"), comm = cpus.column("top_comm"),
                loss = cpus.column("loss");
        // pivot: a line per bucket, a column per CPU
        Map<Object, List<List<Object>>> byTime = group(cpus, time);
        List<Integer> ids = new ArrayList<>();
        for (List<Object> r : cpus.rows()) {
            int c = ((Number) r.get(cpu)).intValue();
            if (!ids.contains(c)) ids.add(c);
        }
        boolean anyLoss = false;
        for (List<Object> r : cpus.rows()) anyLoss |= Boolean.TRUE.equals(r.get(loss));
        out.println("CPUs: busy % and the task that ran the most, per " + every + (anyLoss ? " (! the scheduler lost events in the bucket)" : ""));
        List<String> header = new ArrayList<>(List.of("TIME(s)"));
        for (int c : ids) header.add("CPU" + c);
        List<List<String>> lines = new ArrayList<>();
        for (Map.Entry<Object, List<List<Object>>> e : byTime.entrySet()) {
            List<String> line = new ArrayList<>();
            boolean lost = false;
            for (List<Object> r : e.getValue()) lost |= Boolean.TRUE.equals(r.get(loss));
            line.add(((BigDecimal) e.getKey()).toPlainString() + (lost ? "!" : " "));
            for (List<Object> r : e.getValue()) {
                String pct = String.format(Locale.ROOT, "%3.0f%%", ((BigDecimal) r.get(busy)).doubleValue());
                line.add(r.get(comm) == null ? pct : pct + " " + r.get(comm));
            }
            lines.add(line);
        }
        grid(header, lines, out);

        Table procs = t.processes();
        if (procs.rows().isEmpty()) return;
        int ptime = procs.column("time_s"), pid = procs.column("pid"), pcomm = procs.column("comm"), run = procs.column("run_ms"),
                runnable = procs.column("runnable_ms"), blocked = procs.column("blocked_ms"), ploss = procs.column("loss");
        Map<Object, List<List<Object>>> pByTime = group(procs, ptime);
        List<String> pheader = new ArrayList<>(List.of("TIME(s)"));
        for (List<Object> r : pByTime.values().iterator().next()) pheader.add(r.get(pcomm) + " (" + r.get(pid) + ")");
        out.println();
        out.println("Processes: ms running/runnable/blocked per " + every + ", summed over their threads (the "
                + (pheader.size() - 1) + " that ran the most)");
        List<List<String>> plines = new ArrayList<>();
        for (Map.Entry<Object, List<List<Object>>> e : pByTime.entrySet()) {
            List<String> line = new ArrayList<>();
            boolean lost = false;
            for (List<Object> r : e.getValue()) lost |= Boolean.TRUE.equals(r.get(ploss));
            line.add(((BigDecimal) e.getKey()).toPlainString() + (lost ? "!" : " "));
            for (List<Object> r : e.getValue()) line.add(ms(r.get(run)) + "/" + ms(r.get(runnable)) + "/" + ms(r.get(blocked)));
            plines.add(line);
        }
        grid(pheader, plines, out);
    }

    private static Map<Object, List<List<Object>>> group(Table t, int column) {
        Map<Object, List<List<Object>>> m = new LinkedHashMap<>();
        for (List<Object> r : t.rows()) m.computeIfAbsent(r.get(column), k -> new ArrayList<>()).add(r);
        return m;
    }

    /** Columns as wide as their widest cell, two spaces apart; the time right-aligned, cells left-aligned. */
    private static void grid(List<String> header, List<List<String>> lines, PrintWriter out) {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) w[i] = header.get(i).length();
        for (List<String> l : lines) for (int i = 0; i < l.size() && i < w.length; i++) w[i] = Math.max(w[i], l.get(i).length());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < header.size(); i++) sb.append(i == 0 ? pad(header.get(i), w[i], true) : "  " + pad(header.get(i), w[i], false));
        out.println(sb.toString().stripTrailing());
        for (List<String> l : lines) {
            sb.setLength(0);
            for (int i = 0; i < l.size() && i < w.length; i++) sb.append(i == 0 ? pad(l.get(i), w[i], true) : "  " + pad(l.get(i), w[i], false));
            out.println(sb.toString().stripTrailing());
        }
    }

    private static String pad(String s, int w, boolean right) {
        if (s.length() >= w) return s;
        String sp = " ".repeat(w - s.length());
        return right ? sp + s : s + sp;
    }

    private static String ms(Object v) {
        double d = ((BigDecimal) v).doubleValue();
        if (d == 0) return "0";
        if (d < 1) return String.format(Locale.ROOT, "%.2f", d);
        if (d < 10) return String.format(Locale.ROOT, "%.1f", d);
        return String.format(Locale.ROOT, "%.0f", d);
    }

    static String duration(long ns) {
        if (ns % 1_000_000_000L == 0) return ns / 1_000_000_000L + "s";
        if (ns % 1_000_000 == 0) return ns / 1_000_000 + "ms";
        if (ns % 1_000 == 0) return ns / 1_000 + "us";
        return ns + "ns";
    }
}
