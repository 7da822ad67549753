package dev.jrec.formats.schema;

/**
 * Keys of the Parquet footer key-value metadata (DuckDB: {@code parquet_kv_metadata()}). All values are
 * UTF-8 strings; numbers are decimal. See docs/format.md, "Footer metadata".
 */
public final class MetadataKeys {
    private MetadataKeys() {}

    public static final String FORMAT_VERSION = "jrec.format.version";
    public static final String JREC_VERSION = "jrec.version";
    public static final String HOST = "jrec.host";
    public static final String KERNEL_RELEASE = "jrec.kernel.release";
    public static final String UNAME = "jrec.kernel.uname";
    public static final String CPU_COUNT = "jrec.cpu.count";
    public static final String CPU_MODEL = "jrec.cpu.model";
    public static final String BOOT_ID = "jrec.boot_id";
    /** Add to a ts to get ns since the Unix epoch (CLOCK_REALTIME - CLOCK_MONOTONIC at start). */
    public static final String CLOCK_REALTIME_OFFSET = "jrec.clock.realtime_offset_ns";
    /** Add to a ts to get CLOCK_BOOTTIME ns (differs from monotonic by time suspended). */
    public static final String CLOCK_BOOTTIME_OFFSET = "jrec.clock.boottime_offset_ns";
    public static final String START_TS = "jrec.recording.start_ns";
    public static final String END_TS = "jrec.recording.end_ns";
    public static final String START_WALL = "jrec.recording.start";
    public static final String END_WALL = "jrec.recording.end";
    public static final String COMMAND_LINE = "jrec.command_line";
    public static final String CONFIG = "jrec.config";
    public static final String SOURCES = "jrec.sources";
    /** Why the recording stopped: duration, signal, max_size, disk_space, error. */
    public static final String STOP_REASON = "jrec.stop_reason";
    /** How the file was finished: {@code clean}; {@code partial} (a write failed: closed segments only);
     *  {@code recovered} (after a crash); {@code segment} (a segment's own footer); {@code dump} (a window of a
     *  ring recording, {@code record --ring}); {@code ring} (a ring file's own footer). */
    public static final String COMPLETION = "jrec.completion";
    public static final String SEGMENTS = "jrec.segments";
    /** Segments a crash left unfinished, whose rows are not in a recovered capture. */
    public static final String LOST_SEGMENTS = "jrec.lost_segments";
    /** Rows {@code jrec recover} encoded from the spool a killed recorder left (absent: none). */
    public static final String SALVAGED_ROWS = "jrec.recovery.spool_rows";
    /** Prefix; followed by a source id: events that source delivered. */
    public static final String EVENTS_PREFIX = "jrec.events.";
    /** Prefix; followed by a source id: events that source lost (matches the sum of its loss rows). */
    public static final String DROPS_PREFIX = "jrec.drops.";
    /**
     * Prefix; followed by a source id: of its drops, the stacks that could not be stored (loss rows of reason
     * stack_missing): their events are in the file, without a stack. Written when not 0 (format 1.3).
     */
    public static final String STACKS_MISSING_PREFIX = "jrec.stacks_missing.";
    /**
     * Prefix; followed by a source id: of its drops, the events kept without the times per-task state derives
     * (loss rows of reason untimed; sched: a switch without on-CPU or run-queue time). Written when not 0
     * (format 1.3).
     */
    public static final String UNTIMED_PREFIX = "jrec.untimed.";
    /** Prefix; followed by a kind id: rows of that kind in the file. */
    public static final String ROWS_PREFIX = "jrec.rows.";
    /** Rows written after a row with a later ts (they arrived more than the reorder window late). */
    public static final String LATE_ROWS = "jrec.late_rows";

    /** A footer count, which adds up over segments (rows, events, drops and their parts, late rows). */
    public static boolean isCount(String k) {
        return k.startsWith(ROWS_PREFIX) || k.startsWith(EVENTS_PREFIX) || k.startsWith(DROPS_PREFIX)
                || k.startsWith(STACKS_MISSING_PREFIX) || k.startsWith(UNTIMED_PREFIX) || k.equals(LATE_ROWS);
    }
    /**
     * Prefix; followed by {@code dwarf}, {@code truncated} or {@code fp}: how many events' user stacks
     * (cpu_sample, offcpu; not the wakers') were unwound with .eh_frame to the outermost frame, were
     * unwound with .eh_frame but cut short (then continued with frame pointers where they meet), or
     * are frame-pointer walks alone (no stack copy: --call-graph fp, or the copy was not possible).
     */
    public static final String STACKS_UNWIND_PREFIX = "jrec.stacks.unwind.";
    /** Distinct stacks and frames, and frames that got a function name (at record time or by jrec symbolize). */
    public static final String STACKS_COUNT = "jrec.stacks.count";
    /** Bytes of ring records the recorder's spool wrote to its file while the encoder ran behind (0: it kept up). */
    public static final String SPOOL_SPILLED_BYTES = "jrec.spool.spilled_bytes";
    /** Nanoseconds from the recording's stop until everything the spool held was encoded and written. */
    public static final String SPOOL_CATCH_UP_NS = "jrec.spool.catch_up_ns";
    /** Nanoseconds the drain waited with the spool full, its file at --spool-max (the kernel's rings filled meanwhile). */
    public static final String DRAIN_STALL_NS = "jrec.drain.stall_ns";
    public static final String STACKS_FRAMES = "jrec.stacks.frames";
    public static final String STACKS_FRAMES_RESOLVED = "jrec.stacks.frames_resolved";
    /** Recorder CPU time spent unwinding user stack copies, and naming frames, in nanoseconds. */
    public static final String STACKS_UNWIND_NS = "jrec.stacks.unwind_ns";
    public static final String STACKS_SYMBOLIZE_NS = "jrec.stacks.symbolize_ns";
    /** Prefix; followed by a module: its distinct frames left without a name. */
    public static final String STACKS_UNRESOLVED_PREFIX = "jrec.stacks.unresolved.";
    /** Frames named after the recording by jrec symbolize, and the debug directory it last used. */
    public static final String SYMBOLIZE_FRAMES = "jrec.symbolize.frames";
    public static final String SYMBOLIZE_DEBUG_DIR = "jrec.symbolize.debug_dir";

    /**
     * CRC32 (8 lowercase hex digits) of the file's bytes from its start to the end of its last column chunk:
     * every page and page header. Written from format 1.1 on; see docs/format.md, "Integrity".
     */
    public static final String CHECKSUM_DATA = "jrec.checksum.data";
    /**
     * CRC32 of the file's bytes from the end of its last column chunk to its end (page indexes, footer, footer
     * length, magic), summed with this value's own 8 characters as '0's. The last key-value pair of the footer.
     */
    public static final String CHECKSUM_FOOTER = "jrec.checksum.footer";

    /** A dump's window as asked, on the ts clock ({@code jrec dump --last}, a trigger's --pre/--post): format 1.2. */
    public static final String DUMP_FROM_TS = "jrec.dump.from_ns";
    public static final String DUMP_TO_TS = "jrec.dump.to_ns";
    /** Why a dump was written: {@code request} (jrec dump, SIGUSR2), {@code trigger}, {@code offline} (jrec dump of
     *  a ring no recorder writes), {@code recovered} (the ring of a killed recorder). */
    public static final String DUMP_REASON = "jrec.dump.reason";
    /** {@code stop} when the recording stopped before the dump's window ended (a trigger's post-window cut short);
     *  absent otherwise. Format 1.2. */
    public static final String DUMP_CUT = "jrec.dump.cut";
    /** The trigger that fired (as given to --trigger, or the NAME of jrec trigger), when (ts clock; wall time), and
     *  the event that fired it, as {@code kind key=value ...}: format 1.2. */
    public static final String TRIGGER_NAME = "jrec.trigger.name";
    public static final String TRIGGER_TS = "jrec.trigger.ns";
    public static final String TRIGGER_WALL = "jrec.trigger.time";
    public static final String TRIGGER_EVENT = "jrec.trigger.event";
}
