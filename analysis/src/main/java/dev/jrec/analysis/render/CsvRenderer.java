package dev.jrec.analysis.render;

import dev.jrec.analysis.Log2Histogram;
import dev.jrec.analysis.Summary;
import dev.jrec.analysis.Table;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * CSV with a header line. A histogram is one row per group and bucket ({@code group,name,low,high,count});
 * a summary, which holds several tables, writes each after a {@code # title} line and a blank line between.
 */
final class CsvRenderer implements Renderer {
    private final PrintWriter out;

    CsvRenderer(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void histogram(String view, Log2Histogram h) {
        out.println("group,name,low,high,count");
        for (Log2Histogram.Group g : h.groups()) {
            for (int b = 0; b < g.counts().length; b++) {
                out.println(field(g.key()) + "," + field(g.name()) + "," + Log2Histogram.low(b) + "," + Log2Histogram.high(b) + "," + g.counts()[b]);
            }
        }
        out.flush();
    }

    @Override
    public Table.Sink table(String view) {
        return new Table.Sink() {
            @Override
            public void columns(List<Table.Column> c) {
                StringBuilder sb = new StringBuilder();
                for (Table.Column col : c) sb.append(sb.isEmpty() ? "" : ",").append(field(col.name()));
                out.println(sb);
            }

            @Override
            public void row(List<Object> values) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < values.size(); i++) sb.append(i > 0 ? "," : "").append(field(values.get(i)));
                out.println(sb);
            }

            @Override
            public void end() {
                out.flush();
            }
        };
    }

    @Override
    public void summary(Summary s) {
        out.println("# facts");
        out.println("key,value");
        for (Map.Entry<String, String> e : s.facts().entrySet()) out.println(field(e.getKey()) + "," + field(e.getValue()));
        for (Table t : concat(s)) {
            out.println();
            out.println("# " + t.title());
            t.replay(table(t.title()));
        }
        out.flush();
    }

    private static List<Table> concat(Summary s) {
        java.util.ArrayList<Table> all = new java.util.ArrayList<>();
        all.add(s.sources());
        all.add(s.losses());
        all.addAll(s.top());
        return all;
    }

    static String field(Object v) {
        if (v == null) return "";
        String s = v instanceof BigDecimal d ? d.toPlainString() : v instanceof List<?> ? Json.value(v) : v.toString();
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
