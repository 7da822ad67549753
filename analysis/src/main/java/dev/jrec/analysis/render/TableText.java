package dev.jrec.analysis.render;

import dev.jrec.analysis.Table;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * An aligned text table, numbers to the right. Column widths fit the first {@value #SIZING_ROWS} rows;
 * later rows stream out at those widths (a longer value pushes its line out, as printf does in BCC).
 */
final class TableText implements Table.Sink {
    static final int SIZING_ROWS = 1000;

    private final PrintWriter out;
    private final String nullText;
    private final String title;
    private List<Table.Column> columns;
    private int[] widths;
    private final List<List<String>> pending = new ArrayList<>();
    private boolean flushed;

    TableText(PrintWriter out, String nullText, String title) {
        this.out = out;
        this.nullText = nullText;
        this.title = title;
    }

    @Override
    public void columns(List<Table.Column> c) {
        columns = c;
        widths = new int[c.size()];
        for (int i = 0; i < c.size(); i++) widths[i] = c.get(i).header().length();
    }

    @Override
    public void row(List<Object> values) {
        List<String> cells = new ArrayList<>(values.size());
        for (Object v : values) cells.add(cell(v, nullText));
        if (flushed) {
            line(cells);
        } else {
            pending.add(cells);
            if (pending.size() == SIZING_ROWS) flush();
        }
    }

    private void flush() {
        for (List<String> r : pending) for (int i = 0; i < r.size(); i++) widths[i] = Math.max(widths[i], r.get(i).length());
        if (title != null) out.println(title);
        List<String> headers = new ArrayList<>();
        for (Table.Column c : columns) headers.add(c.header());
        line(headers);
        for (List<String> r : pending) line(r);
        pending.clear();
        flushed = true;
    }

    @Override
    public void end() {
        if (!flushed) flush();
        out.flush();
    }

    private void line(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String s = cells.get(i);
            boolean last = i == cells.size() - 1;
            if (i > 0) sb.append("  ");
            if (columns.get(i).type().numeric()) sb.append(" ".repeat(Math.max(0, widths[i] - s.length()))).append(s);
            else sb.append(s).append(last ? "" : " ".repeat(Math.max(0, widths[i] - s.length())));
        }
        out.println(sb.toString().stripTrailing());
    }

    static String cell(Object v, String nullText) {
        if (v == null) return nullText;
        if (v instanceof BigDecimal d) return d.toPlainString();
        if (v instanceof List<?> l) {
            List<String> items = new ArrayList<>();
            for (Object o : l) items.add(cell(o, nullText));
            return "[" + String.join(", ", items) + "]";
        }
        return v.toString().replace('\n', ' ');
    }
}
