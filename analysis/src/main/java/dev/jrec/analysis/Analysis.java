package dev.jrec.analysis;

import dev.jrec.formats.read.CaptureMetadata;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.schema.Source;
import java.util.Arrays;
import java.util.Locale;

/** The analyses jrec offers (each a BCC tool SREs know), and the source each one needs. */
public enum Analysis {
    SUMMARY(null, "host, span, events and drops per source, top processes by CPU, off-CPU, syscalls and I/O"),
    RUNQLAT(Source.SCHED, "run-queue latency: how long runnable tasks waited for a CPU, as a log2 histogram"),
    CPUDIST(Source.SCHED, "on-CPU time per scheduling: how long tasks ran before switching out, as a log2 histogram"),
    BIOLATENCY(Source.BLOCK, "block I/O latency, issue to completion, as a log2 histogram"),
    BIOSNOOP(Source.BLOCK, "each completed block I/O request with its latency"),
    BIOTOP(Source.BLOCK, "block I/O per process, disk and direction: requests, Kbytes, average latency"),
    SYSCOUNT(Source.SYSCALL, "syscall counts, errors and latency per syscall or per process"),
    SYSLAT(Source.SYSCALL, "latency of one syscall, as a log2 histogram"),
    EXECSNOOP(Source.PROC, "each exec with its parent and arguments"),
    OPENSNOOP(Source.SYSCALL, "each open/openat with its fd or error and path"),
    EXITSNOOP(Source.PROC, "each process exit with its age and exit code or signal"),
    PROFILE(Source.PROFILE, "on-CPU stacks as folded lines weighted by samples, like BCC's profile -f, for flame graphs"),
    OFFCPUTIME(Source.OFFCPU, "where threads blocked: folded stacks weighted by microseconds off CPU, like BCC's offcputime -f"),
    WAKEUPTIME(Source.OFFCPU, "who woke blocked threads: the waker's folded stack weighted by the time the woken thread was blocked, like BCC's wakeuptime -f"),
    TIMELINE(Source.SCHED, "per time bucket, how busy each CPU was and what ran the most, and when the top processes ran, waited and blocked");

    private final Source source;
    private final String description;

    Analysis(Source source, String description) {
        this.source = source;
        this.description = description;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The source whose events it reads; null when it works on any capture. */
    public Source source() {
        return source;
    }

    public String description() {
        return description;
    }

    /** True when the capture recorded the source. A capture without {@code jrec.sources} is given the benefit of the doubt. */
    public static boolean recorded(CaptureMetadata md, Source s) {
        String sources = md.get(MetadataKeys.SOURCES);
        if (s == null || sources == null) return true;
        return Arrays.stream(sources.split(",")).map(String::strip).anyMatch(s.id()::equals);
    }

    public void require(CaptureMetadata md) throws MissingSourceException {
        if (!recorded(md, source)) {
            throw new MissingSourceException(id() + " needs " + source.id() + " events: record with --events " + source.id());
        }
    }
}
