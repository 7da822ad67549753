package dev.jrec.analysis.render;

import dev.jrec.analysis.Analysis;
import dev.jrec.analysis.Filter;
import dev.jrec.analysis.Grouping;
import dev.jrec.analysis.Log2Histogram;
import dev.jrec.analysis.MissingSourceException;
import dev.jrec.analysis.RecordingNotes;
import dev.jrec.analysis.Reports;
import dev.jrec.analysis.StackProfile;
import dev.jrec.analysis.Summary;
import dev.jrec.analysis.Table;
import dev.jrec.analysis.Timeline;
import dev.jrec.formats.read.CaptureMetadata;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.schema.Source;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A capture in the formats other tools read ({@code jrec export}): folded stacks (FlameGraph, speedscope,
 * inferno), a flame graph SVG, speedscope JSON, a Chrome JSON trace for Perfetto, and a self-contained HTML
 * postmortem.
 */
public final class Export {
    private Export() {}

    /** Export formats. */
    public enum As {
        FOLDED, SVG, SPEEDSCOPE, PERFETTO, HTML;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The usual file name extension. */
        public String extension() {
            return switch (this) {
                case FOLDED -> "folded";
                case SVG -> "svg";
                case SPEEDSCOPE -> "speedscope.json";
                case PERFETTO -> "trace.json";
                case HTML -> "html";
            };
        }
    }

    /** The stacks an export shows when not told: on-CPU samples when the capture has them, else off-CPU intervals. */
    public static StackProfile.Kind defaultStacks(CaptureMetadata md) throws MissingSourceException {
        if (md.get(MetadataKeys.SOURCES) == null) {
            return md.rows(EventKind.CPU_SAMPLE) == 0 && md.rows(EventKind.OFFCPU) > 0 ? StackProfile.Kind.OFFCPU : StackProfile.Kind.PROFILE;
        }
        if (Analysis.recorded(md, Source.PROFILE)) return StackProfile.Kind.PROFILE;
        if (Analysis.recorded(md, Source.OFFCPU)) return StackProfile.Kind.OFFCPU;
        throw new MissingSourceException("the capture has no stacks: record with --events profile (on-CPU samples) or offcpu (off-CPU intervals)");
    }

    /** Folded stacks, one line per stack: {@code comm;root;...;leaf weight}. */
    public static void folded(StackProfile p, PrintWriter out) {
        for (String line : p.folded()) out.println(line);
        out.flush();
    }

    public static String title(StackProfile.Kind k) {
        return switch (k) {
            case PROFILE -> "On-CPU flame graph";
            case OFFCPU -> "Off-CPU time flame graph";
            case WAKEUP -> "Wakeup time flame graph";
            case FAULT -> "Page fault flame graph";
        };
    }

    /** What a graph is of: the host and the window, for a subtitle. */
    public static String subtitle(Reports r, Filter f, StackProfile p) {
        CaptureMetadata md = r.metadata();
        long from = Math.max(f.fromNs(), r.startNs()), to = Math.min(f.toNs(), r.endNs());
        StringBuilder sb = new StringBuilder();
        sb.append(md.host() == null ? "?" : md.host());
        sb.append(", ").append(md.wallClock(from).truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                .append(String.format(Locale.ROOT, " + %.3f s", (to - from) / 1e9));
        if (!f.pids().isEmpty()) sb.append(", pid ").append(f.pids().toString().replaceAll("[\\[\\] ]", ""));
        if (f.comm() != null) sb.append(", comm ").append(f.comm());
        sb.append(", ").append(FlameGraph.commify(p.total())).append(' ').append(p.kind().unit);
        return sb.toString();
    }

    public static void svg(Reports r, Filter f, StackProfile p, PrintWriter out) {
        svg(r, f, p, title(p.kind()), out);
    }

    public static void svg(Reports r, Filter f, StackProfile p, String title, PrintWriter out) {
        FlameGraph.write(p, title, subtitle(r, f, p), true, out);
        out.flush();
    }

    /** Brendan Gregg's hot/cold graph: on-CPU samples as time through the sampling rate, next to off-CPU time. */
    public static final String WALL_CLOCK_TITLE = "Wall-clock flame graph (on CPU warm, off CPU blue, waiting for a CPU lavender)";

    /** On-CPU and off-CPU stacks as one profile in microseconds ({@link dev.jrec.analysis.WallClock}). */
    public static StackProfile wallClock(Reports r, Filter f) throws SQLException, MissingSourceException {
        CaptureMetadata md = r.metadata();
        Analysis.PROFILE.require(md);
        Analysis.OFFCPUTIME.require(md);
        int hz = dev.jrec.analysis.WallClock.sampleHz(md);
        if (hz <= 0) throw new MissingSourceException("the capture does not say its sampling rate: a wall-clock graph needs it to turn samples into time");
        return dev.jrec.analysis.WallClock.combine(r.stacks(StackProfile.Kind.PROFILE, f), r.stacks(StackProfile.Kind.OFFCPU, f), r.runnableStacks(f), hz);
    }

    /** One speedscope profile per kind the capture has stacks of; {@code first} is shown first. */
    public static void speedscope(Reports r, Filter f, StackProfile.Kind first, String name, String exporter, PrintWriter out)
            throws SQLException, MissingSourceException {
        List<StackProfile> profiles = new ArrayList<>();
        profiles.add(r.stacks(first, f));
        for (StackProfile.Kind k : StackProfile.Kind.values()) {
            if (k == first || !has(r.metadata(), k)) continue;
            StackProfile p = r.stacks(k, f);
            if (!p.isEmpty()) profiles.add(p);
        }
        Speedscope.write(name, exporter, profiles, out);
    }

    private static boolean has(CaptureMetadata md, StackProfile.Kind k) {
        return Analysis.recorded(md, Analysis.ofStacks(k).source());
    }

    /** The Chrome JSON trace: CPUs, syscalls and block I/O. */
    public static ChromeTrace perfetto(Reports r, Filter f, String exporter, PrintWriter out) throws SQLException {
        CaptureMetadata md = r.metadata();
        Map<String, String> other = new LinkedHashMap<>();
        other.put("host", md.host());
        other.put("kernel", md.kernelRelease());
        other.put("recording_start", String.valueOf(md.wallClock(r.startNs())));
        other.put("time_zero", "ts 0 is the recording's start, " + r.startNs() + " ns on the capture's CLOCK_MONOTONIC");
        other.put("sources", md.get(MetadataKeys.SOURCES));
        other.put("exporter", exporter);
        ChromeTrace t = new ChromeTrace(out, r.startNs());
        t.begin(other);
        r.traceThreads(f, t.threads());
        r.traceCpuSlices(f, t.cpuSlices());
        r.traceThreadSlices(f, t.threadSlices());
        t.end();
        return t;
    }

    /** The HTML postmortem. */
    public static void html(Reports r, Filter f, String generator, PrintWriter out) throws SQLException {
        CaptureMetadata md = r.metadata();
        Summary s = r.summary(f, 10);
        List<HtmlReport.Histogram> histograms = new ArrayList<>();
        try {
            if (Analysis.recorded(md, Source.SCHED)) {
                histograms.add(new HtmlReport.Histogram("runqlat", "runqlat: run-queue latency (how long runnable tasks waited for a CPU)",
                        r.runqlat(f, Grouping.NONE, Log2Histogram.Unit.USECS)));
            }
            if (Analysis.recorded(md, Source.BLOCK)) {
                histograms.add(new HtmlReport.Histogram("biolatency", "biolatency: block I/O latency, issue to completion",
                        r.biolatency(f, Grouping.NONE, Log2Histogram.Unit.USECS)));
            }
            if (Analysis.recorded(md, Source.SYSCALL)) {
                Table top = r.syscount(f, false, false, true, 3);
                for (List<Object> row : top.rows()) {
                    String name = String.valueOf(row.get(top.column("syscall")));
                    histograms.add(new HtmlReport.Histogram("syslat-" + name, "syscall latency: " + name + " (among the most total time)",
                            r.syslat(f, name, Grouping.NONE, Log2Histogram.Unit.USECS)));
                }
            }
            if (Analysis.recorded(md, Source.UPROBE)) {
                List<String> timed = r.timedFunctions(f);
                for (String func : timed.subList(0, Math.min(3, timed.size()))) {
                    histograms.add(new HtmlReport.Histogram("funclatency-" + func, "funclatency: " + func + " (among the most called, timed with --uretprobe)",
                            r.funclatency(f, func, Grouping.NONE, Log2Histogram.Unit.USECS)));
                }
            }
        } catch (MissingSourceException e) {
            throw new IllegalStateException(e); // each was checked first
        }
        Timeline timeline = null;
        if (Analysis.recorded(md, Source.SCHED)) {
            long from = Math.max(f.fromNs(), r.startNs()), to = Math.min(f.toNs(), r.endNs());
            try {
                timeline = r.timeline(f, Timeline.niceBucket(Math.max(0, to - from), 120), 1);
            } catch (MissingSourceException e) {
                throw new IllegalStateException(e);
            }
        }
        List<HtmlReport.Section> sources = SourceSections.of(r, f);
        List<HtmlReport.Flame> flames = new ArrayList<>();
        for (StackProfile.Kind k : List.of(StackProfile.Kind.PROFILE, StackProfile.Kind.OFFCPU)) {
            if (!has(md, k)) continue;
            try {
                StackProfile p = r.stacks(k, f);
                if (!p.isEmpty()) flames.add(new HtmlReport.Flame("flame-" + k.id(), title(k), p));
            } catch (MissingSourceException e) {
                // not recorded after all
            }
        }
        List<String> notes = new ArrayList<>(RecordingNotes.of(md, Analysis.SUMMARY));
        for (Source src : Source.values()) {
            if (src == Source.META || md.lost(src) == 0) continue;
            long lost = md.lost(src), total = lost + md.events(src);
            notes.add(String.format(Locale.ROOT, "the capture lost %,d %s events (%.1f%% of them): counts from them are short", lost, src.id(), 100.0 * lost / total));
        }
        String title = "jrec postmortem: " + (md.host() == null ? "capture" : md.host());
        HtmlReport.write(new HtmlReport.Content(title, s, r.endNs() - r.startNs(), histograms, timeline, sources, flames, r.footer(), notes, generator), out);
    }
}
