package dev.jrec.cli;

import dev.jrec.analysis.Analysis;
import dev.jrec.analysis.CaptureDb;
import dev.jrec.analysis.Filter;
import dev.jrec.analysis.MissingSourceException;
import dev.jrec.analysis.Query;
import dev.jrec.analysis.RecordingNotes;
import dev.jrec.analysis.Reports;
import dev.jrec.analysis.StackProfile;
import dev.jrec.analysis.render.Export;
import dev.jrec.formats.parquet.PrivateFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import picocli.CommandLine.Spec;

/** {@code jrec export CAPTURE --as FORMAT}: a capture in the formats of the tools people already open. */
@Command(name = "export",
        description = {"Write a capture in a format other tools open:",
            "  folded      folded stacks, comm;root;...;leaf WEIGHT, for flamegraph.pl,",
            "              inferno or speedscope",
            "  svg         a flame graph as one self-contained SVG (click to zoom,",
            "              Ctrl-F to search)",
            "  speedscope  speedscope's JSON, with every kind of stacks the capture has",
            "  perfetto    a Chrome JSON trace for ui.perfetto.dev or chrome://tracing:",
            "              what ran on each CPU; syscalls and block I/O on the threads",
            "              that made them",
            "  html        a self-contained postmortem page: summary, lost events,",
            "              latency histograms, CPUs over time, top processes, flame",
            "              graphs and the capture's metadata",
            "Examples:",
            "  jrec export capture.parquet --as svg -o cpu.svg",
            "  jrec export capture.parquet --as svg --stacks offcpu -p 1234 -o off.svg",
            "  jrec export capture.parquet --as html -o postmortem.html",
            "Stacks are on-CPU samples (profile) when the capture has them, else",
            "off-CPU intervals (offcpu). Without -o the export goes to standard output."},
        mixinStandardHelpOptions = true,
        footer = ExitCodes.HELP_FOOTER)
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CAPTURE", description = "a .parquet capture written by 'jrec record'")
    Path capture;

    @Option(names = "--as", required = true, paramLabel = "FORMAT", converter = AsConverter.class,
            description = "folded, svg, speedscope, perfetto or html")
    Export.As as;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write here (replacing the file) instead of standard output")
    Path output;

    @Option(names = "--stacks", paramLabel = "KIND", converter = StacksConverter.class,
            description = {"for folded, svg, speedscope: profile (on-CPU samples), offcpu (blocked time), wakeup (blocked time",
                "by waker) or fault (page faults, from mem); for folded and svg also wallclock: on-CPU and off-CPU time in one",
                "graph (needs both recorded)"})
    Stacks stacks;

    /** The stacks an export shows: one kind of the capture's, or on- and off-CPU together. */
    enum Stacks {
        PROFILE(StackProfile.Kind.PROFILE), OFFCPU(StackProfile.Kind.OFFCPU), WAKEUP(StackProfile.Kind.WAKEUP),
        FAULT(StackProfile.Kind.FAULT), WALLCLOCK(null);

        final StackProfile.Kind kind;

        Stacks(StackProfile.Kind kind) {
            this.kind = kind;
        }
    }

    @Mixin Scope scope;

    @Spec CommandSpec spec;

    static final class AsConverter implements CommandLine.ITypeConverter<Export.As> {
        @Override
        public Export.As convert(String s) {
            try {
                return Export.As.valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + s + "' is not an export format: folded, svg, speedscope, perfetto or html");
            }
        }
    }

    static final class StacksConverter implements CommandLine.ITypeConverter<Stacks> {
        @Override
        public Stacks convert(String s) {
            return switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "profile", "oncpu", "cpu" -> Stacks.PROFILE;
                case "offcpu", "offcputime" -> Stacks.OFFCPU;
                case "wakeup", "wakeuptime" -> Stacks.WAKEUP;
                case "fault", "faults", "faultstacks", "page-faults" -> Stacks.FAULT;
                case "wallclock", "wall-clock", "wall" -> Stacks.WALLCLOCK;
                default -> throw new CommandLine.TypeConversionException("'" + s + "' is not a kind of stacks: profile, offcpu, wakeup, fault or wallclock");
            };
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (stacks != null && (as == Export.As.PERFETTO || as == Export.As.HTML)) {
            throw new ParameterException(spec.commandLine(), "--stacks is for folded, svg and speedscope; " + as.id() + " shows what the capture has");
        }
        if (stacks == Stacks.WALLCLOCK && as == Export.As.SPEEDSCOPE) {
            throw new ParameterException(spec.commandLine(), "--stacks wallclock is for folded and svg; speedscope shows on- and off-CPU as two profiles");
        }
        try (CaptureDb db = CaptureDb.open(capture)) {
            Reports r = new Reports(db);
            Filter f = filter(r);
            try {
                StackProfile.Kind kind = null;
                StackProfile p = null;
                if (as == Export.As.FOLDED || as == Export.As.SVG || as == Export.As.SPEEDSCOPE) {
                    if (stacks == Stacks.WALLCLOCK) {
                        p = Export.wallClock(r, f);
                        if (p.isEmpty()) err.println("jrec: no on- or off-CPU stacks in the selection");
                    } else {
                        kind = stacks != null ? stacks.kind : Export.defaultStacks(db.metadata());
                        if (as != Export.As.SPEEDSCOPE) {
                            p = r.stacks(kind, f);
                            if (p.isEmpty()) err.println("jrec: no " + kind.title + " in the selection");
                        }
                    }
                }
                if (as == Export.As.SPEEDSCOPE) Analysis.ofStacks(kind).require(db.metadata());
                Analysis shown = kind != null ? Analysis.ofStacks(kind) : as == Export.As.PERFETTO ? Analysis.TIMELINE : null;
                if (shown != null) for (String note : RecordingNotes.of(db.metadata(), shown)) err.println("jrec: note: " + note);
                write(r, f, kind, p, err);
            } catch (MissingSourceException e) {
                err.println("jrec: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            } catch (SQLException e) {
                err.println("jrec: export failed: " + Query.errorLine(e));
                return ExitCodes.FAILURE;
            } catch (IOException e) {
                err.println("jrec: cannot write " + output + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                return ExitCodes.OUTPUT;
            }
        }
        return ExitCodes.OK;
    }

    private void write(Reports r, Filter f, StackProfile.Kind kind, StackProfile p, PrintWriter err)
            throws IOException, SQLException, MissingSourceException {
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            body(r, f, kind, p, out);
            out.flush();
            return;
        }
        Path target = output.toAbsolutePath();
        Path dir = target.getParent();
        // written beside the target and renamed over it, so a failed export leaves no half file
        Path tmp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            try (PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(
                    PrivateFiles.newOutputStream(tmp), StandardCharsets.UTF_8), 1 << 16))) {
                body(r, f, kind, p, out);
                if (out.checkError()) throw new IOException("could not write " + output);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        err.println("jrec: wrote " + output + " (" + as.id() + ", " + Files.size(target) + " bytes)");
    }

    private void body(Reports r, Filter f, StackProfile.Kind kind, StackProfile p, PrintWriter out) throws SQLException, MissingSourceException {
        String exporter = "jrec " + Version.jrec();
        switch (as) {
            case FOLDED -> Export.folded(p, out);
            case SVG -> Export.svg(r, f, p, stacks == Stacks.WALLCLOCK ? Export.WALL_CLOCK_TITLE : Export.title(p.kind()), out);
            case SPEEDSCOPE -> Export.speedscope(r, f, kind, capture.getFileName().toString(), exporter, out);
            case PERFETTO -> Export.perfetto(r, f, exporter, out);
            case HTML -> Export.html(r, f, exporter, out);
        }
    }

    private Filter filter(Reports r) {
        return scope.filter(r, spec.commandLine(), null);
    }
}
