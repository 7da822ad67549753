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
        for (String[] part : scopeParts(md)) notes.add("recorded for " + part[0] + " only (" + part[1] + ")");
        if (config != null) {
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
        long stacks = a.source() == null ? 0 : md.stacksMissing(a.source());
        if (a.source() != null && md.lost(a.source()) > 0) {
            long lost = md.lost(a.source()), total = lost + md.events(a.source());
            notes.add(String.format(Locale.ROOT, "the capture lost %,d %s events (%.1f%% of them): counts are short; 'report summary' shows when",
                    lost, a.source().id(), 100.0 * lost / total));
        }
        long untimed = a.source() == null ? 0 : md.untimed(a.source());
        if (untimed > 0) {
            notes.add(String.format(Locale.ROOT, "%,d %s events have no on-CPU or wait time (the recorder could not keep their"
                    + " task's state): they are counted, but latencies and times miss them", untimed, a.source().id()));
        }
        if (stacks > 0 && a.shape() == Analysis.Shape.STACKS) {
            notes.add(String.format(Locale.ROOT, "%,d %s events have no stack (the stack map was full, or a hash collided): their weight is in"
                    + " the comm's own frame", stacks, a.source().id()));
        }
        return notes;
    }

    /**
     * The recording's scope as its filters set it, e.g. {@code pid 42, 43 (-p)} or {@code comm nginx (--comm)
     * and cgroup /system.slice/x (--cgroup)}; null when it recorded every process. Only the processes in it have
     * their scheduling timed: others show only in the switches and wakeups of those inside.
     */
    public static String scope(CaptureMetadata md) {
        List<String> parts = scopeParts(md).stream().map(part -> part[0] + " (" + part[1] + ")").toList();
        return parts.isEmpty() ? null : String.join(" and ", parts);
    }

    /** Each filter of the recording: what it kept, and its option. */
    private static List<String[]> scopeParts(CaptureMetadata md) {
        List<String[]> parts = new ArrayList<>();
        String config = md.get(MetadataKeys.CONFIG);
        if (config == null) return parts;
        String pids = group(config, "\"pids\":\\[([^\\]]*)\\]");
        if (pids != null && !pids.isBlank()) parts.add(new String[] {"pid " + pids.replace(",", ", "), "-p"});
        String comm = group(config, "\"comm\":\"((?:[^\"\\\\]|\\\\.)*)\"");
        if (comm != null) parts.add(new String[] {"comm " + comm, "--comm"});
        String cgroup = group(config, "\"cgroup\":\"((?:[^\"\\\\]|\\\\.)*)\"");
        if (cgroup != null) parts.add(new String[] {"cgroup " + cgroup, "--cgroup"});
        return parts;
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
