package dev.jrec.cli;

import dev.jrec.analysis.Analysis;
import dev.jrec.analysis.CaptureDb;
import dev.jrec.analysis.Errno;
import dev.jrec.analysis.Filter;
import dev.jrec.analysis.Grouping;
import dev.jrec.analysis.Log2Histogram;
import dev.jrec.analysis.MissingSourceException;
import dev.jrec.analysis.Query;
import dev.jrec.analysis.RecordingNotes;
import dev.jrec.analysis.Reports;
import dev.jrec.analysis.StackProfile;
import dev.jrec.analysis.Table;
import dev.jrec.analysis.Timeline;
import dev.jrec.analysis.TimeSpec;
import dev.jrec.analysis.render.Export;
import dev.jrec.analysis.render.Format;
import dev.jrec.analysis.render.Renderer;
import dev.jrec.analysis.render.TimelineOutput;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
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
        subcommands = {ReportCommand.Summary.class, ReportCommand.Runqlat.class, ReportCommand.Cpudist.class,
            ReportCommand.Biolatency.class, ReportCommand.Biosnoop.class, ReportCommand.Biotop.class,
            ReportCommand.Syscount.class, ReportCommand.Syslat.class, ReportCommand.Execsnoop.class,
            ReportCommand.Opensnoop.class, ReportCommand.Exitsnoop.class, ReportCommand.Profile.class,
            ReportCommand.Offcputime.class, ReportCommand.Wakeuptime.class, ReportCommand.TimelineView.class})
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

        abstract Analysis analysis();

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
                    analysis().require(db.metadata());
                    for (String note : RecordingNotes.of(db.metadata(), analysis())) err.println("jrec: note: " + note);
                    run(reports, filter(reports), selection.format.renderer(out, "-"));
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

        private Filter filter(Reports r) {
            return selection.scope.filter(r, spec.commandLine(), disk());
        }

        /** Text output of an empty histogram is empty, as in BCC; say why on stderr. */
        void histogram(Renderer out, Log2Histogram h, String what) {
            if (h.isEmpty() && selection.format == Format.TEXT) spec.commandLine().getErr().println("jrec: no " + what + " in the selection");
            out.histogram(spec.name(), h);
        }

        ParameterException usage(String message) {
            return new ParameterException(spec.commandLine(), message);
        }
    }

    /** Histogram views: -m for milliseconds, as in BCC. */
    abstract static class HistogramView extends View {
        @Option(names = {"-m", "--milliseconds"}, description = "millisecond buckets (default: microseconds)")
        boolean millis;

        Log2Histogram.Unit unit() {
            return millis ? Log2Histogram.Unit.MSECS : Log2Histogram.Unit.USECS;
        }
    }

    @Command(name = "summary", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Host, kernel, span; events and drops per source and when drops happened; the top processes by CPU time, off-CPU time, syscalls and block I/O (those the capture recorded).")
    static final class Summary extends View {
        @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "processes per table (default: ${DEFAULT-VALUE})")
        int top;

        @Override
        Analysis analysis() {
            return Analysis.SUMMARY;
        }

        @Override
        void run(Reports r, Filter f, Renderer out) throws Exception {
            out.summary(r.summary(f, top));
        }
    }

    @Command(name = "runqlat", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Run-queue latency: how long runnable tasks waited for a CPU (sched_switch next_runq_ns), as BCC's runqlat prints it. -p/--comm select the task that waited.")
    static final class Runqlat extends HistogramView {
        @Option(names = {"-P", "--per-process"}, description = "a histogram per process")
        boolean perProcess;

        @Option(names = "--per-cpu", description = "a histogram per CPU")
        boolean perCpu;

        @Override
        Analysis analysis() {
            return Analysis.RUNQLAT;
        }

        @Override
        void run(Reports r, Filter f, Renderer out) throws Exception {
            histogram(out, r.runqlat(f, split(this, perProcess, perCpu), unit()), "run-queue waits");
        }
    }

    @Command(name = "cpudist", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "On-CPU time: how long tasks ran each time before they were switched out (sched_switch prev_oncpu_ns), as BCC's cpudist prints it.")
    static final class Cpudist extends HistogramView {
        @Option(names = {"-P", "--per-process"}, description = "a histogram per process")
        boolean perProcess;

        @Option(names = "--per-cpu", description = "a histogram per CPU")
        boolean perCpu;

        @Override
        Analysis analysis() {
            return Analysis.CPUDIST;
        }

        @Override
        void run(Reports r, Filter f, Renderer out) throws Exception {
            histogram(out, r.cpudist(f, split(this, perProcess, perCpu), unit()), "on-CPU intervals");
        }
    }

    private static Grouping split(View v, boolean perProcess, boolean perCpu) {
        if (perProcess && perCpu) throw v.usage("choose one of --per-process and --per-cpu");
        return perProcess ? Grouping.PROCESS : perCpu ? Grouping.CPU : Grouping.NONE;
    }

    @Command(name = "biolatency", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Block I/O latency from issue to completion, as BCC's biolatency prints it.")
    static final class Biolatency extends HistogramView {
        @Option(names = {"-D", "--disks"}, description = "a histogram per disk")
        boolean perDisk;

        @Option(names = {"-F", "--flags"}, description = "a histogram per set of I/O flags, named as BCC names them (Read, Write, Sync-Write, ReadAhead-Read, PreFlush-Flush, ...)")
        boolean perFlags;

        @Option(names = {"-d", "--disk"}, paramLabel = "DISK", description = "only this disk, e.g. vda")
        String disk;

        @Override
        String disk() {
            return disk;
        }

        @Override
        Analysis analysis() {
            return Analysis.BIOLATENCY;
        }

        @Override
        void run(Reports r, Filter f, Renderer out) throws Exception {
            if (perDisk && perFlags) throw usage("choose one of -D and -F");
            histogram(out, r.biolatency(f, perDisk ? Grouping.DISK : perFlags ? Grouping.FLAGS : Grouping.NONE, unit()), "block I/O");
        }
    }

    @Command(name = "biosnoop", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Each completed block I/O request: completion time, issuing process, disk, direction, sector, bytes, latency, as BCC's biosnoop lists them.")
    static final class Biosnoop extends View {
        @Option(names = {"-d", "--disk"}, paramLabel = "DISK", description = "only this disk, e.g. vda")
        String disk;

        @Override
        String disk() {
            return disk;
        }

        @Override
        Analysis analysis() {
            return Analysis.BIOSNOOP;
        }

        @Override
        void run(Reports r, Filter f, Renderer out) throws Exception {
            r.biosnoop(f, out.table(spec.name()));
        }
    }

    @Command(name = "biotop", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Block I/O per process, disk and direction over the window, the most Kbytes first, like BCC's biotop.")
    static final class Biotop extends View {
        @Option(names = {"-d", "--disk"}, paramLabel = "DISK", description = "only this disk, e.g. vda")
        String disk;

        @Option(names = {"-r", "--top"}, paramLabel = "N", defaultValue = "20", description = "rows to print (default: ${DEFAULT-VALUE})")
        int top;

        @Override
        String disk() {
            return disk;
        }

        @Override
        Analysis analysis() {
            return Analysis.BIOTOP;
        }

        @Override
        void run(Reports r, Filter f, Renderer out) throws Exception {
            r.biotop(f, top).replay(out.table(spec.name()));
        }
    }

    @Command(name = "syscount", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Syscall counts, failures, and total, average and longest time per syscall (or per process with -P), like BCC's syscount.")
    static final class Syscount extends View {
        @Option(names = {"-P", "--process"}, description = "count per process, not per syscall")
        boolean perProcess;

        @Option(names = {"-L", "--latency"}, description = "the most total time first (default: the most calls first)")
        boolean byLatency;

        @Option(names = {"-x", "--failures"}, description = "count failed calls only")
        boolean failures;

        @Option(names = {"-T", "--top"}, paramLabel = "N", defaultValue = "10", description = "rows to print (default: ${DEFAULT-VALUE})")
        int top;

        @Override
        Analysis analysis() {
            return Analysis.SYSCOUNT;
        }

        @Override
        void run(Reports r, Filter f, Renderer out) throws Exception {
            r.syscount(f, perProcess, failures, byLatency, top).replay(out.table(spec.name()));
        }
    }

    @Command(name = "syslat", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Latency of one syscall, entry to exit, as a BCC log2 histogram.")
    static final class Syslat extends HistogramView {
        @Parameters(index = "0", paramLabel = "SYSCALL", description = "syscall name, e.g. read, futex, openat")
        String syscall;

        @Option(names = {"-P", "--per-process"}, description = "a histogram per process")
        boolean perProcess;

        @Override
        Analysis analysis() {
            return Analysis.SYSLAT;
        }

        @Override
        void run(Reports r, Filter f, Renderer out) throws Exception {
            histogram(out, r.syslat(f, syscall, perProcess ? Grouping.PROCESS : Grouping.NONE, unit()), syscall + " calls");
        }
    }

    @Command(name = "execsnoop", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Each exec: time, comm, pid, parent pid and arguments, like BCC's execsnoop -t (failed execs are not recorded, so there is no RET).")
    static final class Execsnoop extends View {
        @Override
        Analysis analysis() {
            return Analysis.EXECSNOOP;
        }

        @Override
        void run(Reports r, Filter f, Renderer out) throws Exception {
            r.execsnoop(f, out.table(spec.name()));
        }
    }

    @Command(name = "opensnoop", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Each open, openat, openat2 and creat: time, pid, comm, fd (-1 on failure), errno and path, like BCC's opensnoop -T.")
    static final class Opensnoop extends View {
        @Option(names = {"-x", "--failed"}, description = "failed opens only")
        boolean failed;

        @Option(names = {"-e", "--errno"}, paramLabel = "ERRNO", description = "only opens that failed with this errno: a number or a name like ENOENT")
        String errno;

        @Override
        Analysis analysis() {
            return Analysis.OPENSNOOP;
        }

        @Override
        void run(Reports r, Filter f, Renderer out) throws Exception {
            Integer e = null;
            if (errno != null) {
                try {
                    e = Errno.parse(errno);
                } catch (IllegalArgumentException ex) {
                    throw usage("--errno: " + ex.getMessage());
                }
            }
            r.opensnoop(f, failed, e, out.table(spec.name()));
        }
    }

    @Command(name = "exitsnoop", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Each process exit: time, comm, pid, parent pid, thread, age and exit code or signal, like BCC's exitsnoop.")
    static final class Exitsnoop extends View {
        @Option(names = "--per-thread", description = "every thread's exit, not only processes'")
        boolean perThread;

        @Override
        Analysis analysis() {
            return Analysis.EXITSNOOP;
        }

        @Override
        void run(Reports r, Filter f, Renderer out) throws Exception {
            r.exitsnoop(f, perThread, out.table(spec.name()));
        }
    }

    /** Stack views: folded stacks, one line per stack, as BCC's tools print them with -f. */
    abstract static class StackView extends View {
        abstract StackProfile.Kind kind();

        @Override
        Analysis analysis() {
            return switch (kind()) {
                case PROFILE -> Analysis.PROFILE;
                case OFFCPU -> Analysis.OFFCPUTIME;
                case WAKEUP -> Analysis.WAKEUPTIME;
            };
        }

        @Override
        void run(Reports r, Filter f, Renderer out) throws Exception {
            StackProfile p = r.stacks(kind(), f);
            if (p.isEmpty()) spec.commandLine().getErr().println("jrec: no " + kind().title + " in the selection");
            if (selection.format == Format.TEXT) {
                Export.folded(p, spec.commandLine().getOut());
                return;
            }
            Table.Sink sink = out.table(spec.name());
            sink.columns(List.of(Table.Column.named("stack", Table.Type.TEXT), Table.Column.named("weight", Table.Type.INTEGER)));
            for (StackProfile.Stack s : p.stacks()) sink.row(List.of(p.path(s), s.weight()));
            sink.end();
        }
    }

    @Command(name = "profile", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = {"On-CPU stacks as folded lines, comm;root;...;leaf SAMPLES, like BCC's",
                "profile -f: user frames, then kernel frames (marked _[k]); an unresolved",
                "frame is [module+0xoffset]. Feed them to flamegraph.pl, or see 'jrec export",
                "--as svg'. -p/--comm select the sampled task."})
    static final class Profile extends StackView {
        @Override
        StackProfile.Kind kind() {
            return StackProfile.Kind.PROFILE;
        }
    }

    @Command(name = "offcputime", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = {"Where threads blocked, as folded lines, comm;root;...;leaf MICROSECONDS,",
                "like BCC's offcputime -f: each stack weighted by the time spent off CPU in",
                "it. -p/--comm select the blocked thread."})
    static final class Offcputime extends StackView {
        @Override
        StackProfile.Kind kind() {
            return StackProfile.Kind.OFFCPU;
        }
    }

    @Command(name = "wakeuptime", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = {"Who woke blocked threads, as folded lines, waker;root;...;leaf;woken",
                "MICROSECONDS, like BCC's wakeuptime -f: the waker's stack at the wakeup,",
                "weighted by the time the woken thread had been blocked. -p/--comm select",
                "the woken thread."})
    static final class Wakeuptime extends StackView {
        @Override
        StackProfile.Kind kind() {
            return StackProfile.Kind.WAKEUP;
        }
    }

    @Command(name = "timeline", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = {"What happened over time, per bucket: for each CPU, how busy it was and the",
                "task that ran the most; for the processes that ran the most, the ms their",
                "threads ran, waited runnable and were blocked. ! marks buckets in which the",
                "scheduler lost events. -p/--comm select the tasks counted."})
    static final class TimelineView extends View {
        @Option(names = "--bucket", paramLabel = "DURATION", description = "bucket length, e.g. 10ms, 1s (default: about 30 buckets over the window)")
        String bucket;

        @Option(names = "--top", paramLabel = "N", defaultValue = "5", description = "processes to show (default: ${DEFAULT-VALUE})")
        int top;

        @Override
        Analysis analysis() {
            return Analysis.TIMELINE;
        }

        @Override
        void run(Reports r, Filter f, Renderer out) throws Exception {
            long bucketNs = 0;
            if (bucket != null) {
                try {
                    bucketNs = bucket.strip().startsWith("-") ? -1 : TimeSpec.parse(bucket, 0, 0, 0);
                } catch (IllegalArgumentException | ArithmeticException e) {
                    bucketNs = -1;
                }
                if (bucketNs <= 0) throw usage("--bucket: '" + bucket + "' is not a duration: write it like 10ms, 500us or 1s");
            }
            if (top < 0) throw usage("--top must be 0 or more");
            Timeline t;
            try {
                t = r.timeline(f, bucketNs, top);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            if (t.isEmpty() && selection.format == Format.TEXT) spec.commandLine().getErr().println("jrec: nothing ran in the selection");
            TimelineOutput.write(t, selection.format, spec.commandLine().getOut());
        }
    }
}
