package dev.jrec.analysis.render;

import dev.jrec.analysis.Log2Histogram;
import dev.jrec.analysis.Summary;
import dev.jrec.analysis.Table;
import java.io.PrintWriter;
import java.util.Map;

final class TextRenderer implements Renderer {
    private final PrintWriter out;
    private final String nullText;

    TextRenderer(PrintWriter out, String nullText) {
        this.out = out;
        this.nullText = nullText;
    }

    @Override
    public void histogram(String view, Log2Histogram h) {
        HistogramText.render(h, out);
    }

    @Override
    public Table.Sink table(String view) {
        return new TableText(out, nullText, null);
    }

    @Override
    public void summary(Summary s) {
        int w = 0;
        for (String k : s.facts().keySet()) w = Math.max(w, k.length());
        for (Map.Entry<String, String> e : s.facts().entrySet()) out.printf("%-" + (w + 2) + "s%s%n", e.getKey(), e.getValue());
        out.println();
        s.sources().replay(new TableText(out, nullText, null));
        if (s.losses().rows().isEmpty()) {
            out.println("no events were lost");
        } else {
            out.println();
            s.losses().replay(new TableText(out, nullText, s.losses().title()));
        }
        for (Table t : s.top()) {
            out.println();
            if (t.rows().isEmpty()) out.println(t.title() + ": none");
            else t.replay(new TableText(out, nullText, t.title()));
        }
        out.flush();
    }
}
