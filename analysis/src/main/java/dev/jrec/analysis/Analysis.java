package dev.jrec.analysis;

import dev.jrec.formats.read.CaptureMetadata;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.schema.Source;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An analysis jrec offers as {@code jrec report ID} (each a BCC tool SREs know), and the source it needs. Most
 * are one named query that says so in its header ({@code -- @report}, docs/format.md "Report views"); summary
 * and timeline combine several queries in Java.
 *
 * @param id the name of the report
 * @param source the source whose events it reads; null when it works on any capture
 * @param query the named query it runs; null for summary and timeline
 * @param rank its place in {@code jrec report --help}
 * @param shape how its rows are shown
 * @param help its {@code --help} description, one element per line (picocli wraps a single long one)
 * @param nothing what it found none of, for the note on stderr when a text result is empty (histograms, stacks)
 * @param options the class that adds its own options (in the command line), or null for the shape's
 */
public record Analysis(String id, Source source, String query, int rank, Shape shape, List<String> help, String nothing, String options) {
    public enum Shape {
        /** A BCC log2 histogram per group: the query returns {@code log2_histogram}'s rows. */
        HISTOGRAM,
        /** Rows, as BCC's top and snoop tools print them: an aggregate or one row per event. */
        TABLE,
        /** Folded stacks: the query returns {@code KIND_stacks}' rows. */
        STACKS,
        /** Computed in Java from several queries. */
        CUSTOM
    }

    private static final Pattern REPORT = Pattern.compile("^-- @report (\\w+) (\\d+)\\s*$", Pattern.MULTILINE);

    public static final Analysis SUMMARY = new Analysis("summary", null, null, 0, Shape.CUSTOM, List.of(), null, null);
    public static final Analysis TIMELINE = new Analysis("timeline", Source.SCHED, null, 1000, Shape.CUSTOM, List.of(), null, null);
    public static final Analysis RUNQLAT = of("runqlat");
    public static final Analysis CPUDIST = of("cpudist");
    public static final Analysis BIOLATENCY = of("biolatency");
    public static final Analysis SYSCOUNT = of("syscount");
    public static final Analysis SYSLAT = of("syslat");
    public static final Analysis FUNCLATENCY = of("funclatency");
    public static final Analysis FUNCCOUNT = of("funccount");
    public static final Analysis EXECSNOOP = of("execsnoop");
    public static final Analysis PROFILE = of("profile_stacks");
    public static final Analysis OFFCPUTIME = of("offcpu_stacks");
    public static final Analysis WAKEUPTIME = of("wakeup_stacks");

    /** The report a named query offers, from its header; null when it offers none. */
    static Analysis fromHeader(Query q) {
        Matcher m = REPORT.matcher(q.text());
        if (!m.find()) return null;
        String source = q.header("source");
        String shape = q.header("shape");
        if (shape == null) throw new IllegalStateException("queries/" + q.name() + ".sql: a @report needs a @shape");
        return new Analysis(m.group(1), source == null ? null : Source.byId(source), q.name(), Integer.parseInt(m.group(2)),
                Shape.valueOf(shape.toUpperCase(Locale.ROOT)), q.headers("help"), q.header("nothing"), q.header("options"));
    }

    /** The report of a kind of stacks: its query is {@code KIND_stacks}. */
    public static Analysis ofStacks(StackProfile.Kind kind) {
        return of(kind.id() + "_stacks");
    }

    /** The report that the named query offers. */
    public static Analysis of(String query) {
        Analysis a = fromHeader(Query.named(query));
        if (a == null) throw new IllegalStateException("queries/" + query + ".sql has no @report line");
        return a;
    }

    /** Every report, in {@code --help} order: summary, those the queries offer by rank, timeline. */
    public static List<Analysis> all() {
        List<Analysis> out = new ArrayList<>(List.of(SUMMARY, TIMELINE));
        for (String name : Query.NAMES) {
            Analysis a = fromHeader(Query.named(name));
            if (a != null) out.add(a);
        }
        out.sort(Comparator.comparingInt(Analysis::rank));
        return List.copyOf(out);
    }

    /** True when the capture recorded the source. A capture without {@code jrec.sources} is given the benefit of the doubt. */
    public static boolean recorded(CaptureMetadata md, Source s) {
        String sources = md.get(MetadataKeys.SOURCES);
        if (s == null || sources == null) return true;
        return Arrays.stream(sources.split(",")).map(String::strip).anyMatch(s.id()::equals);
    }

    public void require(CaptureMetadata md) throws MissingSourceException {
        if (!recorded(md, source)) {
            throw new MissingSourceException(id + " needs " + source.id() + " events: record with --events " + source.id());
        }
    }
}
