package dev.jrec.analysis;

import dev.jrec.formats.read.CaptureMetadata;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.schema.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a reader of an analysis must know about how the capture was recorded: events its source lost,
 * and recording options that left events out (-p, --comm, --cgroup, --syscalls, --syscall-min-duration).
 * Without them a count reads as the whole truth.
 */
public final class RecordingNotes {
    private RecordingNotes() {}

    public static List<String> of(CaptureMetadata md, Analysis a) {
        List<String> notes = new ArrayList<>();
        String config = md.get(MetadataKeys.CONFIG);
        if (config != null) {
            String pids = group(config, "\"pids\":\\[([^\\]]*)\\]");
            if (pids != null && !pids.isBlank()) notes.add("recorded for pid " + pids.replace(",", ", ") + " only (-p)");
            String comm = group(config, "\"comm\":\"((?:[^\"\\\\]|\\\\.)*)\"");
            if (comm != null) notes.add("recorded for comm " + comm + " only (--comm)");
            String cgroup = group(config, "\"cgroup\":\"((?:[^\"\\\\]|\\\\.)*)\"");
            if (cgroup != null) notes.add("recorded for cgroup " + cgroup + " only (--cgroup)");
            if (a.source() == Source.SYSCALL) {
                String min = group(config, "\"syscall_min_ns\":(\\d+)");
                if (min != null && Long.parseLong(min) > 0) {
                    notes.add("only syscalls that took at least " + Reports.duration(Long.parseLong(min))
                            + " were recorded (--syscall-min-duration): faster calls are not counted");
                }
                String only = group(config, "\"syscalls\":\\[([^\\]]*)\\]");
                if (only != null && !only.isBlank()) notes.add("only these syscalls were recorded (--syscalls): " + only.replace("\"", "").replace(",", ", "));
            }
        }
        if (a.source() != null && md.drops(a.source()) > 0) {
            long lost = md.drops(a.source()), total = lost + md.events(a.source());
            notes.add(String.format(Locale.ROOT, "the capture lost %,d %s events (%.1f%% of them): counts are short; 'report summary' shows when",
                    lost, a.source().id(), 100.0 * lost / total));
        }
        return notes;
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
