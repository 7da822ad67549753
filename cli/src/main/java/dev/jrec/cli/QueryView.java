package dev.jrec.cli;

import dev.jrec.analysis.Filter;
import dev.jrec.analysis.Grouping;
import dev.jrec.analysis.Log2Histogram;
import dev.jrec.analysis.Reports;
import dev.jrec.analysis.StackProfile;
import dev.jrec.analysis.Table;
import dev.jrec.analysis.render.Export;
import dev.jrec.analysis.render.Format;
import dev.jrec.analysis.render.Renderer;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * A report view that runs its named query and shows the result in its shape. A view with options of its own
 * extends one of these and says what they mean for the query: its parameters, its grouping, its query.
 */
abstract class QueryView extends ReportCommand.View {
    /** Values of the query's own parameters (beyond the window, pids and comm every query takes). */
    Map<String, Object> params() {
        return Map.of();
    }

    /** Histograms: -m for milliseconds, as in BCC. */
    static class Histogram extends QueryView {
        @Option(names = {"-m", "--milliseconds"}, description = "millisecond buckets (default: microseconds)")
        boolean millis;

        Grouping grouping() {
            return Grouping.NONE;
        }

        /** What the histogram counts, for the note when there is none. */
        String nothing() {
            return analysis.nothing();
        }

        @Override
        void run(Reports r, Filter f, Renderer out) throws Exception {
            Log2Histogram h = r.histogram(analysis, f, grouping(), millis ? Log2Histogram.Unit.MSECS : Log2Histogram.Unit.USECS, params());
            nothing(h.isEmpty(), nothing());
            out.histogram(spec.name(), h);
        }
    }

    /** Rows: aggregates and listings. */
    static class Rows extends QueryView {
        /** The query to run: the view's own unless an option picks another. */
        String query() {
            return analysis.query();
        }

        @Override
        void run(Reports r, Filter f, Renderer out) throws Exception {
            r.rows(analysis, query(), f, params(), out.table(spec.name()));
        }
    }

    /** Folded stacks, one line per stack, as BCC's tools print them with -f. */
    static final class Stacks extends QueryView {
        @Override
        void run(Reports r, Filter f, Renderer out) throws Exception {
            StackProfile.Kind kind = StackProfile.Kind.valueOf(analysis.query().substring(0, analysis.query().indexOf("_stacks")).toUpperCase(java.util.Locale.ROOT));
            StackProfile p = r.stacks(kind, f);
            if (p.isEmpty()) spec.commandLine().getErr().println("jrec: no " + kind.title + " in the selection");
            if (selection.format == Format.TEXT) {
                Export.folded(p, out());
                return;
            }
            Table.Sink sink = out.table(spec.name());
            sink.columns(List.of(Table.Column.named("stack", Table.Type.TEXT), Table.Column.named("weight", Table.Type.INTEGER)));
            for (StackProfile.Stack s : p.stacks()) sink.row(List.of(p.path(s), s.weight()));
            sink.end();
        }
    }
}
