package dev.jrec.analysis.render;

import dev.jrec.analysis.Log2Histogram;
import dev.jrec.analysis.Summary;
import dev.jrec.analysis.Table;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * One JSON object per result. Tables: {@code {"view", "columns": [names], "rows": [{column: value}]}},
 * rows written as they arrive. Histograms: buckets in units ({@code low}, {@code high}, {@code count}) and
 * quantiles in ns per group.
 */
final class JsonRenderer implements Renderer {
    private final PrintWriter out;

    JsonRenderer(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void histogram(String view, Log2Histogram h) {
        out.print("{\"view\":" + Json.string(view) + ",\"unit\":" + Json.string(h.unit()) + ",\"unit_ns\":" + h.unitNs()
                + ",\"group_by\":" + Json.string(h.groupBy()) + ",\"groups\":[");
        for (int gi = 0; gi < h.groups().size(); gi++) {
            Log2Histogram.Group g = h.groups().get(gi);
            out.print((gi > 0 ? "," : "") + "\n{\"key\":" + Json.string(g.key()) + ",\"name\":" + Json.string(g.name())
                    + ",\"count\":" + g.total() + ",\"p50_ns\":" + Json.value(g.p50Ns()) + ",\"p99_ns\":" + Json.value(g.p99Ns())
                    + ",\"p999_ns\":" + Json.value(g.p999Ns()) + ",\"max_ns\":" + g.maxNs() + ",\"buckets\":[");
            for (int b = 0; b < g.counts().length; b++) {
                out.print((b > 0 ? "," : "") + "{\"low\":" + Log2Histogram.low(b) + ",\"high\":" + Log2Histogram.high(b) + ",\"count\":" + g.counts()[b] + "}");
            }
            out.print("]}");
        }
        out.println("]}");
        out.flush();
    }

    @Override
    public Table.Sink table(String view) {
        return new Table.Sink() {
            private List<Table.Column> columns;
            private boolean first = true;

            @Override
            public void columns(List<Table.Column> c) {
                columns = c;
                StringBuilder names = new StringBuilder();
                for (Table.Column col : c) names.append(names.isEmpty() ? "" : ",").append(Json.string(col.name()));
                out.print("{\"view\":" + Json.string(view) + ",\"columns\":[" + names + "],\"rows\":[");
            }

            @Override
            public void row(List<Object> values) {
                out.print((first ? "\n" : ",\n") + object(columns, values));
                first = false;
            }

            @Override
            public void end() {
                out.println("]}");
                out.flush();
            }
        };
    }

    @Override
    public void summary(Summary s) {
        StringBuilder sb = new StringBuilder("{\"view\":\"summary\",\"facts\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : s.facts().entrySet()) {
            sb.append(first ? "" : ",").append(Json.string(e.getKey())).append(':').append(Json.string(e.getValue()));
            first = false;
        }
        sb.append("},\n\"sources\":").append(rows(s.sources())).append(",\n\"losses\":").append(rows(s.losses())).append(",\n\"top\":[");
        for (int i = 0; i < s.top().size(); i++) {
            Table t = s.top().get(i);
            sb.append(i > 0 ? ",\n" : "\n").append("{\"title\":").append(Json.string(t.title())).append(",\"rows\":").append(rows(t)).append('}');
        }
        out.println(sb.append("]}"));
        out.flush();
    }

    private static String rows(Table t) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < t.rows().size(); i++) sb.append(i > 0 ? "," : "").append(object(t.columns(), t.rows().get(i)));
        return sb.append(']').toString();
    }

    private static String object(List<Table.Column> columns, List<Object> values) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < columns.size(); i++) {
            sb.append(i > 0 ? "," : "").append(Json.string(columns.get(i).name())).append(':').append(Json.value(values.get(i)));
        }
        return sb.append('}').toString();
    }
}
