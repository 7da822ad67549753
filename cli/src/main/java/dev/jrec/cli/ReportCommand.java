package dev.jrec.cli;

import dev.jrec.analysis.Analysis;
import dev.jrec.analysis.CaptureDb;
import dev.jrec.analysis.Filter;
import dev.jrec.analysis.MissingSourceException;
import dev.jrec.analysis.Query;
import dev.jrec.analysis.RecordingNotes;
import dev.jrec.analysis.Reports;
import dev.jrec.analysis.render.Format;
import dev.jrec.analysis.render.Renderer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jrec report CAPTURE VIEW}: the BCC tools SREs know, run over a capture instead of a live host. */
@Command(name = "report",
        description = {"Analyze a capture the way BCC's tools analyze a live host:",
            "  jrec report capture.parquet summary",
            "  jrec report capture.parquet runqlat --per-process --from 2s --to 5s",
            "  jrec report capture.parquet opensnoop -x --comm nginx --format json",
            "  jrec report capture.parquet profile > out.folded   (then flamegraph.pl)",
            "  jrec report capture.parquet timeline --bucket 100ms",
            "Every view takes --from/--to (2.5s, 500ms, -5s from the end, or an ISO time),",
            "-p/--pid, --comm and --format text|json|csv. A view whose events the capture",
            "lacks says how to record them and exits with 3; notes on stderr say when the",
            "capture lost events or was recorded with filters.",
            "DuckDB, which runs the views, may use a quarter of the RAM (at most 1 GiB) and",
            "spills past that: JREC_DUCKDB_MEMORY=4GB raises the limit, JREC_DUCKDB_TEMP=DIR",
            "says where to spill (default: java.io.tmpdir)."},
        mixinStandardHelpOptions = true,
        footer = ExitCodes.HELP_FOOTER,
        modelTransformer = ReportViews.class)
final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CAPTURE", description = "a .parquet capture written by 'jrec record'")
    Path capture;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("jrec: name a view after the capture: " + String.join(", ", spec.subcommands().keySet()));
        return ExitCodes.USAGE;
    }

    /** What part of the capture to look at, and how to print it: the options every view takes. */
    static final class Selection {
        @Mixin Scope scope;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = FormatConverter.class,
                description = "text (BCC style), json or csv (default: ${DEFAULT-VALUE})")
        Format format;
    }

    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String s) {
            try {
                return Format.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + s + "' is not a format: text, json or csv");
            }
        }
    }

    /** A view: opens the capture, checks it has the view's source, builds the filter, renders the result. */
    abstract static class View implements Callable<Integer> {
        @ParentCommand ReportCommand report;
        @Mixin Selection selection;
        @Spec CommandSpec spec;

        /** What it reports: set when the command is built ({@link ReportViews}). */
        Analysis analysis;

        /** The notes on the capture, shown before the first output: see {@link NotesFirst}. */
        private NotesFirst notes;

        abstract void run(Reports r, Filter f, Renderer out) throws Exception;

        /** The block views' --disk. */
        String disk() {
            return null;
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
            try (CaptureDb db = CaptureDb.open(report.capture)) {
                Reports reports = new Reports(db);
                try {
                    analysis.require(db.metadata());
                    Filter f = filter(reports);
                    notes = new NotesFirst(out, err, RecordingNotes.of(db.metadata(), analysis));
                    run(reports, f, selection.format.renderer(notes, "-"));
                    notes.show();
                    notes.flush();
                } catch (MissingSourceException e) {
                    err.println("jrec: " + e.getMessage());
                    return ExitCodes.BAD_INPUT;
                } catch (SQLException e) {
                    err.println("jrec: " + spec.name() + " failed: " + Query.errorLine(e));
                    return ExitCodes.FAILURE;
                }
            }
            out.flush();
            return ExitCodes.OK;
        }

        /** Where a view that writes its own output (not through the renderer) writes it. */
        PrintWriter out() {
            return notes != null ? notes : spec.commandLine().getOut();
        }

        private Filter filter(Reports r) {
            return selection.scope.filter(r, spec.commandLine(), disk());
        }

        /** Text output of an empty result is empty, as in BCC; say why on stderr. */
        void nothing(boolean empty, String what) {
            if (empty && selection.format == Format.TEXT) {
                if (notes != null) notes.show();
                spec.commandLine().getErr().println("jrec: no " + what + " in the selection");
            }
        }

        ParameterException usage(String message) {
            return new ParameterException(spec.commandLine(), message);
        }
    }
}
